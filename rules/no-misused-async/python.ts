import type { Fix } from "../core/model";
import { DEFAULT_CALL_DEPTH } from "../core/summaries";
import { PY_COROUTINE_APIS } from "../knowledge/python-asyncio";
import {
  PY_ASYNC_ONLY_CONTEXT_MANAGERS,
  PY_ASYNC_ONLY_CONTEXT_TYPES,
  PY_ASYNC_ONLY_ITERABLES,
  PY_EVENT_LOOP_RUNNERS,
  PY_RUNNING_LOOP_GUARDS,
  PY_SYNC_CALLBACK_APIS,
  type PyCallbackApi,
} from "../knowledge/python-callbacks";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { PyCrossFileCallees } from "../lang/python/calls";
import { containsYield, decoratorsAreTransparent, isCoroutineFunction, isPlainCoroutineFunction } from "../lang/python/coroutine";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { addAwaitEdits, argumentAt, callArguments, displayCallee } from "../lang/python/edits";
import { decoratorsOf, qualifiedName, type PyValue, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import type { NoMisusedAsyncMessageId, NoMisusedAsyncOptions } from "./meta";

type Context = PyRuleContext<NoMisusedAsyncMessageId, NoMisusedAsyncOptions>;


export const detectPythonNoMisusedAsync: PyDetector<NoMisusedAsyncMessageId, NoMisusedAsyncOptions> = (context) => {
  const { analysis } = context;
  let callees: PyCrossFileCallees | undefined;
  const crossFile = () => (callees ??= new PyCrossFileCallees({ filePath: context.filePath, tree: context.tree, analysis, sources: context.sources }));
  const runnerHelpers = new Map<PyNode, PyNode | null>();
  // `nest_asyncio.apply()` makes nested loops work in the whole process.
  const fileHasLoopGuard = /\bnest_asyncio\b/.test(context.text);

  return {
    if_statement: (node) => checkCondition(context, node.child("condition")),
    elif_clause: (node) => checkCondition(context, node.child("condition")),
    while_statement: (node) => checkCondition(context, node.child("condition")),
    assert_statement: (node) => checkCondition(context, node.children[0]),
    if_clause: (node) => checkCondition(context, node.children[0]),
    conditional_expression: (node) => checkCondition(context, node.children[1]),
    not_operator: (node) => checkCondition(context, node.child("argument")),
    boolean_operator: (node) => {
      checkCondition(context, node.child("left"));
      if (isTested(node)) checkCondition(context, node.child("right"));
    },
    call: (call) => {
      checkCallback(context, call);
      if (!fileHasLoopGuard) checkNestedLoop(context, call, crossFile, runnerHelpers);
    },
    with_statement: (node) => {
      if (node.hasToken("async")) return;
      for (const item of node.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
        const value = item.child("value");
        const manager = value?.type === "as_pattern" ? value.children[0] : value;
        if (manager) checkSyncWith(context, skipParentheses(manager));
      }
    },
    for_statement: (node) => {
      if (node.hasToken("async")) return;
      const iterable = node.child("right");
      if (iterable) checkSyncFor(context, skipParentheses(iterable), "for");
    },
    for_in_clause: (node) => {
      if (node.hasToken("async")) return;
      const iterable = node.child("right");
      if (iterable) checkSyncFor(context, skipParentheses(iterable), "for");
    },
  };
};

// ---- coroutines used as conditions ----

/** Whether a boolean operator's value is itself tested (so its right operand is too). */
function isTested(node: PyNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && (parent.type === "parenthesized_expression" || parent.type === "boolean_operator")) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if ((parent.type === "if_statement" || parent.type === "elif_clause" || parent.type === "while_statement") && child.field === "condition") return true;
  if (parent.type === "not_operator" || parent.type === "assert_statement" || parent.type === "if_clause") return true;
  return parent.type === "conditional_expression" && parent.children[1] === child;
}

function checkCondition(context: Context, condition: PyNode | undefined): void {
  if (!condition) return;
  const expr = skipParentheses(condition);
  if (expr.type !== "call") return;
  const callee = expr.child("function");
  if (!callee) return;
  const value = context.analysis.resolver.resolve(skipParentheses(callee));
  if (!value || !returnsCoroutine(value, context.analysis)) return;
  const inCoroutine = context.analysis.coroutines.coroutineOf(expr) !== undefined;
  context.report({
    range: expr.range,
    messageId: "coroutineCondition",
    data: { callee: displayCallee(skipParentheses(callee)) },
    fixes: inCoroutine ? () => [{ title: "Await the coroutine", edits: addAwaitEdits(expr), safety: "unsafe" }] : undefined,
  });
}

