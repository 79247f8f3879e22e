import { pathMatches } from "../knowledge/api-match";
import { DEFAULT_CALL_DEPTH, FunctionSummaries } from "../core/summaries";
import { truncateForDisplay } from "../core/display";
import { PY_FAN_OUT_COMBINATORS, PY_IO_CALLS, PY_LIMITERS, PY_TASK_GROUPS, PY_TASK_WRAPPERS, type PyIoCall } from "../knowledge/python-io";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { PyCrossFileCallees } from "../lang/python/calls";
import { isCoroutineFunction, isPlainCoroutineFunction } from "../lang/python/coroutine";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { callArguments, displayCallee } from "../lang/python/edits";
import { type PyValue, qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import { FAN_OUT_REMEDY, type RequireConcurrencyLimitMessageId, type RequireConcurrencyLimitOptions } from "./meta";
import { CollectionBounds } from "./python-bounds";
import { type ElementWork, NESTED_SCOPES, type SpawnSite, SpawnSites } from "./python-spawn-sites";

type Context = PyRuleContext<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions>;

/** The I/O an element does: the per-element call, the I/O API it reaches, and the same-file functions in between. */
interface IoUse {
  call: PyNode;
  api: string;
  via: string[];
}

type Verdict = IoUse | "limited" | undefined;

/** Parameter name → tracked type of what the caller passes (`aiohttp.ClientSession`, `asyncio.Semaphore`); annotations are the type inference's. */
type ParameterTypes = ReadonlyMap<string, string>;
const NO_PARAMETERS: ParameterTypes = new Map();

/**
 * Python: `asyncio.gather(*[fetch(u) for u in urls])`, `gather(*map(fetch, urls))`, `gather(*tasks)` /
 * `asyncio.wait(tasks)` / `as_completed(tasks)` over a task list built in the same function, and
 * `tg.create_task(fetch(u))` in a `for` loop, when the collection's size is not fixed by the code, the
 * per-element coroutine does known I/O (directly or through same-file `async def`s), and no semaphore bounds it.
 */
export const detectPythonUnboundedFanOut: PyDetector<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions> = (context) => {
  let analyzer: FanOutAnalyzer | undefined;
  // Built only for files that contain a candidate call.
  const get = () => (analyzer ??= new FanOutAnalyzer(context));
  const candidateNames = new Set([...PY_FAN_OUT_COMBINATORS.splat, ...PY_FAN_OUT_COMBINATORS.collection].map((name) => name.split(".").at(-1)!));
  const groupMethods = new Set(PY_TASK_GROUPS.map((group) => group.method));

  return {
    call(call) {
      const callee = call.child("function");
      if (!callee) return;
      const target = skipParentheses(callee);
      const name = target.type === "attribute" ? target.child("attribute")?.text : target.type === "identifier" ? target.text : undefined;
      if (name === undefined) return;
      // A bare name with a `*` argument may be an alias (`from asyncio import gather as run_all`): resolution decides.
      if (candidateNames.has(name) || (target.type === "identifier" && hasSplatArgument(call))) get().checkCombinator(call, target);
      else if (groupMethods.has(name) && target.type === "attribute") get().checkTaskGroupSpawn(call, target);
    },
  };
};

/** Checks each fan-out: the elements it starts, over which collection, and whether each does unbounded I/O. */
class FanOutAnalyzer {
  private readonly sites: SpawnSites;
  private readonly bounds: CollectionBounds;
  private readonly io: ElementIo;

  constructor(private readonly context: Context) {
    this.sites = new SpawnSites(context.analysis);
    this.bounds = new CollectionBounds(context.analysis);
    this.io = new ElementIo(context);
  }

  /** `asyncio.gather(*X)`, `asyncio.wait(X)`, `asyncio.as_completed(X)`. */
  checkCombinator(call: PyNode, callee: PyNode): void {
    const name = qualifiedName(this.context.analysis.resolver.resolve(callee));
    if (name === undefined) return;
    const args = call.child("arguments");
    if (args?.type !== "argument_list") return;
    const collections: PyNode[] = [];
    if (PY_FAN_OUT_COMBINATORS.splat.includes(name)) {
      for (const argument of args.children) if (argument.type === "list_splat" && argument.children[0]) collections.push(argument.children[0]);
    } else if (PY_FAN_OUT_COMBINATORS.collection.includes(name)) {
      const first = args.children[0];
      if (first && first.type !== "keyword_argument" && first.type !== "list_splat" && first.type !== "dictionary_splat") collections.push(first);
    } else {
      return;
    }
    if (collections.length === 0 || this.io.insideLimiter(call)) return;
    for (const collection of collections) {
      for (const site of this.sites.of(collection, call)) {
        if (this.reportSite(call, callee, site)) return;
      }
    }
  }

  /** `tg.create_task(fetch(u))` / `tg.start_soon(fetch, u)` in a loop or comprehension, `tg` from `async with TaskGroup() as tg`. */
  checkTaskGroupSpawn(call: PyNode, callee: PyNode): void {
    const receiver = skipParentheses(callee.child("object")!);
    const method = callee.child("attribute")!.text;
    if (receiver.type !== "identifier") return;
    const group = this.sites.taskGroupOf(receiver, method);
    if (!group) return;
    const args = callArguments(call);
    if (args.hasSplat || !args.positional[0]) return;
    const work: ElementWork =
      group.takes === "coroutine" ? { kind: "coroutine", expression: args.positional[0] } : { kind: "function", fn: args.positional[0], args: args.positional.slice(1), site: call };
    // The loops between the task group's `async with` and the spawn decide how many tasks start.
    const collections = this.sites.iteratedCollections(call, group.statement);
    if (!collections || this.io.insideLimiter(call)) return;
    this.reportSite(call, callee, { work, collections });
  }

  private reportSite(combinator: PyNode, callee: PyNode, site: SpawnSite): boolean {
    const collection = site.collections.find((c) => !this.bounds.isBounded(c));
    // A collection the parser had to invent (`for url in :`) is no collection.
    if (!collection || this.context.tree.errorRanges.some((e) => collection.start <= e.start && e.end <= collection.end)) return false;
    const io = this.io.workVerdict(site.work);
    if (!io || io === "limited") return false;
    this.context.report({
      range: callee.range,
      messageId: "unboundedFanOut",
      data: { combinator: displayCallee(callee), collection: shortText(collection), io: describeIo(io), remedy: FAN_OUT_REMEDY.python },
      related: [{ range: io.call.range, message: "The I/O started for each element." }],
    });
    return true;
  }
}

/** Whether the work started per element does I/O (directly or through same-file `async def`s), and whether a limiter bounds it. */
class ElementIo {
  private readonly ioCalls: readonly PyIoCall[];
  /** Finds the `async def` behind a name imported from another module of the lint set. */
  private readonly callees: PyCrossFileCallees;
  /**
   * Per `async def`: its verdict, following awaited calls into same-file `async def`s up to the default call depth.
   * A verdict computed nearer the fan-out looked further into callees, so it also answers deeper questions.
   */
  private readonly summaries = new FunctionSummaries<PyNode, Verdict>({ maxDepth: DEFAULT_CALL_DEPTH, reuse: { policy: "same-or-shallower" } });

  constructor(private readonly context: Context) {
    this.callees = new PyCrossFileCallees({ filePath: context.filePath, tree: context.tree, analysis: context.analysis, sources: context.sources });
    // One options schema for both languages: a Python entry names a module (`acme.http`) and a dotted name in it.
    this.ioCalls = [...PY_IO_CALLS, ...context.options.ioCalls.map((c) => ({ callee: `${c.module}.${c.name}` }))];
  }

  workVerdict(work: ElementWork): Verdict {
    // The fan-out's own function: its annotated parameters (`session: aiohttp.ClientSession`) are typed by annotation.
    const site = work.kind === "function" ? work.site : work.expression;
    const owner = this.analysisOf(site).coroutines.enclosingFunction(site);
    if (work.kind === "function") return this.functionReferenceVerdict(work.fn, work.args, work.site, NO_PARAMETERS, 0, owner);
    return this.coroutineVerdict(work.expression, NO_PARAMETERS, owner, 0);
  }

  /** A coroutine expression: a known I/O call, a task wrapping one, or a call of a same-file `async def`. */
  private coroutineVerdict(expression: PyNode, parameters: ParameterTypes, owner: PyNode | undefined, depth: number): Verdict {
    const expr = skipParentheses(expression);
    if (expr.type !== "call") return undefined;
    const callee = skipParentheses(expr.child("function")!);
    const value = this.analysisOf(callee).resolver.resolve(callee);
    if (matchesCall(PY_TASK_WRAPPERS, value)) {
      const inner = callArguments(expr).positional[0];
      return inner ? this.coroutineVerdict(inner, parameters, owner, depth) : undefined;
    }
    const args = callArguments(expr);
    if (args.hasSplat) return this.knownIo(callee, parameters, owner) ? { call: expr, api: displayCallee(callee), via: [] } : undefined;
    return this.functionReferenceVerdict(callee, [...args.positional, ...args.keywords.map((k) => k.node)], expr, parameters, depth, owner);
  }

  /** Calling `fn` with `args` at `site`: I/O when `fn` is a known I/O API, or a same-file `async def` doing some. */
  private functionReferenceVerdict(fn: PyNode, args: PyNode[], site: PyNode, parameters: ParameterTypes, depth: number, owner?: PyNode): Verdict {
    const callee = skipParentheses(fn);
    // `map(lambda url: session.get(url), urls)`: the lambda's expression is what runs per element.
    if (callee.type === "lambda") {
      const body = callee.child("body");
      return body ? this.coroutineVerdict(body, parameters, owner, depth) : undefined;
    }
    if (this.isLimiterCall(callee)) return "limited";
    if (this.knownIo(callee, parameters, owner)) return { call: site, api: displayCallee(callee), via: [] };
    if (!this.summaries.canFollowFrom(depth)) return undefined;
    // A def of this file, or of a module of the lint set it imports (`from .mail import send_mail`).
    const definition = this.callees.functionNamedBy(callee);
    if (!definition || !isPlainCoroutineFunction(definition, this.analysisOf(definition).resolver)) return undefined;
    const argumentTypes = this.analysisOf(callee).types.argumentTypes(definition, callee, args, owner && { fn: owner, parameters });
    const inner = this.functionVerdict(definition, argumentTypes.parameters, depth + 1);
    if (!inner || inner === "limited") return inner;
    return { call: site, api: inner.api, via: [displayCallee(callee), ...inner.via] };
  }

  /**
   * The body of an `async def`: its first known I/O, or "limited" when it (or an async def it awaits) enters a
   * limiter; undefined also when the def is already being analysed further up (recursion). Only verdicts with
   * nothing known about the arguments are kept: the others depend on the caller.
   */
  private functionVerdict(fn: PyNode, parameters: ParameterTypes, depth: number): Verdict {
    return this.summaries.summarize(fn, depth, (def, defDepth) => this.scanFunction(def, parameters, defDepth), parameters.size === 0);
  }

  private scanFunction(fn: PyNode, parameters: ParameterTypes, depth: number): Verdict {
    let io: IoUse | undefined;
    let limited = false;
    const body = fn.child("body");
    for (const node of body ? body.descendants((n) => NESTED_SCOPES.has(n.type)) : []) {
      if (node.type === "with_statement") {
        for (const item of node.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
          const value = item.child("value");
          const manager = value?.type === "as_pattern" ? value.children[0] : value;
          if (manager && this.isLimiter(manager, parameters, fn)) limited = true;
        }
      } else if (node.type === "call") {
        const callee = skipParentheses(node.child("function")!);
        if (this.isLimiterCall(callee)) limited = true;
        else if (!io || this.summaries.canFollowFrom(depth)) {
          // Calls into same-file coroutines are followed for I/O first, then only to find a limiter.
          const verdict = this.functionReferenceVerdict(callee, callArgumentNodes(node), node, parameters, depth, fn);
          if (verdict === "limited") limited = true;
          else if (verdict && !io) io = verdict;
        }
      }
      if (limited) break;
    }
    return limited ? "limited" : io;
  }

  /** A call of a known I/O API, or of a method of a known I/O client (resolved, a typed parameter, or a typed `self.x`). */
  private knownIo(callee: PyNode, parameters: ParameterTypes, owner: PyNode | undefined): boolean {
    if (matchesCall(this.ioCalls, this.analysisOf(callee).resolver.resolve(callee))) return true;
    if (callee.type !== "attribute") return false;
    const type = this.instanceType(callee.child("object")!, parameters, owner);
    return type !== undefined && matchesCall(this.ioCalls, { kind: "instance-member", type, member: callee.child("attribute")!.text });
  }

  /** The tracked type of an object (the type inference's), with what the caller passes to `owner`'s parameters. */
  private instanceType(node: PyNode, parameters: ParameterTypes, owner: PyNode | undefined): string | undefined {
    return this.analysisOf(node).types.typeOf(node, owner && { fn: owner, parameters });
  }

  /** The analysis of the file a node is in: the linted file's, or an imported module's. */
  private analysisOf(node: PyNode): PyFileAnalysis {
    return node.tree === this.context.tree ? this.context.analysis : this.callees.analysisOf(node.tree);
  }

  /** `sem.acquire()`, `pool.acquire()`: waiting for a slot. */
  private isLimiterCall(callee: PyNode): boolean {
    return callee.type === "attribute" && PY_LIMITERS.methods.includes(callee.child("attribute")!.text);
  }

  /** What `async with` enters bounds concurrency: a semaphore or lock (tracked, typed, or named like one), or an `acquire()`. */
  private isLimiter(manager: PyNode, parameters: ParameterTypes, owner: PyNode): boolean {
    const expr = skipParentheses(manager);
    if (expr.type === "call") return this.isLimiterCall(skipParentheses(expr.child("function")!));
    const type = this.instanceType(expr, parameters, owner);
    if (type !== undefined && PY_LIMITERS.types.includes(type)) return true;
    const name = expr.type === "identifier" ? expr.text : expr.type === "attribute" ? expr.child("attribute")!.text : undefined;
    return name !== undefined && PY_LIMITERS.names.some((pattern) => pattern.test(name));
  }

  /** Inside `async with sem:` (in the same function): the whole fan-out already runs under a limit. */
  insideLimiter(node: PyNode): boolean {
    const fn = this.context.analysis.coroutines.enclosingFunction(node);
    for (const ancestor of node.ancestors()) {
      if (NESTED_SCOPES.has(ancestor.type) || ancestor.type === "module") return false;
      if (ancestor.type !== "with_statement") continue;
      for (const item of ancestor.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
        const value = item.child("value");
        const manager = value?.type === "as_pattern" ? value.children[0] : value;
        if (manager && fn && this.isLimiter(manager, NO_PARAMETERS, fn)) return true;
      }
    }
    return false;
  }
}

function hasSplatArgument(call: PyNode): boolean {
  return call.child("arguments")?.children.some((argument) => argument.type === "list_splat") ?? false;
}

function callArgumentNodes(call: PyNode): PyNode[] {
  const args = callArguments(call);
  return args.hasSplat ? [] : [...args.positional, ...args.keywords.map((k) => k.node)];
}

function matchesCall(calls: readonly PyIoCall[], value: PyValue | undefined): boolean {
  if (!value) return false;
  const name = qualifiedName(value);
  if (name !== undefined) {
    const path = name.split(".");
    return calls.some((c) => c.callee !== undefined && pathMatches(c.callee, path));
  }
  if (value.kind !== "instance-member") return false;
  return calls.some((c) => c.type === value.type && c.member !== undefined && pathMatches(c.member, [value.member]));
}

function describeIo(io: IoUse): string {
  if (io.via.length === 0) return `\`${io.api}()\``;
  const through = io.via.length > 1 ? ` through \`${io.via.slice(1).join("()`, `")}()\`` : "";
  return `\`${io.via[0]}()\` (it calls \`${io.api}()\`${through})`;
}

function shortText(node: PyNode): string {
  const text = node.text.replace(/\s+/g, " ");
  return truncateForDisplay(text, { maxLength: 40 });
}
