import { pythonBlockingSpec, qualifiedNameMatches } from "../knowledge/api-match";
import type { Fix, TextEdit } from "../core/model";
import { PY_BLOCKING_CALLS, PY_THREAD_LOCKS, type PyBlockingCallSpec } from "../knowledge/python-blocking";
import { describeFunction, describeLocation, functionName, pathOfNode } from "../lang/python/calls";
import type { PyFileAnalysis } from "../lang/python/analysis";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { argumentAt, awaitNeedsParentheses, callArguments, displayCallee } from "../lang/python/edits";
import { qualifiedName, type PyValue, skipParentheses } from "../lang/python/resolve";
import type { Binding } from "../lang/python/scope";
import type { PyNode } from "../lang/python/tree";
import type { NoBlockingCallMessageId, NoBlockingCallOptions } from "./meta";
import { type PyBlockingChain, PyCallChainAnalyzer } from "./python-call-chains";
import { insideWaitingExecutorBlock, isPoolWait, waitingExecutorOf } from "./python-executors";

type Context = PyRuleContext<NoBlockingCallMessageId, NoBlockingCallOptions>;

export const detectPythonBlockingCalls: PyDetector<NoBlockingCallMessageId, NoBlockingCallOptions> = (context) => {
  const table = [...PY_BLOCKING_CALLS, ...context.options.blocking.map(pythonBlockingSpec)];
  const { analysis } = context;
  let chains: PyCallChainAnalyzer | undefined;
  const lockConversions = new Map<Binding, LockConversion | undefined>();

  /** `conn.execute(q).fetchall()`: the statement's blocking is reported once, at `conn.execute`. */
  const isMethodOfBlockingResult = (callee: PyNode): boolean => {
    if (callee.type !== "attribute") return false;
    const receiver = skipParentheses(callee.child("object")!);
    if (receiver.type !== "call") return false;
    const receiverCallee = receiver.child("function");
    return !!receiverCallee && !!matchBlockingCall(table, resolveCallee(analysis, receiverCallee), receiver);
  };

  return {
    call(call) {
      const coroutine = analysis.coroutines.coroutineOf(call);
      if (!coroutine) return;
      const callee = call.child("function");
      if (!callee) return;
      const spec = matchBlockingCall(table, resolveCallee(analysis, callee), call);
      if (!spec) {
        if (!context.options.followCalls) return;
        chains ??= new PyCallChainAnalyzer({
          matchBlocking: (inner, innerAnalysis) => {
            const innerCallee = inner.child("function");
            return innerCallee && matchBlockingCall(table, resolveCallee(innerAnalysis, innerCallee), inner);
          },
          maxDepth: context.options.maxDepth,
          key: JSON.stringify([context.options.maxDepth, context.options.blocking]),
          sources: context.sources,
          filePath: context.filePath,
          tree: context.tree,
          analysis,
        });
        const chain = chains.chainOfCall(call);
        if (chain) reportChain(context, call, chain, coroutine);
        return;
      }
      const target = skipParentheses(callee);
      if (isMethodOfBlockingResult(target)) return;
      // The executor block's finding covers the waits inside it.
      if (isPoolWait(spec) && insideWaitingExecutorBlock(call, analysis)) return;
      context.report({
        range: target.range,
        messageId: "blockingCall",
        data: {
          callee: displayCallee(target),
          context: describeFunction(coroutine),
          reason: spec.reason,
          replacement: spec.replacement,
        },
        fixes: () => fixesFor(context, call, spec),
        maySafelyFix: spec.fix === "asyncio-sleep",
      });
    },

    // `with lock:` acquires a thread lock; `async with` is an asyncio primitive's way and is fine.
    with_statement(statement) {
      if (statement.hasToken("async")) return;
      const coroutine = analysis.coroutines.coroutineOf(statement);
      if (!coroutine) return;
      for (const item of statement.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
        const executor = waitingExecutorOf(item, statement, analysis);
        if (executor) {
          context.report({
            range: executor.range,
            messageId: "blockingExecutor",
            data: { executor: displayCallee(executor), context: describeFunction(coroutine) },
          });
          continue;
        }
        const value = item.child("value");
        const manager = value?.type === "as_pattern" ? value.children[0] : value;
        if (!manager) continue;
        const resolved = analysis.resolver.resolve(manager);
        const lock = resolved?.kind === "instance" ? PY_THREAD_LOCKS.find((l) => l.type === resolved.type) : undefined;
        if (!lock) continue;
        const target = skipParentheses(manager);
        context.report({
          range: target.range,
          messageId: "blockingLock",
          data: { lock: displayCallee(target), type: lock.type, context: describeFunction(coroutine), replacement: `asyncio.${lock.asyncio}` },
          fixes: lock.editable ? () => asyncioLockFixes(context, lockConversions, target, statement, lock.asyncio) : undefined,
        });
      }
    },
  };
};

/**
 * What a callee is: what the resolver knows, else a method of an object whose type an annotation or an awaited
 * factory gives (`def f(path: Path): path.exists()`).
 */