function returnsCoroutine(value: PyValue, analysis: PyFileAnalysis): boolean {
  if (value.kind === "definition") return isPlainCoroutineFunction(value.node, analysis.resolver);
  const name = qualifiedName(value);
  return PY_COROUTINE_APIS.some((api) =>
    api.callee !== undefined ? api.callee === name : value.kind === "instance-member" && value.type === api.type && value.member === api.member,
  );
}

// ---- coroutine functions passed as plain callbacks ----

function checkCallback(context: Context, call: PyNode): void {
  const callee = call.child("function");
  if (!callee) return;
  const target = skipParentheses(callee);
  const api = callbackApiOf(context, target);
  if (!api) return;
  const argument = argumentAt(call, api.position, api.keyword);
  if (!argument) return;
  const passed = skipParentheses(argument);
  if (passed.type !== "identifier" && passed.type !== "attribute") return;
  const value = context.analysis.resolver.resolve(passed);
  if (value?.kind !== "definition" || !isCoroutineFunction(value.node) || !decoratorsAreTransparent(value.node, context.analysis.resolver)) return;
  context.report({
    range: passed.range,
    messageId: "coroutineCallback",
    severity: "warning",
    data: { name: passed.text, callee: displayCallee(target), hint: api.instead },
    related: [{ range: (value.node.child("name") ?? value.node).range, message: `\`${passed.text}\` is declared \`async def\` here.` }],
  });
}

function callbackApiOf(context: Context, callee: PyNode): PyCallbackApi | undefined {
  const method = callee.type === "attribute" ? callee.child("attribute")?.text : undefined;
  const value = context.analysis.resolver.resolve(callee);
  const name = qualifiedName(value);
  return PY_SYNC_CALLBACK_APIS.find((api) => {
    if (api.callee !== undefined) return api.callee === name;
    if (api.type !== undefined) return value?.kind === "instance-member" && value.type === api.type && value.member === api.method;
    return method !== undefined && api.method === method;
  });
}

// ---- nested event loops ----

function runnerOf(call: PyNode, analysis: PyFileAnalysis): string | undefined {
  const callee = call.child("function");
  if (!callee) return undefined;
  const target = skipParentheses(callee);
  if (target.type === "attribute") {
    const method = target.child("attribute")?.text;
    if (method && PY_EVENT_LOOP_RUNNERS.methods.includes(method)) return displayCallee(target);
  }
  const name = qualifiedName(analysis.resolver.resolve(target));
  return name !== undefined && PY_EVENT_LOOP_RUNNERS.functions.includes(name) ? displayCallee(target) : undefined;
}

function checkNestedLoop(context: Context, call: PyNode, crossFile: () => PyCrossFileCallees, helpers: Map<PyNode, PyNode | null>): void {
  const { analysis } = context;
  const coroutine = analysis.coroutines.coroutineOf(call);
  if (!coroutine) return;
  if (PY_RUNNING_LOOP_GUARDS.test(coroutine.text)) return;
  const runner = runnerOf(call, analysis);
  if (runner) {
    const [first] = callArguments(call).positional;
    const onlyArgument = callArguments(call).positional.length === 1 && callArguments(call).keywords.length === 0 && !callArguments(call).hasSplat;
    context.report({
      range: call.range,
      messageId: "nestedEventLoop",
      data: { callee: runner, where: "runs inside a coroutine" },
      fixes: first && onlyArgument ? () => awaitInstead(call, first) : undefined,
    });
    return;
  }
  // A sync helper this coroutine calls (or one it calls) runs a loop: the same error, one or two calls away.
  const callees = crossFile();
  const fn = callees.functionCalledBy(call);
  if (!fn || fn.hasToken("async")) return;
  const found = runnerInHelper(fn, callees, helpers, 1);
  if (!found) return;
  const callee = call.child("function")!;
  const foundText = runnerOf(found, callees.analysisOf(found.tree)) ?? "asyncio.run";
  context.report({
    range: skipParentheses(callee).range,
    messageId: "nestedEventLoop",
    data: { callee: displayCallee(skipParentheses(callee)), where: `runs \`${foundText}(...)\` inside this coroutine` },
    related:
      found.tree === call.tree
        ? [{ range: found.range, message: `\`${foundText}(...)\` is called here.` }]
        : [],
  });
}

