// Python blocking calls reached through synchronous helpers: `await handler()` → `load_template()` →
// `read_config()` → `open(...)`. Each synchronous `def` gets a summary (does it block, and by which path),
// kept by the summaries engine per def node and valid while every file it looked at is still the current
// version of its path. Which def a call reaches (in the file, or in a project module through imports) is the
// Python front end's `PyCrossFileCallees`; this module decides which defs can be followed and what blocks.
import { FunctionSummaries, type SharedSummaries } from "../core/summaries";
import type { ProjectSources } from "../core/sources";
import { PY_KNOWN_DECORATORS } from "../knowledge/python-decorators";
import type { PyBlockingCallSpec } from "../knowledge/python-blocking";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { PyCrossFileCallees } from "../lang/python/calls";
import { decoratorsOf, qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode, PyTree } from "../lang/python/tree";
import { bestChain, type Chain } from "./chains";

/** A path to a blocking call (helpers are function_definition nodes); a cache guard is `if _cache is None: _cache = ...` or `@functools.cache`. */
export interface PyBlockingChain extends Chain<PyNode, PyNode> {
  spec: PyBlockingCallSpec;
}

export interface PyCallChainOptions {
  /** Whether a call (in any file) is a blocking API call. */
  matchBlocking: (call: PyNode, analysis: PyFileAnalysis) => PyBlockingCallSpec | undefined;
  maxDepth: number;
  /** Identifies the table and options: summaries computed under another key are not reused. */
  key: string;
  sources?: ProjectSources;
  /** The file being linted: its path, current tree and analysis. */
  filePath: string;
  tree: PyTree;
  analysis: PyFileAnalysis;
}

/** Summaries outlive one lint: a helper in another file is summarized once while that file is unchanged. */
const summaryEntries: SharedSummaries<PyNode, PyBlockingChain | null, PyTree>["entries"] = new WeakMap();
/** Whether a def can be followed (not a generator, no allow tag, only known decorators): it depends on its file alone. */
const followableHelpers = new WeakMap<PyNode, boolean>();

/** How many summaries were computed (not taken from the cache): tests check re-linting reuses them. */
export const pyCallChainStats = { computed: 0 };

const ALLOW_TAG = /#\s*async-lint:\s*allow-blocking\b/;

export class PyCallChainAnalyzer {
  private readonly callees: PyCrossFileCallees;
  private readonly summaries: FunctionSummaries<PyNode, PyBlockingChain | null, PyTree>;

  constructor(private readonly options: PyCallChainOptions) {
    this.callees = new PyCrossFileCallees(options);
    this.summaries = new FunctionSummaries({
      maxDepth: options.maxDepth,
      // A chain found while a path was cut short is kept: the caller checks it fits the depth left.
      reuse: { policy: "complete-or-found", found: (chain: PyBlockingChain | null) => chain !== null },
      shared: { entries: summaryEntries, key: options.key, isCurrent: (tree) => this.callees.isCurrent(tree) },
    });
  }

  /** The blocking chain behind a call made in async code, if the callee is a synchronous helper that blocks. */
  chainOfCall(call: PyNode): PyBlockingChain | undefined {
    const helper = this.helperCalledBy(call);
    if (!helper) return undefined;
    const chain = this.summaries.summarize(helper, 1, this.summarize);
    return chain && chain.functions.length <= this.options.maxDepth ? chain : undefined;
  }

  /** The best blocking path through `fn`'s calls, entered at `depth`. */
  private readonly summarize = (fn: PyNode, depth: number): PyBlockingChain | null => {
    pyCallChainStats.computed++;
    this.summaries.read(fn.tree);
    const analysis = this.callees.analysisOf(fn.tree);
    const best = bestChain(fn, callsRunBy(fn, analysis), depth, this.options.maxDepth, {
      direct: (call) => {
        const spec = this.options.matchBlocking(call, analysis);
        return spec ? { functions: [fn], calls: [call], spec, guardedByCache: isGuardedByCache(call, fn, analysis) } : undefined;
      },
      helperCalledBy: (call) => this.helperCalledBy(call, (tree) => this.summaries.read(tree)),
      summaryOf: (helper) => this.summaries.summarize(helper, depth + 1, this.summarize),
      isGuardedByCache: (call) => isGuardedByCache(call, fn, analysis),
      dependsOnDepth: () => this.summaries.dependsOnDepth(),
    });
    // `@functools.cache`: the body runs only on a cache miss.
    return best && cacheDecorated(fn, analysis) ? { ...best, guardedByCache: true } : best;
  };

