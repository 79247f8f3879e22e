import { PY_COROUTINE_PRESERVING_DECORATORS, PY_OFFLOADING_CALLS } from "../../knowledge/python-asyncio";
import { decoratorsOf, qualifiedName, type PyResolver, skipParentheses } from "./resolve";
import type { PyNode } from "./tree";

/** True for `async def` (functions and methods). */
export function isCoroutineFunction(node: PyNode): boolean {
  return node.type === "function_definition" && node.hasToken("async");
}

const OWN_SCOPES = (node: PyNode) => node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition";

/** `yield` in the function's own body (not in nested functions, lambdas or classes) makes it a generator. */
export function containsYield(fn: PyNode): boolean {
  const body = fn.child("body");
  if (!body) return false;
  for (const node of body.descendants(OWN_SCOPES)) if (node.type === "yield") return true;
  return false;
}

/** An `async def` whose call returns a coroutine: not an async generator, not wrapped by an unknown decorator. */
export function isPlainCoroutineFunction(fn: PyNode, resolver: PyResolver): boolean {
  return isCoroutineFunction(fn) && !containsYield(fn) && decoratorsAreTransparent(fn, resolver);
}

/** Every decorator of the function is one known to return the function's coroutine unchanged (or none). */
export function decoratorsAreTransparent(fn: PyNode, resolver: PyResolver): boolean {
  return decoratorsOf(fn).every((decorator) => {
    const target = decorator.type === "call" ? decorator.child("function") : decorator;
    const name = target ? qualifiedName(resolver.resolve(target)) : undefined;
    return name !== undefined && PY_COROUTINE_PRESERVING_DECORATORS.has(name);
  });
}

/**
 * Where code runs, as far as the event loop is concerned. "Inside a coroutine" means in the body of an
 * `async def`, but not in a `def`, `lambda` or class body nested in it (they run when called, or at class
 * creation), and not in the arguments of an offloading call (`asyncio.to_thread(f, ...)`,
 * `loop.run_in_executor(None, f, ...)`, `anyio.to_thread.run_sync(f)`), which run in a worker thread.
 * Decorators, default values and annotations of a nested def run in the enclosing function, so they are inside.
 */
export class CoroutineContexts {
  /**
   * Answers remembered for every node passed on the way up: rules ask for each call, and in deeply nested code
   * (`f(f(f(...)))` 10,000 levels deep) walking up the whole chain for each, resolving every enclosing callee
   * again, took minutes. With the memo each node is passed once per question, so a file costs linear time.
   */
  private readonly coroutines = new Map<PyNode, PyNode | undefined>();
  private readonly functions = new Map<PyNode, PyNode | undefined>();
  private readonly offloading = new Map<PyNode, boolean>();

  /**
   * False when the file's text has no word `async`, so no `async def`: then nothing runs in a coroutine, which
   * rules ask about every call, and answering needs no walk and no resolver (which would build the file's scopes).
   */
  private readonly mayHaveCoroutines: boolean;

  constructor(
    private readonly resolverOf: () => PyResolver,
    text: string,
  ) {
    this.mayHaveCoroutines = /\basync\b/.test(text);
  }

  /** The `async def` whose body runs the node on the event loop, if any. */
  coroutineOf(node: PyNode): PyNode | undefined {
    if (!this.mayHaveCoroutines) return undefined;
    return this.upwards(node, this.coroutines, (current, child) => {
      switch (current.type) {
        case "function_definition":
          if (child.field === "body") return { result: isCoroutineFunction(current) ? current : undefined };
          break;
        case "lambda":
        case "class_definition":
          if (child.field === "body") return { result: undefined };
          break;
        case "call":
          if (child.field === "arguments" && this.isOffloadingCall(current)) return { result: undefined };
          break;
        case "module":
          return { result: undefined };
      }
      return undefined;
    });
  }

  /** The innermost function (`def`, `async def` or `lambda`) whose body contains the node. */
  enclosingFunction(node: PyNode): PyNode | undefined {
    return this.upwards(node, this.functions, (current, child) => {
      if ((current.type === "function_definition" || current.type === "lambda") && child.field === "body") return { result: current };
      if (current.type === "class_definition" && child.field === "body") return { result: undefined };
      return undefined;
    });
  }

  /** A call whose function arguments run in a worker thread. */
  isOffloadingCall(call: PyNode): boolean {
    let known = this.offloading.get(call);
    if (known === undefined) {
      known = this.offloadsArguments(call);
      this.offloading.set(call, known);
    }
    return known;
  }

  private offloadsArguments(call: PyNode): boolean {
    const callee = call.child("function");
    if (!callee) return false;
    const target = skipParentheses(callee);
    // Matched by method name whatever the receiver: wrongly treating a call as offloading only hides findings.
    const method = target.type === "attribute" ? target.child("attribute")?.text : undefined;
    if (method !== undefined && PY_OFFLOADING_CALLS.methods.includes(method)) return true;
    const name = qualifiedName(this.resolverOf().resolve(target));
    return name !== undefined && PY_OFFLOADING_CALLS.functions.includes(name);
  }

  /**
   * Walks up from `node` until `decide(ancestor, childOnThePath)` gives an answer or a node with a remembered
   * answer is reached, and remembers the answer for every node passed: a node with no decision at its parent has
   * the same answer as its parent.
   */
  private upwards(
    node: PyNode,
    memo: Map<PyNode, PyNode | undefined>,
    decide: (current: PyNode, child: PyNode) => { result: PyNode | undefined } | undefined,
  ): PyNode | undefined {
    const passed: PyNode[] = [];
    let result: PyNode | undefined;
    for (let child = node; ; ) {
      if (memo.has(child)) {
        result = memo.get(child);
        break;
      }
      passed.push(child);
      const current = child.parent;
      if (!current) break;
      const decision = decide(current, child);
      if (decision) {
        result = decision.result;
        break;
      }
      child = current;
    }
    for (const passedNode of passed) memo.set(passedNode, result);
    return result;
  }
}
