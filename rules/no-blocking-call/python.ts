import { pythonBlockingSpec, qualifiedNameMatches } from "../knowledge/api-match";
import type { Fix, TextEdit } from "../core/model";
import { PY_BLOCKING_CALLS, PY_THREAD_LOCKS, type PyBlockingCallSpec } from "../knowledge/python-blocking";
import { describeFunction, describeLocation, functionName, pathOfNode } from "../lang/python/calls";
import { isCoroutineFunction } from "../lang/python/coroutine";
import type { PyFileAnalysis } from "../lang/python/analysis";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { argumentAt, awaitNeedsParentheses, callArguments, displayCallee } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { Binding } from "../lang/python/scope";
import type { PyNode } from "../lang/python/tree";
import type { NoBlockingCallMessageId, NoBlockingCallOptions } from "./meta";
import { isCachedHop, isGuardedByCache, type PyBlockingChain, PyCallChainAnalyzer } from "./python-call-chains";
import { runsAtStartup } from "./python-startup";
import { asyncForFix, asyncVariantFix, DjangoOrm } from "./python-django";
import { blockingIterationOf, synchronousIterable } from "./python-iteration";
import { insideWaitingExecutorBlock, isPoolWait, waitingExecutorOf } from "./python-executors";

type Context = PyRuleContext<NoBlockingCallMessageId, NoBlockingCallOptions>;