  /**
   * The synchronous function a call invokes, when it is one whose body we can see and trust to run as written.
   * Files read to find it are passed to `read` (the dependencies of the summary being computed).
   */
  private helperCalledBy(call: PyNode, read?: (tree: PyTree) => void): PyNode | undefined {
    const fn = this.callees.functionCalledBy(call, read);
    if (!fn || fn.hasToken("async") || !fn.child("body")) return undefined;
    let followable = followableHelpers.get(fn);
    if (followable === undefined) {
      followable = !isGenerator(fn) && !hasAllowTag(fn) && decoratorsAreKnown(fn, this.callees.analysisOf(fn.tree));
      followableHelpers.set(fn, followable);
    }
    return followable ? fn : undefined;
  }
}

/**
 * Calls that run when the function runs: its body, comprehensions and generator expressions included; not the
 * bodies of nested defs, lambdas and classes (they run when called), nor the arguments of offloading calls
 * (`loop.run_in_executor(None, ...)`), nor code the parser could not read.
 */
function* callsRunBy(fn: PyNode, analysis: PyFileAnalysis): Generator<PyNode> {
  const body = fn.child("body");
  if (!body) return;
  const skip = (node: PyNode) =>
    node.type === "function_definition" ||
    node.type === "lambda" ||
    node.type === "class_definition" ||
    node.type === "ERROR" ||
    (node.type === "argument_list" && node.parent?.type === "call" && analysis.coroutines.isOffloadingCall(node.parent));
  for (const node of body.descendants(skip)) if (node.type === "call") yield node;
}

