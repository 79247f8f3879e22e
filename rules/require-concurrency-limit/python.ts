import { pathMatches } from "../analysis/api-match";
import { DEFAULT_CALL_DEPTH, FunctionSummaries } from "../analysis/summaries";
import {
  PY_CHUNK_NAMES,
  PY_CHUNKING_CALLS,
  PY_COLLECTION_PASSTHROUGH,
  PY_FAN_OUT_COMBINATORS,
  PY_IO_ANNOTATION_TYPES,
  PY_IO_CALLS,
  PY_IO_CONTEXT_MANAGERS_RETURNING_SELF,
  PY_IO_FACTORIES,
  PY_LIMITERS,
  PY_TASK_GROUPS,
  PY_TASK_WRAPPERS,
  type PyIoCall,
} from "../knowledge/python-io";
import { PY_COROUTINE_PRESERVING_DECORATORS } from "../knowledge/python-asyncio";
import { isCoroutineFunction } from "../lang/python/coroutine";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { callArguments, displayCallee } from "../lang/python/edits";
import { classOfMethod, decoratorsOf, methodsOf, PyResolver, type PyValue, qualifiedName, skipParentheses } from "../lang/python/resolve";
import { parameterName } from "../lang/python/scope";
import type { PyNode } from "../lang/python/tree";
import type { RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions } from "./meta";

type Context = PyRuleContext<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions>;

/** `range(n)` with a literal `n` up to this many elements is small enough to start at once (as in the TypeScript detector). */
const SMALL_RANGE_SIZE = 16;
/** How many variable hops the collection and task-list analyses follow. */
const MAX_HOPS = 4;
const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "generator_expression", "dictionary_comprehension"]);
const NESTED_SCOPES = new Set(["function_definition", "lambda", "class_definition"]);
/** Methods that put an element into a task list / set. */
const ADDING_METHODS = new Set(["append", "add"]);
/** Methods that take elements out again: the list is drained as it goes, so its size is not the collection's. */
const REMOVING_METHODS = new Set(["clear", "pop", "popleft", "remove", "discard"]);

/** The work started for one element: a coroutine expression (`fetch(u)`), or a function and its arguments (`tg.start_soon(fetch, u)`, `map(fetch, urls)`). */
type ElementWork = { kind: "coroutine"; expression: PyNode } | { kind: "function"; fn: PyNode; args: PyNode[]; site: PyNode };

/** Where elements are started: the work, and the collections iterated around it (comprehension clauses or `for` loops). */
interface SpawnSite {
  work: ElementWork;
  collections: PyNode[];
}

/** The I/O an element does: the per-element call, the I/O API it reaches, and the same-file functions in between. */
interface IoUse {
  call: PyNode;
  api: string;
  via: string[];
}

type Verdict = IoUse | "limited" | undefined;

/** Parameter name → tracked type (`aiohttp.ClientSession`, `asyncio.Semaphore`), from annotations or the caller's arguments. */
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

class FanOutAnalyzer {
  /** The core resolver plus I/O clients and limiters this rule tracks. */
  private readonly resolver: PyResolver;
  private readonly ioCalls: readonly PyIoCall[];
  /**
   * Per `async def`: its verdict, following awaited calls into same-file `async def`s up to the default call depth.
   * A verdict computed nearer the fan-out looked further into callees, so it also answers deeper questions.
   */
  private readonly summaries = new FunctionSummaries<PyNode, Verdict>({ maxDepth: DEFAULT_CALL_DEPTH, reuse: { policy: "same-or-shallower" } });
  private readonly selfAttributeTypes = new Map<PyNode, Map<string, string | undefined>>();

