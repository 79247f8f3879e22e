import { PY_OFFLOADING_CALLS } from "../../knowledge/python-asyncio";
import { qualifiedName, type PyResolver, skipParentheses } from "./resolve";
import type { PyNode } from "./tree";

/** True for `async def` (functions and methods). */
export function isCoroutineFunction(node: PyNode): boolean {
  return node.type === "function_definition" && node.hasToken("async");
}

/**
 * Where code runs, as far as the event loop is concerned. "Inside a coroutine" means in the body of an
 * `async def`, but not in a `def`, `lambda` or class body nested in it (they run when called, or at class
 * creation), and not in the arguments of an offloading call (`asyncio.to_thread(f, ...)`,
 * `loop.run_in_executor(None, f, ...)`, `anyio.to_thread.run_sync(f)`), which run in a worker thread.
 * Decorators, default values and annotations of a nested def run in the enclosing function, so they are inside.
 */
export class CoroutineContexts {
  constructor(private readonly resolver: PyResolver) {}

  /** The `async def` whose body runs the node on the event loop, if any. */
  coroutineOf(node: PyNode): PyNode | undefined {
    let child = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      switch (current.type) {
        case "function_definition":
          if (child.field === "body") return isCoroutineFunction(current) ? current : undefined;
          break;
        case "lambda":
        case "class_definition":
          if (child.field === "body") return undefined;
          break;
        case "call":
          if (child.field === "arguments" && this.isOffloadingCall(current)) return undefined;
          break;
        case "module":
          return undefined;
      }
    }
    return undefined;
  }

  /** The innermost function (`def`, `async def` or `lambda`) whose body contains the node. */
  enclosingFunction(node: PyNode): PyNode | undefined {
    let child = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if ((current.type === "function_definition" || current.type === "lambda") && child.field === "body") return current;
      if (current.type === "class_definition" && child.field === "body") return undefined;
    }
    return undefined;
  }

  /** A call whose function arguments run in a worker thread. */
  isOffloadingCall(call: PyNode): boolean {
    const callee = call.child("function");
    if (!callee) return false;
    const target = skipParentheses(callee);
    // Matched by method name whatever the receiver: wrongly treating a call as offloading only hides findings.
    const method = target.type === "attribute" ? target.child("attribute")?.text : undefined;
    if (method !== undefined && PY_OFFLOADING_CALLS.methods.includes(method)) return true;
    const name = qualifiedName(this.resolver.resolve(target));
    return name !== undefined && PY_OFFLOADING_CALLS.functions.includes(name);
  }
}