export function resolveCallee(analysis: PyFileAnalysis, callee: PyNode): PyValue | undefined {
  const value = analysis.resolver.resolve(callee);
  const target = skipParentheses(callee);
  if (value !== undefined || target.type !== "attribute") return value;
  const type = analysis.types.typeOf(target.child("object")!);
  return type !== undefined ? { kind: "instance-member", type, member: target.child("attribute")!.text } : undefined;
}

export function matchBlockingCall(table: readonly PyBlockingCallSpec[], callee: PyValue | undefined, call: PyNode): PyBlockingCallSpec | undefined {
  if (!callee) return undefined;
  const name = qualifiedName(callee);
  for (const spec of table) {
    const matches =
      spec.callee !== undefined
        ? name !== undefined && qualifiedNameMatches(spec.callee, name)
        : callee.kind === "instance-member" && callee.type === spec.type && memberMatches(spec, callee.member);
    if (!matches) continue;
    if (spec.nonBlockingWhen?.some((when) => when.matches.test(argumentAt(call, when.position, when.keyword)?.text ?? "\0"))) continue;
    if (spec.socket && isNonBlockingSocket(call)) continue;
    return spec;
  }
  return undefined;
}

function memberMatches(spec: PyBlockingCallSpec, member: string): boolean {
  if (spec.member !== "*") return member === spec.member;
  return !member.startsWith("_") && !spec.notMembers?.includes(member);
}

/** `sock.recv(...)` where the file also puts `sock` in non-blocking mode (`sock.setblocking(False)`, `sock.settimeout(0)`). */
function isNonBlockingSocket(call: PyNode): boolean {
  const callee = skipParentheses(call.child("function")!);
  const receiver = callee.type === "attribute" ? callee.child("object")?.text.replace(/\s+/g, "") : undefined;
  if (!receiver) return false;
  const escaped = receiver.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escaped}\\s*\\.\\s*(setblocking\\s*\\(\\s*(False|0)\\s*\\)|settimeout\\s*\\(\\s*0(\\.0*)?\\s*\\))`).test(call.tree.text);
}

/**
 * A call in a coroutine to a synchronous helper that blocks somewhere down its calls, with each hop as a related
 * location. No fix: the helper needs an async version (or the call moves to a thread), which is a design change.
 */
function reportChain(context: Context, call: PyNode, chain: PyBlockingChain, coroutine: PyNode): void {
  const callee = skipParentheses(call.child("function")!);
  const blockingCall = chain.calls[chain.calls.length - 1];
  const api = displayCallee(skipParentheses(blockingCall.child("function")!));
  const fileOf = (node: PyNode) => (node.tree === context.tree ? context.filePath : (pathOfNode(node) ?? context.filePath));
  const related = chain.calls.map((hop, index) => {
    const target = skipParentheses(hop.child("function")!);
    const own = hop.tree === context.tree;
    const isLast = index === chain.calls.length - 1;
    return {
      range: target.range,
      filePath: own ? undefined : fileOf(hop),
      text: own ? undefined : hop.tree.text,
      message: isLast
        ? `${helperName(chain.functions[index])}() blocks here: \`${api}\` ${chain.spec.reason}`
        : `${helperName(chain.functions[index])}() calls ${helperName(chain.functions[index + 1])}()`,
    };
  });
  const via = chain.functions.slice(1).map((fn) => `${helperName(fn)}()`);
  context.report({
    range: callee.range,
    messageId: chain.guardedByCache ? "blockingHelperFirstCall" : "blockingHelper",
    data: {
      callee: displayCallee(callee),
      context: describeFunction(coroutine),
      api,
      location: describeLocation(blockingCall, fileOf(blockingCall), context.filePath),
      via: via.length > 0 ? ` via ${via.join(" → ")}` : "",
    },
    related,
    severity: chain.guardedByCache ? "info" : undefined,
  });
}

function helperName(fn: PyNode): string {
  return functionName(fn) ?? "(anonymous)";
}

function optional(fix: Fix | undefined): Fix[] {
  return fix ? [fix] : [];
}

function fixesFor(context: Context, call: PyNode, spec: PyBlockingCallSpec): Fix[] {
  // `await` cannot go into a generator expression (it would become an async generator) nor double up.
  if (call.parent?.type === "await" || insideGeneratorExpression(call)) return [];
  if (spec.fix === "asyncio-sleep") return optional(asyncioSleepFix(context, call));
  if (spec.toThread === false) return [];
  return optional(toThreadFix(context, call));
}

function insideGeneratorExpression(node: PyNode): boolean {
  for (let current = node.parent; current && current.type !== "function_definition"; current = current.parent) {
    if (current.type === "generator_expression") return true;
  }
  return false;
}