  constructor(private readonly context: Context) {
    this.resolver = new PyResolver(context.analysis.scopes, { factories: PY_IO_FACTORIES });
    // One options schema for both languages: a Python entry names a module (`acme.http`) and a dotted name in it.
    this.ioCalls = [...PY_IO_CALLS, ...context.options.ioCalls.map((c) => ({ callee: `${c.module}.${c.name}` }))];
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
    if (collections.length === 0 || this.insideLimiter(call)) return;
    for (const collection of collections) {
      for (const site of this.spawnSitesOf(collection, call)) {
        if (this.reportSite(call, callee, site)) return;
      }
    }
  }

  /** `tg.create_task(fetch(u))` / `tg.start_soon(fetch, u)` in a loop or comprehension, `tg` from `async with TaskGroup() as tg`. */
  checkTaskGroupSpawn(call: PyNode, callee: PyNode): void {
    const receiver = skipParentheses(callee.child("object")!);
    const method = callee.child("attribute")!.text;
    if (receiver.type !== "identifier") return;
    const group = this.taskGroupOf(receiver, method);
    if (!group) return;
    const args = callArguments(call);
    if (args.hasSplat || !args.positional[0]) return;
    const work: ElementWork =
      group.takes === "coroutine" ? { kind: "coroutine", expression: args.positional[0] } : { kind: "function", fn: args.positional[0], args: args.positional.slice(1), site: call };
    // The loops between the task group's `async with` and the spawn decide how many tasks start.
    const collections = this.iteratedCollections(call, group.statement);
    if (!collections || this.insideLimiter(call)) return;
    this.reportSite(call, callee, { work, collections });
  }

  private reportSite(combinator: PyNode, callee: PyNode, site: SpawnSite): boolean {
    const collection = site.collections.find((c) => !this.isBounded(c, 0));
    // A collection the parser had to invent (`for url in :`) is no collection.
    if (!collection || this.context.tree.errorRanges.some((e) => collection.start <= e.start && e.end <= collection.end)) return false;
    const io = this.workVerdict(site.work);
    if (!io || io === "limited") return false;
    this.context.report({
      range: callee.range,
      messageId: "unboundedPythonFanOut",
      data: { combinator: displayCallee(callee), collection: shortText(collection), io: describeIo(io) },
      related: [{ range: io.call.range, message: "The I/O started for each element." }],
    });
    return true;
  }

  // ---- Where the elements come from ----

  /** The spawn sites feeding a combinator's collection argument: a comprehension, `map(f, xs)`, or a task list of this function. */
  private spawnSitesOf(collection: PyNode, combinator: PyNode, hops = 0): SpawnSite[] {
    const expr = skipParentheses(collection);
    if (COMPREHENSIONS.has(expr.type) && expr.type !== "dictionary_comprehension") {
      const body = expr.child("body");
      const clauses = expr.childrenOfType("for_in_clause");
      if (!body || clauses.length === 0) return [];
      const collections = clauses.map((c) => c.child("right"));
      if (collections.some((c) => !c)) return [];
      return [{ work: { kind: "coroutine", expression: body }, collections: collections as PyNode[] }];
    }
    if (expr.type === "call") {
      // `map(fetch, urls)`: one call of `fetch` per element.
      const callee = expr.child("function");
      if (!callee || qualifiedName(this.context.analysis.resolver.resolve(callee)) !== "builtins.map") return [];
      const args = callArguments(expr);
      if (args.hasSplat || args.keywords.length > 0 || args.positional.length !== 2) return [];
      return [{ work: { kind: "function", fn: args.positional[0], args: [], site: expr }, collections: [args.positional[1]] }];
    }
    if (expr.type === "identifier" && hops < MAX_HOPS) return this.taskListSites(expr, combinator, hops);
    return [];
  }