export const detectPythonBlockingCalls: PyDetector<NoBlockingCallMessageId, NoBlockingCallOptions> = (context) => {
  const table = blockingTableFor(context.options.blocking);
  const { analysis } = context;
  let chains: PyCallChainAnalyzer | undefined;
  const lockConversions = new Map<Binding, LockConversion | undefined>();
  const django = new DjangoOrm(context.tree, analysis);
  const threadShared = new ThreadSharedLocks(context);

  /** `conn.execute(q).fetchall()`: the statement's blocking is reported once, at `conn.execute`. */
  const isMethodOfBlockingResult = (callee: PyNode): boolean => {
    if (callee.type !== "attribute") return false;
    const receiver = skipParentheses(callee.child("object")!);
    if (receiver.type !== "call") return false;
    return !!matchBlockingCall(table, receiver, analysis);
  };

  return {
    call(call) {
      const coroutine = analysis.coroutines.coroutineOf(call);
      if (!coroutine) return;
      const callee = call.child("function");
      if (!callee) return;
      const spec = matchBlockingCall(table, call, analysis);
      const query = spec ? undefined : django.queryOf(call);
      if (query) {
        const target = skipParentheses(callee);
        const { asyncMethod } = query;
        const shown = displayCallee(target);
        context.report({
          range: target.range,
          messageId: "djangoSyncQuery",
          data: {
            callee: shown,
            context: describeFunction(coroutine),
            replacement: asyncMethod
              ? `\`await ${shown.slice(0, shown.length - query.method.length)}${asyncMethod}(...)\``
              : "`async for` over `aiterator()`, or `sync_to_async(...)` from asgiref",
          },
          fixes: asyncMethod && canAddAwait(call) ? () => [asyncVariantFix(call, asyncMethod)] : undefined,
        });
        return;
      }
      if (!spec) {
        if (!context.options.followCalls) return;
        chains ??= new PyCallChainAnalyzer({
          matchBlocking: (inner, innerAnalysis) => matchBlockingCall(table, inner, innerAnalysis),
          maxDepth: context.options.maxDepth,
          key: JSON.stringify([context.options.maxDepth, context.options.blocking]),
          sources: context.sources,
          filePath: context.filePath,
          tree: context.tree,
          analysis,
        });
        const chain = chains.chainOfCall(call);
        if (chain) reportChain(context, call, chain, coroutine, analysis);
        return;
      }
      const target = skipParentheses(callee);
      if (isMethodOfBlockingResult(target)) return;
      // The executor block's finding covers the waits inside it.
      if (isPoolWait(spec) && insideWaitingExecutorBlock(call, analysis)) return;
      // `if _data is None: _data = json.load(open(...))`: blocks on the first call only; a lifespan's start-up once.
      const atStartup = runsAtStartup(call, coroutine, analysis);
      const firstCallOnly = !atStartup && isGuardedByCache(call, coroutine, analysis);
      context.report({
        range: target.range,
        messageId: atStartup ? "blockingCallAtStartup" : firstCallOnly ? "blockingCallFirstCall" : "blockingCall",
        severity: atStartup || firstCallOnly ? "info" : undefined,
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

    for_statement: (loop) => reportIteration(context, django, loop),
    for_in_clause: (loop) => reportIteration(context, django, loop),

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
        // A lock the file also takes in thread workers is shared with threads, as the message allows: only holding
        // it across an `await` is worth a look (another coroutine's `with` on it would then block the loop).
        const shared = threadShared.has(target);
        if (shared && !awaitsInside(statement)) continue;
        context.report({
          range: target.range,
          severity: shared ? "info" : undefined,
          messageId: "blockingLock",
          data: { lock: displayCallee(target), type: lock.type, context: describeFunction(coroutine), replacement: `asyncio.${lock.asyncio}` },
          fixes: lock.editable ? () => asyncioLockFixes(context, lockConversions, target, statement, lock.asyncio) : undefined,
        });
      }
    },
  };
};

/**
 * The blocking-call table (built-in specs, then the configured ones) with its specs indexed by qualified name and by
 * receiver type: every call in async code, and in each helper it reaches, is matched, and the table has some 500 specs.
 */
export class PyBlockingTable {
  private readonly byCallee = new Map<string, number[]>();
  /** Callee patterns with `*`, matched one by one. */
  private readonly wildcardCallees: number[] = [];
  private readonly byType = new Map<string, number[]>();

  constructor(readonly specs: readonly PyBlockingCallSpec[]) {
    const add = (index: Map<string, number[]>, key: string, i: number) => {
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    };
    specs.forEach((spec, i) => {
      if (spec.callee !== undefined) {
        if (spec.callee.includes("*")) this.wildcardCallees.push(i);
        else add(this.byCallee, spec.callee, i);
      } else if (spec.type !== undefined) {
        add(this.byType, spec.type, i);
      }
    });
  }

  /** Indices of the specs that may match a call of `name` or of a method of `type`, in table order. */
  candidates(name: string | undefined, type: string | undefined): readonly number[] {
    const byName = name !== undefined ? this.byCallee.get(name) : undefined;
    const wildcards = name !== undefined ? this.wildcardCallees : NO_SPECS;
    const byType = type !== undefined ? this.byType.get(type) : undefined;
    const lists = [byName, wildcards, byType].filter((list): list is number[] => list !== undefined && list.length > 0);
    if (lists.length <= 1) return lists[0] ?? NO_SPECS;
    return lists.flat().sort((a, b) => a - b);
  }
}

const NO_SPECS: readonly number[] = [];

/** Tables by the configured extra specs (the same options object for every file of a run). */
const blockingTables = new WeakMap<readonly unknown[], PyBlockingTable>();

function blockingTableFor(extra: NoBlockingCallOptions["blocking"]): PyBlockingTable {
  let table = blockingTables.get(extra);
  if (!table) blockingTables.set(extra, (table = new PyBlockingTable([...PY_BLOCKING_CALLS, ...extra.map(pythonBlockingSpec)])));
  return table;
}

export function matchBlockingCall(table: PyBlockingTable, call: PyNode, analysis: PyFileAnalysis): PyBlockingCallSpec | undefined {
  const callee = call.child("function");
  if (!callee) return undefined;
  const value = analysis.resolver.resolve(callee);
  const name = qualifiedName(value);
  const method = value?.kind === "instance-member" ? value : receiverMethod(callee, analysis);
  const candidates = table.candidates(name, method?.type);
  for (let i = 0; i < candidates.length; i++) {
    const spec = table.specs[candidates[i]];
    const matches =
      spec.callee !== undefined
        ? name !== undefined && qualifiedNameMatches(spec.callee, name)
        : method !== undefined && method.type === spec.type && memberMatches(spec, method.member);
    if (!matches) continue;
    if (spec.nonBlockingWhen?.some((when) => when.matches.test(argumentAt(call, when.position, when.keyword)?.text ?? "\0"))) continue;
    if (spec.socket && isNonBlockingSocket(call)) continue;
    return spec;
  }
  return undefined;
}

/**
 * `x.member(...)` with the type of `x` as the types module knows it: made by a known constructor, declared by an
 * annotation (`client: httpx.Client`, `Optional[...]`, `"requests.Session"`), or a `self.x` assigned or annotated
 * in the class. One mechanism for every type of the knowledge tables.
 */
function receiverMethod(callee: PyNode, analysis: PyFileAnalysis): { type: string; member: string } | undefined {
  const target = skipParentheses(callee);
  if (target.type !== "attribute") return undefined;
  const type = analysis.types.typeOf(target.child("object")!);
  return type !== undefined ? { type, member: target.child("attribute")!.text } : undefined;
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

/** `for line in f:` (or a comprehension over `f`) in a coroutine, where each step blocks. */
function reportIteration(context: Context, django: DjangoOrm, loop: PyNode): void {
  const iterable = synchronousIterable(loop);
  if (!iterable) return;
  const coroutine = context.analysis.coroutines.coroutineOf(loop);
  if (!coroutine) return;
  if (django.isQuerySet(iterable)) {
    const target = skipParentheses(iterable);
    context.report({
      range: target.range,
      messageId: "djangoQueryIteration",
      data: { iterable: displayCallee(target), context: describeFunction(coroutine) },
      fixes: () => [asyncForFix(loop)],
    });
    return;
  }
  const blocking = blockingIterationOf(iterable, context.analysis);
  if (!blocking) return;
  const target = skipParentheses(iterable);
  context.report({
    range: target.range,
    messageId: "blockingIteration",
    data: { iterable: target.text, context: describeFunction(coroutine), reason: blocking.reason, replacement: blocking.replacement },
  });
}

/**
 * A call in a coroutine to a synchronous helper that blocks somewhere down its calls, with each hop as a related
 * location. No fix: the helper needs an async version (or the call moves to a thread), which is a design change.
 */
function reportChain(context: Context, call: PyNode, chain: PyBlockingChain, coroutine: PyNode, analysis: PyFileAnalysis): void {
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
  // A cache may guard the helper's blocking call, or this call of the helper (`if found: return found` before it).
  const atStartup = runsAtStartup(call, coroutine, analysis);
  // Not a closure's cache bound in this coroutine (each of its calls fills it again): the hops in this file are
  // checked again with the coroutine as the caller; a chain through other files keeps its own answer.
  const helperCached =
    chain.guardedByCache && (chain.functions.some((fn) => fn.tree !== coroutine.tree) || chain.functions.some((fn, i) => isCachedHop(chain.calls[i], fn, analysis, coroutine)));
  const firstCallOnly = !atStartup && (helperCached || isGuardedByCache(call, coroutine, analysis));
  context.report({
    range: callee.range,
    messageId: atStartup ? "blockingHelperAtStartup" : firstCallOnly ? "blockingHelperFirstCall" : "blockingHelper",
    data: {
      callee: displayCallee(callee),
      context: describeFunction(coroutine),
      api,
      location: describeLocation(blockingCall, fileOf(blockingCall), context.filePath),
      via: via.length > 0 ? ` via ${via.join(" → ")}` : "",
    },
    related,
    severity: atStartup || firstCallOnly ? "info" : undefined,
  });
}

function helperName(fn: PyNode): string {
  return functionName(fn) ?? "(anonymous)";
}

function optional(fix: Fix | undefined): Fix[] {
  return fix ? [fix] : [];
}

/** `await` cannot go into a generator expression (it would become an async generator) nor double up. */
function canAddAwait(call: PyNode): boolean {
  return call.parent?.type !== "await" && !insideGeneratorExpression(call);
}

function fixesFor(context: Context, call: PyNode, spec: PyBlockingCallSpec): Fix[] {
  if (!canAddAwait(call)) return [];
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

/** Calls that run a function on another thread, by the name they are called with. */
const THREAD_RUNNERS = new Set(["to_thread", "run_in_executor", "submit", "Thread"]);

/**
 * `with lock:` where the same lock (written the same way: `lock`, `self._lock`) is also used in a synchronous
 * function that this file hands to `asyncio.to_thread`, `run_in_executor`, an executor's `submit` or
 * `threading.Thread(target=...)`. Worked out once per file.
 */
class ThreadSharedLocks {
  private lockTexts?: Set<string>;

  constructor(private readonly context: Context) {}

  has(manager: PyNode): boolean {
    if (manager.type !== "identifier" && manager.type !== "attribute") return false;
    return this.usedInThreadWorkers().has(manager.text.replace(/\s+/g, ""));
  }

  /** Every name and attribute chain written in the bodies of functions handed to threads. */
  private usedInThreadWorkers(): Set<string> {
    if (this.lockTexts) return this.lockTexts;
    const root = this.context.tree.root;
    const workers = new Set<string>();
    for (const node of root.descendants()) {
      if (node.type !== "call") continue;
      const callee = skipParentheses(node.child("function") ?? node);
      const name = callee.type === "attribute" ? callee.child("attribute")?.text : callee.type === "identifier" ? callee.text : undefined;
      if (name === undefined || !THREAD_RUNNERS.has(name)) continue;
      for (const argument of node.child("arguments")?.descendants() ?? []) {
        if (argument.type === "identifier") workers.add(argument.text);
      }
    }
    const texts = new Set<string>();
    for (const node of workers.size > 0 ? root.descendants() : []) {
      if (node.type !== "function_definition" || isCoroutineFunction(node) || !workers.has(node.child("name")?.text ?? "")) continue;
      for (const use of node.child("body")?.descendants() ?? []) {
        if (use.type === "identifier" || use.type === "attribute") texts.add(use.text.replace(/\s+/g, ""));
      }
    }
    return (this.lockTexts = texts);
  }
}

/** An `await` (or `async for`/`async with`) in the block itself, not in a function defined there. */
function awaitsInside(statement: PyNode): boolean {
  const body = statement.child("body");
  if (!body) return false;
  for (const node of body.descendants((n) => n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")) {
    if (node.type === "await") return true;
    if ((node.type === "for_statement" || node.type === "with_statement") && node.hasToken("async")) return true;
  }
  return false;
}
