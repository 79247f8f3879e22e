import type { Fix, TextEdit } from "../core/model";
import { PY_GET_EVENT_LOOP } from "../knowledge/python-asyncio";
import { describeFunction } from "../lang/python/calls";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { callArguments, displayCallee } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import type { PreferRunningLoopMessageId, PreferRunningLoopOptions } from "./meta";

type Context = PyRuleContext<PreferRunningLoopMessageId, PreferRunningLoopOptions>;

export const detectGetEventLoopInCoroutine: PyDetector<PreferRunningLoopMessageId, PreferRunningLoopOptions> = (context) => ({
  call(call) {
    const callee = call.child("function");
    if (!callee) return;
    const coroutine = context.analysis.coroutines.coroutineOf(call);
    if (!coroutine) return;
    const name = qualifiedName(context.analysis.resolver.resolve(callee));
    if (!name || !PY_GET_EVENT_LOOP.functions.includes(name)) return;
    const target = skipParentheses(callee);
    const rewrite = runningLoopRewrite(context, call, target);
    context.report({
      range: target.range,
      messageId: "preferRunningLoop",
      data: { callee: displayCallee(target), context: describeFunction(coroutine), replacement: rewrite?.expression ?? `asyncio.${PY_GET_EVENT_LOOP.replacement}` },
      fixes: rewrite ? () => [rewrite.fix] : undefined,
      maySafelyFix: rewrite !== undefined,
    });
  },
});

/**
 * `asyncio.get_event_loop()` → `asyncio.get_running_loop()`; a bare `get_event_loop()` gets an imported
 * `get_running_loop`. In a running coroutine both return the same loop, so the rewrite is safe.
 */
function runningLoopRewrite(context: Context, call: PyNode, callee: PyNode): { expression: string; fix: Fix } | undefined {
  const args = callArguments(call);
  if (!args.list || args.positional.length > 0 || args.keywords.length > 0 || args.hasSplat) return undefined;
  const replacement = PY_GET_EVENT_LOOP.replacement;
  let expression: string;
  let edits: TextEdit[];
  if (callee.type === "attribute") {
    // `asyncio.get_event_loop` / `asyncio.events.get_event_loop`: the same module has get_running_loop.
    const attribute = callee.child("attribute")!;
    expression = `${callee.child("object")!.text}.${replacement}`;
    edits = [{ start: attribute.start, end: attribute.end, text: replacement }];
  } else {
    const reference = context.analysis.imports.reference(PY_GET_EVENT_LOOP.module, replacement, call);
    if (!reference) return undefined;
    expression = reference.expression;
    edits = [{ start: callee.start, end: callee.end, text: reference.expression }, ...reference.edits];
  }
  return { expression, fix: { title: `Use ${expression}()`, edits, safety: "safe", isPreferred: true } };
}
