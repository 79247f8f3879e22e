// `with ThreadPoolExecutor(...) as ex:` in a coroutine: leaving the block calls `ex.shutdown(wait=True)`, which
// waits on the event loop's thread for every job submitted in it (Red-DiscordBot's audio cog runs each SQL query
// so). asyncio's own documented pattern, `with ThreadPoolExecutor() as pool: await loop.run_in_executor(pool, f)`,
// awaits the work first, so the exit only joins idle threads: a block that hands work to asyncio
// (`run_in_executor`, `asyncio.wrap_future`) is not reported.
import type { PyBlockingCallSpec } from "../knowledge/python-blocking";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";

const EXECUTOR = "concurrent.futures.Executor";
/** Methods that put work into the pool without waiting. */
const SUBMITTING = ["submit", "map"];
/** Calls that hand a pool's work to asyncio to await. */
const HAND_OFFS = ["run_in_executor", "wrap_future"];

/** The executor a `with` item makes when its block submits work that leaving the block waits for. */
export function waitingExecutorOf(item: PyNode, statement: PyNode, analysis: PyFileAnalysis): PyNode | undefined {
  const value = item.child("value");
  if (value?.type !== "as_pattern") return undefined;
  const manager = value.children[0];
  const alias = value.child("alias")?.children[0];
  if (!manager || alias?.type !== "identifier") return undefined;
  const made = analysis.resolver.resolve(manager);
  if (made?.kind !== "instance" || made.type !== EXECUTOR) return undefined;
  const body = statement.child("body");
  if (!body) return undefined;
  let submits = false;
  for (const node of body.descendants((n) => n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")) {
    if (node.type !== "call") continue;
    const callee = skipParentheses(node.child("function")!);
    if (callee.type !== "attribute") continue;
    const method = callee.child("attribute")!.text;
    if (HAND_OFFS.includes(method)) return undefined;
    if (SUBMITTING.includes(method) && skipParentheses(callee.child("object")!).text === alias.text) submits = true;
  }
  return submits ? skipParentheses(manager) : undefined;
}

/** A wait on pool work (`future.result()`, `as_completed`, `ex.map`), part of what a reported executor block does. */
export function isPoolWait(spec: PyBlockingCallSpec): boolean {
  return spec.type === EXECUTOR || spec.type === "concurrent.futures.Future" || (spec.callee?.startsWith("concurrent.futures.") ?? false);
}

/**
 * Whether a call is inside the block of a `with` (in the same function) whose executor is reported: the block's
 * finding covers the waits in it.
 */
export function insideWaitingExecutorBlock(call: PyNode, analysis: PyFileAnalysis): boolean {
  for (let node: PyNode | undefined = call; node && node.type !== "function_definition" && node.type !== "lambda"; node = node.parent) {
    const statement = node.parent;
    if (statement?.type !== "with_statement" || node.field !== "body" || statement.hasToken("async")) continue;
    const items = statement.childOfType("with_clause")?.childrenOfType("with_item") ?? [];
    if (items.some((item) => waitingExecutorOf(item, statement, analysis))) return true;
  }
  return false;
}