/** `time.sleep(x)` → `await asyncio.sleep(x)`: same delay, same `None` result, without holding up the loop. */
function asyncioSleepFix(context: Context, call: PyNode): Fix | undefined {
  const args = callArguments(call);
  if (!args.list || args.positional.length !== 1 || args.keywords.length > 0 || args.hasSplat) return undefined;
  const reference = context.analysis.imports.reference("asyncio", "sleep", call);
  if (!reference) return undefined;
  const callee = call.child("function")!;
  const wrap = awaitNeedsParentheses(call);
  const edits: TextEdit[] = [{ start: call.start, end: callee.end, text: `${wrap ? "(await " : "await "}${reference.expression}` }];
  if (wrap) edits.push({ start: call.end, end: call.end, text: ")" });
  return { title: `Use await ${reference.expression}(...)`, edits: [...edits, ...reference.edits], safety: "safe", isPreferred: true };
}

/** `f(a, k=v)` → `await asyncio.to_thread(f, a, k=v)`: a suggestion, since the call then runs concurrently with other tasks. */
function toThreadFix(context: Context, call: PyNode): Fix | undefined {
  const args = callArguments(call);
  const callee = call.child("function");
  if (!args.list || !callee) return undefined;
  const reference = context.analysis.imports.reference("asyncio", "to_thread", call);
  if (!reference) return undefined;
  const inner = context.text.slice(args.list.start + 1, args.list.end - 1);
  // Arguments keep their text, comments and line breaks: `f(\n  a,\n)` → `to_thread(f,\n  a,\n)`.
  const argumentText = inner.trim() === "" ? "" : /^\s/.test(inner) ? `,${inner}` : `, ${inner}`;
  const wrap = awaitNeedsParentheses(call);
  const text = `${wrap ? "(await " : "await "}${reference.expression}(${callee.text}${argumentText})${wrap ? ")" : ""}`;
  const edits: TextEdit[] = [{ start: call.start, end: call.end, text }];
  return { title: `Run it in a thread: await ${reference.expression}(...)`, edits: [...edits, ...reference.edits], safety: "unsafe" };
}

/** A thread lock that can become an asyncio one: its constructor call and every use, all `with` statements in coroutines. */
interface LockConversion {
  constructor: PyNode;
  /** In document order. */
  withStatements: PyNode[];
}

/**
 * `lock = threading.Lock()` used only by `with lock:` statements in coroutines → `asyncio.Lock()` and
 * `async with lock:`. Not offered when anything else uses the lock: it may be shared with threads.
 * The conversion rewrites every use at once (a fix per statement would leave the others acquiring an asyncio
 * lock with a plain `with`, which fails), so it is offered once per lock: on its first `with`, in document order.
 */
function asyncioLockFixes(context: Context, conversions: Map<Binding, LockConversion | undefined>, manager: PyNode, statement: PyNode, asyncioClass: string): Fix[] {
  const conversion = lockConversion(context, conversions, manager);
  if (!conversion || conversion.withStatements[0] !== statement) return [];
  const { constructor, withStatements } = conversion;
  const calleeNode = constructor.child("function")!;
  const reference = context.analysis.imports.reference("asyncio", asyncioClass, constructor);
  if (!reference) return [];
  const edits: TextEdit[] = [
    { start: calleeNode.start, end: calleeNode.end, text: reference.expression },
    ...withStatements.map((use) => ({ start: use.start, end: use.start, text: "async " })),
    ...reference.edits,
  ];
  return [{ title: `Use ${reference.expression} with async with`, edits, safety: "unsafe" }];
}

/** The lock's conversion, or undefined when it cannot be converted; worked out once per lock (binding), since every finding on it asks. */
function lockConversion(context: Context, conversions: Map<Binding, LockConversion | undefined>, manager: PyNode): LockConversion | undefined {
  if (manager.type !== "identifier") return undefined;
  const { scopes, coroutines } = context.analysis;
  const lookup = scopes.lookupAt(manager.text, manager);
  if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "assignment") return undefined;
  const binding = lookup.bindings[0];
  if (conversions.has(binding)) return conversions.get(binding);
  const find = (): LockConversion | undefined => {
    const constructor = binding.node.child("right");
    if (constructor?.type !== "call") return undefined;
    const withStatements: PyNode[] = [];
    for (const node of context.tree.root.descendants()) {
      if (node.type !== "identifier" || node.text !== manager.text || node === binding.nameNode) continue;
      const seen = scopes.lookupAt(node.text, node);
      if (seen.kind !== "bound" || seen.bindings[0] !== binding) continue;
      // The only use allowed: the whole context expression of a single-item, synchronous `with` in a coroutine.
      const item = node.parent;
      const statement = item?.parent?.parent;
      if (item?.type !== "with_item" || statement?.type !== "with_statement" || statement.hasToken("async")) return undefined;
      if (statement.childOfType("with_clause")!.childrenOfType("with_item").length !== 1 || !coroutines.coroutineOf(statement)) return undefined;
      withStatements.push(statement);
    }
    return { constructor, withStatements };
  };
  const conversion = find();
  conversions.set(binding, conversion);
  return conversion;
}