/** The loop-running call a sync helper makes (itself, or through the helpers it calls), within the call depth. */
function runnerInHelper(fn: PyNode, callees: PyCrossFileCallees, memo: Map<PyNode, PyNode | null>, depth: number): PyNode | undefined {
  if (memo.has(fn)) return memo.get(fn) ?? undefined;
  memo.set(fn, null);
  if (PY_RUNNING_LOOP_GUARDS.test(fn.text) || containsYield(fn) || decoratorsOf(fn).length > 0) return undefined;
  const analysis = callees.analysisOf(fn.tree);
  const body = fn.child("body");
  if (!body) return undefined;
  const skip = (node: PyNode) =>
    node.type === "function_definition" ||
    node.type === "lambda" ||
    node.type === "class_definition" ||
    node.type === "ERROR" ||
    node.type === "try_statement" ||
    (node.type === "argument_list" && node.parent?.type === "call" && analysis.coroutines.isOffloadingCall(node.parent));
  let found: PyNode | undefined;
  for (const node of body.descendants(skip)) {
    if (node.type !== "call") continue;
    if (runnerOf(node, analysis)) {
      found = node;
      break;
    }
    if (depth >= DEFAULT_CALL_DEPTH) continue;
    const inner = callees.functionCalledBy(node);
    if (inner && !inner.hasToken("async")) {
      const deeper = runnerInHelper(inner, callees, memo, depth + 1);
      if (deeper) {
        found = deeper;
        break;
      }
    }
  }
  memo.set(fn, found ?? null);
  return found;
}

/** `asyncio.run(work())` → `await work()`. */
function awaitInstead(call: PyNode, argument: PyNode): Fix[] {
  const text = call.tree.text;
  return [
    {
      title: "Await the coroutine instead",
      safety: "unsafe",
      edits: [{ start: call.start, end: call.end, text: `await ${text.slice(argument.start, argument.end)}` }],
    },
  ];
}

// ---- async resources used with the sync protocol ----

function checkSyncWith(context: Context, manager: PyNode): void {
  const { analysis } = context;
  let subject: string | undefined;
  if (manager.type === "call") {
    const callee = manager.child("function");
    let value = callee ? analysis.resolver.resolve(skipParentheses(callee)) : undefined;
    // `session.get(...)` on a parameter annotated `aiohttp.ClientSession`: the type inference knows what the resolver does not.
    const target = callee && skipParentheses(callee);
    if (!value && target?.type === "attribute") {
      const object = target.child("object");
      const type = object ? analysis.types.typeOf(object) : undefined;
      const member = target.child("attribute")?.text;
      if (type && member) value = { kind: "instance-member", type, member };
    }
    const name = qualifiedName(value);
    const known = PY_ASYNC_ONLY_CONTEXT_MANAGERS.some((api) =>
      api.callee !== undefined ? api.callee === name : value?.kind === "instance-member" && value.type === api.type && value.member === api.member,
    );
    if (known && callee) subject = `\`${displayCallee(skipParentheses(callee))}(...)\``;
  } else if (manager.type === "identifier" || manager.type === "attribute") {
    const type = analysis.types.typeOf(manager);
    if (type && PY_ASYNC_ONLY_CONTEXT_TYPES.has(type)) subject = `\`${manager.text}\` (an \`${type}\`)`;
  }
  if (!subject) return;
  context.report({ range: manager.range, messageId: "syncProtocol", data: { subject, statement: "with" } });
}

function checkSyncFor(context: Context, iterable: PyNode, statement: string): void {
  if (iterable.type !== "call") return;
  const callee = iterable.child("function");
  if (!callee) return;
  const value = context.analysis.resolver.resolve(skipParentheses(callee));
  let known = false;
  if (value?.kind === "definition") known = isCoroutineFunction(value.node) && containsYield(value.node) && decoratorsOf(value.node).length === 0;
  else if (value?.kind === "instance-member") known = PY_ASYNC_ONLY_ITERABLES.some((api) => api.type === value.type && api.member === value.member);
  if (!known) return;
  context.report({
    range: iterable.range,
    messageId: "syncProtocol",
    data: { subject: `\`${displayCallee(skipParentheses(callee))}(...)\` (an async iterator)`, statement },
  });
}