/** A generator function: calling it runs nothing until the result is iterated. */
function isGenerator(fn: PyNode): boolean {
  const body = fn.child("body");
  if (!body) return false;
  for (const node of body.descendants((n) => n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")) {
    if (node.type === "yield") return true;
  }
  return false;
}

function decoratorEffect(decorator: PyNode, analysis: PyFileAnalysis): "transparent" | "cache" | undefined {
  const target = decorator.type === "call" ? decorator.child("function") : decorator;
  const name = target ? qualifiedName(analysis.resolver.resolve(target)) : undefined;
  return PY_KNOWN_DECORATORS.find((d) => d.callee === name)?.effect;
}

/** Every decorator is one whose effect is known: anything else may replace the function (`@sync_to_async`). */
function decoratorsAreKnown(fn: PyNode, analysis: PyFileAnalysis): boolean {
  return decoratorsOf(fn).every((decorator) => decoratorEffect(decorator, analysis) !== undefined);
}

/** Whether the call, in `fn`, runs only while a cache is empty, or `fn` is cached itself (`@functools.cache`). */
export function isCachedHop(call: PyNode, fn: PyNode, analysis: PyFileAnalysis, caller?: PyNode): boolean {
  return cacheDecorated(fn, analysis) || isGuardedByCache(call, fn, analysis, caller);
}

function cacheDecorated(fn: PyNode, analysis: PyFileAnalysis): boolean {
  return decoratorsOf(fn).some((decorator) => decoratorEffect(decorator, analysis) === "cache");
}

/**
 * `# async-lint: allow-blocking <reason>` in the def's header (its line, its decorators, a multi-line signature)
 * or alone on the line above it: the helper is trusted not to block (measured, tiny, startup only).
 */
function hasAllowTag(fn: PyNode): boolean {
  const outer = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
  const body = fn.child("body")!;
  const text = fn.tree.text;
  const lineStart = text.lastIndexOf("\n", outer.start - 1) + 1;
  const previousLineStart = lineStart > 0 ? text.lastIndexOf("\n", lineStart - 2) + 1 : -1;
  for (const comment of fn.tree.comments) {
    if (comment.start >= body.start) break;
    if (!ALLOW_TAG.test(comment.text)) continue;
    if (comment.start >= outer.start) return true;
    const aloneOnPreviousLine = previousLineStart >= 0 && comment.start >= previousLineStart && comment.end < lineStart && text.slice(previousLineStart, comment.start).trim() === "";
    if (aloneOnPreviousLine) return true;
  }
  return false;
}

/**
 * True when the blocking call only runs while a cache is empty: `if _cache is None: _cache = f()`,
 * `if not self._data: self._data = f()`, `if key not in cache: cache[key] = f()`, `_cache = _cache or f()`, or
 * after an early return of a filled cache (`if _cache is not None: return _cache` then `_cache = f()`). It still
 * blocks, the first time. The cache must outlive the call (a global, a closure variable, an attribute): `if path
 * is None: path = open(...)` on a parameter or local runs on every call that leaves it empty.
 */
export function isGuardedByCache(call: PyNode, fn: PyNode, analysis: PyFileAnalysis, caller?: PyNode): boolean {
  // A closure's cache bound in the coroutine that defines it lives for one call of that coroutine.
  const enclosing = caller && caller !== fn && caller.tree === fn.tree && caller.contains(fn) ? caller : undefined;
  const outlives = (target: PyNode) => outlivesCall(target, fn, analysis) && (!enclosing || outlivesCall(target, enclosing, analysis));
  const persists = (target: CacheTarget | undefined): target is CacheTarget => !!target && outlives(target.node);
  for (let node: PyNode = call; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (parent.type === "boolean_operator" && node.field === "right" && parent.child("operator")?.type === "or") {
      const assignment = parent.parent;
      const left = parent.child("left");
      const assigned = assignment?.type === "assignment" ? assignment.child("left") : undefined;
      if (assigned && left && normalized(assigned) === normalized(left) && outlives(left)) return true;
    }
    if (parent.type === "if_statement" && node.field === "consequence") {
      const target = emptinessTarget(parent.child("condition"));
      if (persists(target) && assignsTo(node, target)) return true;
    }
    if (parent.type === "block") {
      const index = parent.children.indexOf(node);
      for (const earlier of parent.children.slice(0, index)) {
        if (earlier.type !== "if_statement" || earlier.children.some((c) => c.field === "alternative")) continue;
        const consequence = earlier.child("consequence");
        const last = consequence?.children[consequence.children.length - 1];
        if (last?.type !== "return_statement") continue;
        let target = fullnessTarget(earlier.child("condition"));
        // `found = _paths.get(lang)` (or `_paths[lang]`) before `if found: return found`: the cache is `_paths`.
        if (target && !persists(target)) target = cacheReadInto(target, parent.children.slice(0, parent.children.indexOf(earlier)));
        if (persists(target) && parent.children.slice(index).some((statement) => assignsTo(statement, target))) return true;
      }
    }
  }
  return false;
}

interface CacheTarget {
  /** The cache expression, whitespace removed: `_cache`, `self._config`, `cache`. */
  text: string;
  node: PyNode;
  /** Checked with `key in cache`: filled by `cache[key] = ...`. */
  viaMembership: boolean;
}

const normalized = (node: PyNode) => node.text.replace(/\s+/g, "");

/** What an `if` condition checks to be empty: `x is None`, `x == None`, `not x`, `k not in m` (→ `m`). */
function emptinessTarget(condition: PyNode | undefined): CacheTarget | undefined {
  if (!condition) return undefined;
  const expr = skipParentheses(condition);
  if (expr.type === "not_operator") {
    const operand = expr.child("argument");
    return operand ? { text: normalized(skipParentheses(operand)), node: skipParentheses(operand), viaMembership: false } : undefined;
  }
  return comparisonTarget(expr, ["is", "=="], "not in");
}

/** What an `if` condition checks to be filled: `x is not None`, `x != None`, `x`, `k in m` (→ `m`). */
function fullnessTarget(condition: PyNode | undefined): CacheTarget | undefined {
  if (!condition) return undefined;
  const expr = skipParentheses(condition);
  if (expr.type === "identifier" || expr.type === "attribute") return { text: normalized(expr), node: expr, viaMembership: false };
  return comparisonTarget(expr, ["is not", "!="], "in");
}

function comparisonTarget(expr: PyNode, noneOperators: string[], membership: string): CacheTarget | undefined {
  if (expr.type !== "comparison_operator" || expr.children.length !== 2) return undefined;
  const operator = expr.tokens.filter((t) => t.field === "operators").map((t) => t.type);
  if (operator.length !== 1) return undefined;
  const [left, right] = expr.children;
  if (noneOperators.includes(operator[0])) {
    if (right.type === "none") return { text: normalized(left), node: left, viaMembership: false };
    if (left.type === "none") return { text: normalized(right), node: right, viaMembership: false };
  }
  if (operator[0] === membership) return { text: normalized(right), node: right, viaMembership: true };
  return undefined;
}

/**
 * The container a local was read from in the statements before: `found = cache.get(key)` or `found = cache[key]`
 * (→ `cache`, filled by `cache[key] = ...`), the last assignment of that name before the check.
 */
function cacheReadInto(local: CacheTarget, statements: readonly PyNode[]): CacheTarget | undefined {
  if (local.node.type !== "identifier" || local.viaMembership) return undefined;
  for (let i = statements.length - 1; i >= 0; i--) {
    const statement = statements[i];
    const assignment = statement.type === "expression_statement" ? statement.children[0] : undefined;
    if (assignment?.type !== "assignment" || assignment.child("left")?.text !== local.text) continue;
    const read = assignment.child("right") && skipParentheses(assignment.child("right")!);
    if (read?.type === "subscript") {
      const container = read.child("value");
      return container ? { text: normalized(container), node: container, viaMembership: true } : undefined;
    }
    const callee = read?.type === "call" ? read.child("function") : undefined;
    if (callee?.type === "attribute" && callee.child("attribute")?.text === "get") {
      const container = callee.child("object");
      return container ? { text: normalized(container), node: container, viaMembership: true } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * Whether a cache expression keeps its value between calls of `fn`: an attribute or item of something
 * (`self._config`, `CACHE["k"]`), or a name that is not local to `fn` (a global, a closure variable).
 */
function outlivesCall(target: PyNode, fn: PyNode, analysis: PyFileAnalysis): boolean {
  let root = skipParentheses(target);
  while (root.type === "attribute" || root.type === "subscript") {
    const base = root.child(root.type === "attribute" ? "object" : "value");
    if (!base) return false;
    root = skipParentheses(base);
  }
  if (root.type !== "identifier") return false;
  if (root !== skipParentheses(target)) {
    // `self._x` / `cls._x`: state of the object or class. Another local's attribute lives as long as that local.
    const base = analysis.resolver.resolveName(root.text, root);
    if (base?.kind === "self") return true;
  }
  const fnScope = analysis.scopes.scopeOfDefinition(fn);
  if (fnScope?.globals.has(root.text) || fnScope?.nonlocals.has(root.text)) return true;
  const lookup = analysis.scopes.lookupAt(root.text, root);
  return lookup.kind === "bound" && lookup.scope !== fnScope && lookup.scope.kind !== "comprehension";
}

/** Whether the statement assigns the cache (`x = ...`, `m[k] = ...`), not looking into nested functions. */
function assignsTo(statement: PyNode, target: CacheTarget): boolean {
  const nodes = [statement, ...statement.descendants((n) => n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")];
  for (const node of nodes) {
    if (node.type !== "assignment") continue;
    const left = node.child("left");
    if (!left) continue;
    if (!target.viaMembership && normalized(left) === target.text) return true;
    if (target.viaMembership && left.type === "subscript" && normalized(left.child("value")!) === target.text) return true;
  }
  return false;
}