  /**
   * A local list or set of this function: bound once, to a comprehension (followed) or to an empty `[]`/`set()`
   * filled by `.append(...)`/`.add(...)` in loops. Anything else that changes it (reassignment, `+=`, `.clear()`,
   * `.pop()`) makes its size unknown, and then nothing is reported.
   */
  private taskListSites(name: PyNode, combinator: PyNode, hops: number): SpawnSite[] {
    const { scopes } = this.context.analysis;
    const lookup = scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.scope.kind !== "function") return [];
    const binding = lookup.bindings[0];
    if (binding.kind !== "assignment" || binding.node.child("left") !== binding.nameNode) return [];
    const right = binding.node.child("right");
    if (!right) return [];
    if (!isEmptyCollection(right, this.context)) return this.spawnSitesOf(right, combinator, hops + 1);
    const sites: SpawnSite[] = [];
    for (const node of lookup.scope.node.descendants((n) => NESTED_SCOPES.has(n.type) && n !== lookup.scope.node)) {
      if (node.type === "delete_statement" && node.text.includes(name.text)) return [];
      if (node.type !== "attribute" || node.child("object")?.text !== name.text || node.parent?.type !== "call" || node.field !== "function") continue;
      const object = node.child("object")!;
      const found = scopes.lookupAt(object.text, object);
      if (found.kind !== "bound" || found.bindings[0] !== binding) continue;
      const method = node.child("attribute")!.text;
      if (REMOVING_METHODS.has(method)) return [];
      if (!ADDING_METHODS.has(method)) continue;
      const add = node.parent;
      const args = callArguments(add);
      if (args.hasSplat || args.positional.length !== 1) continue;
      const collections = this.iteratedCollections(add, binding.node);
      // A combinator inside the loop that fills the list runs once per round: a chunk, not the whole collection.
      if (!collections || collections.length === 0 || this.loopsBetween(add, binding.node)?.some((loop) => loop.contains(combinator))) continue;
      const element = this.assignedInLoop(args.positional[0], add) ?? args.positional[0];
      sites.push({ work: { kind: "coroutine", expression: element }, collections });
    }
    return sites;
  }

  /** `task = asyncio.create_task(fetch(u)); tasks.append(task)`: the value the loop body assigned to the appended name. */
  private assignedInLoop(element: PyNode, add: PyNode): PyNode | undefined {
    const expr = skipParentheses(element);
    if (expr.type !== "identifier") return undefined;
    const loop = this.loopsBetween(add, undefined)?.[0];
    if (!loop) return undefined;
    const lookup = this.context.analysis.scopes.lookupAt(expr.text, expr);
    if (lookup.kind !== "bound") return undefined;
    const inLoop = lookup.bindings.filter((b) => b.kind === "assignment" && loop.contains(b.node) && b.node.end <= add.start && b.node.child("left") === b.nameNode);
    return inLoop.at(-1)?.node.child("right");
  }

  /**
   * The collections iterated by the loops around `spawn` up to `anchor` (the statement that created the task list
   * or task group), innermost first. Undefined when the count is not a plain product of collection sizes: a
   * `while` loop, or a loop that awaits, breaks or returns (it paces or stops itself).
   */
  private iteratedCollections(spawn: PyNode, anchor: PyNode | undefined): PyNode[] | undefined {
    const loops = this.loopsBetween(spawn, anchor);
    if (!loops) return undefined;
    const collections: PyNode[] = [];
    for (const loop of loops) {
      const iterables = loop.type === "for_statement" ? [loop.child("right")] : loop.childrenOfType("for_in_clause").map((clause) => clause.child("right"));
      if (iterables.some((iterable) => !iterable)) return undefined;
      const body = loop.type === "for_statement" ? loop.child("body") : undefined;
      if (body && pacesItself(body)) return undefined;
      collections.push(...(iterables as PyNode[]));
    }
    return collections;
  }

  /** Loops (for statements and comprehensions) containing `node`, innermost first, stopping at `anchor` or the function; undefined for a `while`. */
  private loopsBetween(node: PyNode, anchor: PyNode | undefined): PyNode[] | undefined {
    const loops: PyNode[] = [];
    let child = node;
    for (const ancestor of node.ancestors()) {
      if (anchor && ancestor.contains(anchor)) break;
      if (NESTED_SCOPES.has(ancestor.type) || ancestor.type === "module") break;
      if (ancestor.type === "while_statement" && child.field === "body") return undefined;
      if (ancestor.type === "for_statement" && child.field === "body") loops.push(ancestor);
      if (COMPREHENSIONS.has(ancestor.type) && child.field === "body") loops.push(ancestor);
      child = ancestor;
    }
    return loops;
  }

  /** The task group `name` refers to, bound by `async with TaskGroup() as name` whose method `method` starts tasks. */
  private taskGroupOf(name: PyNode, method: string): { statement: PyNode; takes: "coroutine" | "function" } | undefined {
    const lookup = this.context.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "with") return undefined;
    const item = lookup.bindings[0].node;
    const manager = item.child("value")?.children[0];
    const factory = manager && skipParentheses(manager).type === "call" ? skipParentheses(manager).child("function") : undefined;
    const factoryName = factory ? qualifiedName(this.context.analysis.resolver.resolve(factory)) : undefined;
    const group = PY_TASK_GROUPS.find((g) => g.factory === factoryName && g.method === method);
    const statement = [...item.ancestors()].find((a) => a.type === "with_statement");
    return group && statement ? { statement, takes: group.takes } : undefined;
  }

  // ---- Is the collection bounded? ----

  /** A collection whose size the code fixes: a display, a string, a small literal `range`, a slice, a chunk, or a name bound once to one. */
  private isBounded(collection: PyNode, hops: number): boolean {
    const expr = skipParentheses(collection);
    if (hops > MAX_HOPS) return false;
    switch (expr.type) {
      case "list":
      case "tuple":
      case "set":
      case "dictionary":
      case "expression_list":
        return !expr.children.some((c) => c.type === "list_splat" || c.type === "dictionary_splat");
      case "string":
      case "concatenated_string":
        return true;
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension":
        return expr.childrenOfType("for_in_clause").every((clause) => {
          const iterable = clause.child("right");
          return !!iterable && this.isBounded(iterable, hops + 1);
        });
      case "subscript":
        return hasUpperBound(expr);
      case "attribute":
        return namesChunk(expr.child("attribute")!.text);
      case "identifier":
        return namesChunk(expr.text) || this.boundedName(expr, hops);
      case "call":
        return this.boundedCall(expr, hops);
      default:
        return false;
    }
  }

  private boundedName(name: PyNode, hops: number): boolean {
    const lookup = this.context.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1) return false;
    const binding = lookup.bindings[0];
    if (binding.kind === "assignment" && binding.node.child("left") === binding.nameNode) {
      const right = binding.node.child("right");
      return !!right && this.isBounded(right, hops + 1);
    }
    // `for group in itertools.batched(urls, 10)`: each element of a chunking call is a chunk.
    if (binding.kind === "for") {
      const iterable = binding.node.child("right");
      const callee = iterable && skipParentheses(iterable).type === "call" ? skipParentheses(iterable).child("function") : undefined;
      const calleeName = callee ? (skipParentheses(callee).type === "attribute" ? skipParentheses(callee).child("attribute")!.text : skipParentheses(callee).text) : undefined;
      return calleeName !== undefined && PY_CHUNKING_CALLS.some((pattern) => pattern.test(calleeName));
    }
    return false;
  }

  private boundedCall(call: PyNode, hops: number): boolean {
    const callee = skipParentheses(call.child("function")!);
    const args = callArguments(call);
    if (args.hasSplat) return false;
    const name = qualifiedName(this.context.analysis.resolver.resolve(callee));
    if (name === "builtins.range") {
      const values = args.positional.map((a) => this.integerValue(a));
      if (values.length === 0 || values.length > 3 || values.some((v) => v === undefined)) return false;
      const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
      return step !== 0 && Math.max(0, Math.ceil((stop - start) / step)) <= SMALL_RANGE_SIZE;
    }
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.first.includes(name)) return !!args.positional[0] && this.isBounded(args.positional[0], hops + 1);
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.any.includes(name)) {
      // `map`'s and `filter`'s first argument is the function, not a collection.
      const collections = name === "builtins.zip" ? args.positional : args.positional.slice(1);
      return collections.some((c) => this.isBounded(c, hops + 1));
    }
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.slices.includes(name)) return args.positional.length >= 2;
    if (callee.type === "attribute" && PY_COLLECTION_PASSTHROUGH.methods.includes(callee.child("attribute")!.text)) return this.isBounded(callee.child("object")!, hops + 1);
    return false;
  }

  /** An integer literal, or a name bound once to one (`WORKERS = 4`). */
  private integerValue(node: PyNode): number | undefined {
    const expr = skipParentheses(node);
    if (expr.type === "integer") {
      // `16`, `1_000`, `0x10`; not `10j` or `10L`.
      const value = Number(expr.text.replace(/_/g, ""));
      return Number.isSafeInteger(value) ? value : undefined;
    }
    if (expr.type === "unary_operator" && expr.child("operator")?.type === "-") {
      const value = this.integerValue(expr.child("argument")!);
      return value === undefined ? undefined : -value;
    }
    if (expr.type !== "identifier") return undefined;
    const lookup = this.context.analysis.scopes.lookupAt(expr.text, expr);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "assignment") return undefined;
    const right = lookup.bindings[0].node.child("right");
    return right && skipParentheses(right).type === "integer" ? this.integerValue(right) : undefined;
  }

  // ---- Does each element do I/O, unbounded? ----

  private workVerdict(work: ElementWork): Verdict {
    // The fan-out's own function: its annotated parameters (`session: aiohttp.ClientSession`) are known clients.
    const site = work.kind === "function" ? work.site : work.expression;
    const owner = this.context.analysis.coroutines.enclosingFunction(site);
    const parameters = owner ? this.annotatedTypes(owner) : NO_PARAMETERS;
    if (work.kind === "function") return this.functionReferenceVerdict(work.fn, work.args, work.site, parameters, 0, owner);
    return this.coroutineVerdict(work.expression, parameters, owner, 0);
  }

  /** A coroutine expression: a known I/O call, a task wrapping one, or a call of a same-file `async def`. */
  private coroutineVerdict(expression: PyNode, parameters: ParameterTypes, owner: PyNode | undefined, depth: number): Verdict {
    const expr = skipParentheses(expression);
    if (expr.type !== "call") return undefined;
    const callee = skipParentheses(expr.child("function")!);
    const value = this.resolver.resolve(callee);
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
    const value = this.resolver.resolve(callee);
    if (value?.kind !== "definition" || !isPlainCoroutineFunction(value.node, this.context)) return undefined;
    const inner = this.functionVerdict(value.node, this.argumentTypes(value.node, callee, args, parameters, owner), depth + 1);
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
    const allParameters = new Map([...this.annotatedTypes(fn), ...parameters]);
    let io: IoUse | undefined;
    let limited = false;
    const body = fn.child("body");
    for (const node of body ? body.descendants((n) => NESTED_SCOPES.has(n.type)) : []) {
      if (node.type === "with_statement") {
        for (const item of node.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
          const value = item.child("value");
          const manager = value?.type === "as_pattern" ? value.children[0] : value;
          if (manager && this.isLimiter(manager, allParameters, fn)) limited = true;
        }
      } else if (node.type === "call") {
        const callee = skipParentheses(node.child("function")!);
        if (this.isLimiterCall(callee)) limited = true;
        else if (!io || this.summaries.canFollowFrom(depth)) {
          // Calls into same-file coroutines are followed for I/O first, then only to find a limiter.
          const verdict = this.functionReferenceVerdict(callee, callArgumentNodes(node), node, allParameters, depth, fn);
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
    if (matchesCall(this.ioCalls, this.resolver.resolve(callee))) return true;
    if (callee.type !== "attribute") return false;
    const type = this.instanceType(callee.child("object")!, parameters, owner);
    return type !== undefined && matchesCall(this.ioCalls, { kind: "instance-member", type, member: callee.child("attribute")!.text });
  }

  /** The tracked type of an object: made by a known constructor, a typed parameter, or a `self.x` whose assignments and annotations agree. */
  private instanceType(node: PyNode, parameters: ParameterTypes, owner: PyNode | undefined): string | undefined {
    const expr = skipParentheses(node);
    const value = this.resolver.resolve(expr);
    if (value?.kind === "instance") return value.type;
    if (value !== undefined) return undefined;
    if (expr.type === "identifier") return this.parameterType(expr, parameters, owner) ?? this.awaitedClientType(expr);
    if (expr.type !== "attribute") return undefined;
    const receiver = this.resolver.resolve(expr.child("object")!);
    return receiver?.kind === "self" ? this.selfAttributeType(receiver.classNode, expr.child("attribute")!.text) : undefined;
  }

  /**
   * `self._session` assigned `None` in `__init__` and a client later, or annotated `Optional[ClientSession]`: the
   * core resolver gives up when assignments disagree; here `None` is ignored and annotations count.
   */
  private selfAttributeType(classNode: PyNode, name: string): string | undefined {
    let byName = this.selfAttributeTypes.get(classNode);
    if (!byName) this.selfAttributeTypes.set(classNode, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    byName.set(name, undefined);
    const types = new Set<string | undefined>();
    const consider = (assignment: PyNode) => {
      const annotation = assignment.child("type")?.children[0];
      if (annotation) types.add(this.annotationType(annotation));
      let right = assignment.child("right");
      while (right?.type === "assignment") right = right.child("right");
      if (right && skipParentheses(right).type !== "none") {
        const value = this.resolver.resolve(right);
        types.add(value?.kind === "instance" ? value.type : undefined);
      }
    };
    for (const statement of classNode.child("body")?.children ?? []) {
      const assignment = statement.type === "expression_statement" ? statement.children[0] : undefined;
      if (assignment?.type === "assignment" && assignment.child("left")?.type === "identifier" && assignment.child("left")!.text === name) consider(assignment);
    }
    for (const method of methodsOf(classNode)) {
      const receiver = method.child("parameters")?.children[0];
      const receiverName = receiver ? parameterName(receiver)?.text : undefined;
      if (!receiverName) continue;
      for (const node of method.child("body")?.descendants((n) => n.type === "class_definition") ?? []) {
        if (node.type !== "attribute" || node.child("attribute")?.text !== name || node.child("object")?.text !== receiverName) continue;
        if (node.parent?.type === "assignment" && node.field === "left") consider(node.parent);
        else if (node.parent?.type === "augmented_assignment" && node.field === "left") types.add(undefined);
      }
    }
    const type = types.size === 1 ? [...types][0] : undefined;
    byName.set(name, type);
    return type;
  }

  /** `ClientSession`, `aiohttp.ClientSession`, `Optional[ClientSession]`, `ClientSession | None` (not string annotations). */
  private annotationType(annotation: PyNode): string | undefined {
    const expr = skipParentheses(annotation);
    // `typing.Optional[T]` parses as a subscript, bare `Optional[T]` as a generic_type.
    if (expr.type === "subscript" || expr.type === "generic_type") {
      const base = expr.type === "subscript" ? expr.child("value") : expr.children[0];
      const inner = expr.type === "subscript" ? expr.childrenOf("subscript") : (expr.childOfType("type_parameter")?.children.map((t) => t.children[0] ?? t) ?? []);
      const isOptional = !!base && qualifiedName(this.resolver.resolve(base)) === "typing.Optional";
      return isOptional && inner.length === 1 ? this.annotationType(inner[0]) : undefined;
    }
    if (expr.type === "binary_operator" && expr.child("operator")?.type === "|") {
      const [left, right] = [expr.child("left")!, expr.child("right")!];
      if (skipParentheses(right).type === "none") return this.annotationType(left);
      if (skipParentheses(left).type === "none") return this.annotationType(right);
      return undefined;
    }
    const name = qualifiedName(this.resolver.resolve(expr));
    return name !== undefined ? PY_IO_ANNOTATION_TYPES[name] : undefined;
  }

  /**
   * Clients made by awaiting a factory or entered with `async with`, which the core resolver does not follow:
   * `pool = await asyncpg.create_pool(dsn)`, `async with aiosqlite.connect(path) as db`.
   */
  private awaitedClientType(name: PyNode): string | undefined {
    const lookup = this.context.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1) return undefined;
    const binding = lookup.bindings[0];
    let made: PyNode | undefined;
    if (binding.kind === "assignment" && binding.node.child("left") === binding.nameNode) {
      const right = binding.node.child("right");
      made = right && skipParentheses(right).type === "await" ? skipParentheses(right).children[0] : undefined;
    } else if (binding.kind === "with") {
      const value = binding.node.child("value");
      made = value?.type === "as_pattern" ? value.children[0] : undefined;
      if (made && skipParentheses(made).type === "await") made = skipParentheses(made).children[0];
    }
    const value = made ? this.resolver.resolve(made) : undefined;
    if (value?.kind !== "instance") return undefined;
    return binding.kind === "assignment" || PY_IO_CONTEXT_MANAGERS_RETURNING_SELF.has(value.type) ? value.type : undefined;
  }

  /** The tracked type of `node` when it is a parameter of `owner` whose type is known. */
  private parameterType(node: PyNode, parameters: ParameterTypes, owner: PyNode | undefined): string | undefined {
    const expr = skipParentheses(node);
    if (expr.type !== "identifier" || !owner || !parameters.has(expr.text)) return undefined;
    const lookup = this.context.analysis.scopes.lookupAt(expr.text, expr);
    const isOwnParameter = lookup.kind === "bound" && lookup.bindings.length === 1 && lookup.bindings[0].kind === "parameter" && lookup.scope.node === owner;
    return isOwnParameter ? parameters.get(expr.text) : undefined;
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
  private insideLimiter(node: PyNode): boolean {
    const fn = this.context.analysis.coroutines.enclosingFunction(node);
    for (const ancestor of node.ancestors()) {
      if (NESTED_SCOPES.has(ancestor.type) || ancestor.type === "module") return false;
      if (ancestor.type !== "with_statement") continue;
      for (const item of ancestor.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
        const value = item.child("value");
        const manager = value?.type === "as_pattern" ? value.children[0] : value;
        if (manager && fn && this.isLimiter(manager, this.annotatedTypes(fn), fn)) return true;
      }
    }
    return false;
  }

  /** Parameters annotated with a tracked class: `session: aiohttp.ClientSession`, `sem: asyncio.Semaphore`. */
  private annotatedTypes(fn: PyNode): Map<string, string> {
    const types = new Map<string, string>();
    if (fn.type !== "function_definition") return types;
    for (const parameter of fn.child("parameters")?.children ?? []) {
      const annotation = parameter.child("type")?.children[0];
      const name = parameterName(parameter)?.text;
      if (!annotation || !name) continue;
      const type = this.annotationType(annotation);
      if (type) types.set(name, type);
    }
    return types;
  }

  /** What the caller passes: parameter name → tracked type of the argument (`fetch(session, u)` with `session` an `aiohttp.ClientSession`). */
  private argumentTypes(fn: PyNode, callee: PyNode, args: PyNode[], callerParameters: ParameterTypes, caller: PyNode | undefined): ParameterTypes {
    const parameters = fn.child("parameters")?.children ?? [];
    // A method called through an object (`self.fetch(u)`, `client.fetch(u)`) receives the object first.
    const skipReceiver = classOfMethod(fn) !== undefined && callee.type === "attribute" && !decoratorsOf(fn).some((d) => d.text === "staticmethod") ? 1 : 0;
    const positional = parameters.slice(skipReceiver);
    const types = new Map<string, string>();
    let index = 0;
    for (const arg of args) {
      let target: string | undefined;
      let value: PyNode | undefined = arg;
      if (arg.type === "keyword_argument") {
        target = arg.child("name")?.text;
        value = arg.child("value");
      } else {
        const parameter = positional[index++];
        if (!parameter || parameter.type === "list_splat_pattern" || parameter.type === "keyword_separator" || parameter.type === "positional_separator") break;
        target = parameterName(parameter)?.text;
      }
      if (!target || !value) continue;
      const type = this.instanceType(value, callerParameters, caller);
      if (type) types.set(target, type);
    }
    return types;
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

/** `[]`, `set()`, `list()`: a collection that starts empty and is filled later. */
function isEmptyCollection(node: PyNode, context: Context): boolean {
  const expr = skipParentheses(node);
  if (expr.type === "list") return expr.children.length === 0;
  if (expr.type !== "call") return false;
  const name = qualifiedName(context.analysis.resolver.resolve(expr.child("function")!));
  return (name === "builtins.set" || name === "builtins.list") && callArgumentNodes(expr).length === 0 && !callArguments(expr).hasSplat;
}

/** An `async def` whose call returns a coroutine: not an async generator, not behind an unknown decorator. */
function isPlainCoroutineFunction(fn: PyNode, context: Context): boolean {
  if (!isCoroutineFunction(fn)) return false;
  const body = fn.child("body");
  if (body && [...body.descendants((n) => NESTED_SCOPES.has(n.type))].some((n) => n.type === "yield")) return false;
  return decoratorsOf(fn).every((decorator) => {
    const name = qualifiedName(context.analysis.resolver.resolve(decorator.type === "call" ? decorator.child("function")! : decorator));
    return name !== undefined && PY_COROUTINE_PRESERVING_DECORATORS.has(name);
  });
}

/** A loop body that awaits, breaks or returns paces or stops itself: the rule cannot tell how many tasks run. */
function pacesItself(body: PyNode): boolean {
  for (const node of body.descendants((n) => NESTED_SCOPES.has(n.type))) {
    if (node.type === "await" || node.type === "break_statement" || node.type === "return_statement") return true;
    if ((node.type === "with_statement" || node.type === "for_statement") && node.hasToken("async")) return true;
  }
  return false;
}

/** `xs[:10]`, `xs[i:i + n]`: a slice with an upper bound. */
function hasUpperBound(subscript: PyNode): boolean {
  const slice = subscript.child("subscript");
  if (slice?.type !== "slice") return false;
  // Punctuation is not in the tree: find the colons between the slice's parts.
  const text = subscript.tree.text;
  const colons: number[] = [];
  for (let at = slice.start; at < slice.end; at++) {
    if (text[at] === ":" && !slice.children.some((c) => c.start <= at && at < c.end)) colons.push(at);
  }
  const upperEnd = colons[1] ?? slice.end;
  return colons.length > 0 && slice.children.some((c) => c.start > colons[0] && c.end <= upperEnd);
}

function namesChunk(name: string): boolean {
  return PY_CHUNK_NAMES.some((pattern) => pattern.test(name));
}

function describeIo(io: IoUse): string {
  if (io.via.length === 0) return `\`${io.api}()\``;
  const through = io.via.length > 1 ? ` through \`${io.via.slice(1).join("()`, `")}()\`` : "";
  return `\`${io.via[0]}()\` (it calls \`${io.api}()\`${through})`;
}

function shortText(node: PyNode): string {
  const text = node.text.replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
