// Python blocking calls reached through synchronous helpers: `await handler()` → `load_template()` →
// `read_config()` → `open(...)`. Each synchronous `def` gets a summary (does it block, and by which path),
// cached per def node and valid while every file it looked at is still the current version of its path.
// Helpers are followed within the file (functions, nested defs, `self.method()` / `cls.method()` /
// `Class.method()`) and into other files of the lint set through relative imports, and through absolute imports
// of the project's own modules (see `ModuleFiles.resolve`).
import * as path from "node:path";
import { PY_KNOWN_DECORATORS } from "../knowledge/python-decorators";
import type { PyBlockingCallSpec } from "../knowledge/python-blocking";
import { PyFileAnalysis } from "../lang/python/analysis";
import { decoratorsOf, qualifiedName, type PyValue, skipParentheses } from "../lang/python/resolve";
import type { PyNode, PyTree } from "../lang/python/tree";
import type { ProjectSources } from "../lang/typescript/project-files";

export interface PyBlockingChain {
  /** The helpers (function_definition nodes), from the one called in async code down to the one that blocks. */
  functions: PyNode[];
  /** `calls[i]` is the call inside `functions[i]` that leads on; the last one is the blocking API call. */
  calls: PyNode[];
  spec: PyBlockingCallSpec;
  /** Every blocking path found runs only while a cache is empty (`if _cache is None: _cache = ...`, `@functools.cache`). */
  guardedByCache: boolean;
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

interface FileVersion {
  path: string;
  tree: PyTree;
}

interface CachedSummary {
  chain: PyBlockingChain | null;
  /** Files the summary read; it is valid while each is still the current version of its path. */
  files: FileVersion[];
  key: string;
}

const summaries = new WeakMap<PyNode, CachedSummary>();
/** One analysis per tree, shared by every lint that reads the file. */
const analyses = new WeakMap<PyTree, PyFileAnalysis>();
/** Whether a def can be followed (not a generator, no allow tag, only known decorators): it depends on its file alone. */
const followableHelpers = new WeakMap<PyNode, boolean>();
/** The path each tree was read from (a tree is made for one path). */
const pathsOfTrees = new WeakMap<PyTree, string>();

/** How many summaries were computed (not taken from the cache): tests check re-linting reuses them. */
export const pyCallChainStats = { computed: 0 };

const ALLOW_TAG = /#\s*async-lint:\s*allow-blocking\b/;

export class PyCallChainAnalyzer {
  private readonly inProgress = new Set<PyNode>();
  private readonly modules: ModuleFiles;

  constructor(private readonly options: PyCallChainOptions) {
    if (!analyses.has(options.tree)) analyses.set(options.tree, options.analysis);
    pathsOfTrees.set(options.tree, options.filePath);
    this.modules = new ModuleFiles((filePath) => this.treeAt(filePath));
  }

  /** The blocking chain behind a call made in async code, if the callee is a synchronous helper that blocks. */
  chainOfCall(call: PyNode): PyBlockingChain | undefined {
    const helper = this.helperCalledBy(call);
    if (!helper) return undefined;
    const chain = this.summary(helper, 1)?.chain;
    return chain && chain.functions.length <= this.options.maxDepth ? chain : undefined;
  }

  private summary(fn: PyNode, depth: number): { chain: PyBlockingChain | null; files: Set<FileVersion> } | undefined {
    const cached = summaries.get(fn);
    if (cached && cached.key === this.options.key && cached.files.every((file) => this.isCurrent(file))) {
      return { chain: cached.chain, files: new Set(cached.files) };
    }
    if (this.inProgress.has(fn)) return undefined; // recursion: the cycle adds nothing new
    if (depth > this.options.maxDepth) return undefined;
    this.inProgress.add(fn);
    pyCallChainStats.computed++;
    const files = new Set<FileVersion>([this.versionOf(fn.tree)]);
    let best: PyBlockingChain | null = null;
    let complete = true;
    const analysis = this.analysisOf(fn.tree);
    for (const call of callsRunBy(fn, analysis)) {
      let chain: PyBlockingChain | null = null;
      const spec = this.options.matchBlocking(call, analysis);
      if (spec) {
        chain = { functions: [fn], calls: [call], spec, guardedByCache: isGuardedByCache(call, fn, analysis) };
      } else {
        const helper = this.helperCalledBy(call, files);
        const inner = helper ? this.summary(helper, depth + 1) : undefined;
        if (helper && !inner) complete = false;
        if (inner) for (const file of inner.files) files.add(file);
        // A cached summary may be longer than the depth left from here.
        const fits = !!inner?.chain && depth + inner.chain.functions.length <= this.options.maxDepth;
        if (inner?.chain && !fits) complete = false; // depends on the depth it was entered at: not cacheable
        if (inner?.chain && fits) {
          chain = {
            functions: [fn, ...inner.chain.functions],
            calls: [call, ...inner.chain.calls],
            spec: inner.chain.spec,
            guardedByCache: inner.chain.guardedByCache || isGuardedByCache(call, fn, analysis),
          };
        }
      }
      if (chain && (!best || isBetter(chain, best))) best = chain;
      if (best && !best.guardedByCache && best.functions.length === 1) break;
    }
    // `@functools.cache`: the body runs only on a cache miss.
    if (best && cacheDecorated(fn, analysis)) best = { ...best, guardedByCache: true };
    this.inProgress.delete(fn);
    // A summary cut short by recursion or the depth limit depends on where it was entered: do not cache it.
    if (complete || best) summaries.set(fn, { chain: best, files: [...uniqueVersions(files)], key: this.options.key });
    return { chain: best, files };
  }

  /**
   * The synchronous function a call invokes, when it is one whose body we can see and trust to run as written.
   * Files read to find it are added to `files` (the dependencies of the summary being computed).
   */
  private helperCalledBy(call: PyNode, files = new Set<FileVersion>()): PyNode | undefined {
    const callee = call.child("function");
    if (!callee) return undefined;
    const analysis = this.analysisOf(call.tree);
    const value = analysis.resolver.resolve(skipParentheses(callee));
    let fn: PyNode | undefined;
    if (value?.kind === "definition") fn = value.node;
    else if (value?.kind === "module") fn = this.moduleFunction(this.pathOf(call.tree), value, files);
    if (fn?.type !== "function_definition" || fn.hasToken("async") || !fn.child("body")) return undefined;
    let followable = followableHelpers.get(fn);
    if (followable === undefined) {
      followable = !isGenerator(fn) && !hasAllowTag(fn) && decoratorsAreKnown(fn, this.analysisOf(fn.tree));
      followableHelpers.set(fn, followable);
    }
    return followable ? fn : undefined;
  }

  /** `util.load` / `load` from `from .util import load`: the top-level def in a project file, following re-exports. */
  private moduleFunction(fromFile: string | undefined, value: Extract<PyValue, { kind: "module" }>, files: Set<FileVersion>, hops = 0): PyNode | undefined {
    if (!fromFile || hops > 4 || value.path.length === 0) return undefined;
    const defined = this.moduleMember(fromFile, value.module, value.path, files);
    if (defined?.value.kind === "definition") {
      const node = defined.value.node;
      return node.type === "class_definition" ? undefined : node;
    }
    // `from .impl import load` in a package's __init__.py: a re-export.
    if (defined?.value.kind === "module" && defined.value.module !== "builtins") return this.moduleFunction(defined.path, defined.value, files, hops + 1);
    // `Api.login(...)` with `from .api import Api`: a method of a top-level class of the module.
    if (value.path.length >= 2) {
      const owner = this.moduleMember(fromFile, value.module, value.path.slice(0, -1), files);
      if (owner?.value.kind !== "definition" || owner.value.node.type !== "class_definition") return undefined;
      const method = this.analysisOf(owner.value.node.tree).resolver.classAttribute(owner.value.node, value.path[value.path.length - 1]);
      return method?.kind === "definition" ? method.node : undefined;
    }
    return undefined;
  }

  /** What a top-level name of a project module is bound to (in that module's terms), and the module's path. */
  private moduleMember(fromFile: string, module: string, memberPath: readonly string[], files: Set<FileVersion>): { value: PyValue; path: string } | undefined {
    const target = this.modules.resolve(fromFile, module, memberPath);
    if (!target) return undefined;
    for (const tree of target.read) files.add(this.versionOf(tree));
    const value = this.analysisOf(target.tree).resolver.resolveName(target.name, target.tree.root);
    return value && { value, path: target.path };
  }

  private treeAt(filePath: string): PyTree | undefined {
    if (filePath === this.options.filePath) return this.options.tree;
    const tree = this.options.sources?.pythonFile?.(filePath);
    if (tree) pathsOfTrees.set(tree, filePath);
    return tree;
  }

  private isCurrent(file: FileVersion): boolean {
    return this.treeAt(file.path) === file.tree;
  }

  private analysisOf(tree: PyTree): PyFileAnalysis {
    let analysis = analyses.get(tree);
    if (!analysis) analyses.set(tree, (analysis = new PyFileAnalysis(tree)));
    return analysis;
  }

  private pathOf(tree: PyTree): string | undefined {
    return pathsOfTrees.get(tree);
  }

  private versionOf(tree: PyTree): FileVersion {
    return { path: this.pathOf(tree) ?? this.options.filePath, tree };
  }
}

function uniqueVersions(files: Iterable<FileVersion>): FileVersion[] {
  const byTree = new Map<PyTree, FileVersion>();
  for (const file of files) byTree.set(file.tree, file);
  return [...byTree.values()];
}

/**
 * Module names to files of the lint set. Relative imports (`from .util import f`, `from ..pkg import mod`)
 * resolve from the importing file's folder. Absolute imports (`from service.util import f`, `import service.util`)
 * resolve only to the project's own modules: under the folder that would be on `sys.path` for the importing
 * file (the parent of its outermost package, i.e. the first folder up without an `__init__.py`), a package
 * folder with an `__init__.py` in the lint set, or a single module file beside it (`from helpers import f` next
 * to `helpers.py`). Anything else (the standard library, installed packages) is not followed.
 */
class ModuleFiles {
  private readonly trees = new Map<string, PyTree | undefined>();

  constructor(private readonly read: (filePath: string) => PyTree | undefined) {}

  /** The file defining `name` for `module` + `path` (`.util` + [`load`], `service` + [`util`, `load`]). */
  resolve(fromFile: string, module: string, memberPath: readonly string[]): { path: string; tree: PyTree; name: string; read: PyTree[] } | undefined {
    const dots = /^\.*/.exec(module)![0].length;
    const segments = [...module.slice(dots).split(".").filter((s) => s !== ""), ...memberPath];
    if (segments.length === 0) return undefined;
    const name = segments[segments.length - 1];
    const moduleSegments = segments.slice(0, -1);
    const read: PyTree[] = [];
    let base: string;
    if (dots > 0) {
      base = path.dirname(fromFile);
      for (let i = 1; i < dots; i++) base = path.dirname(base);
    } else {
      if (moduleSegments.length === 0 || module === "builtins") return undefined;
      base = this.importRoot(fromFile, read);
      // A package of the project (an `__init__.py` in the lint set), or a single module file beside it.
      const packageInit = this.tree(path.join(base, moduleSegments[0], "__init__.py"), read);
      if (!packageInit && !(moduleSegments.length === 1 && this.tree(path.join(base, moduleSegments[0] + ".py"), read))) return undefined;
    }
    const modulePath = path.join(base, ...moduleSegments);
    const candidates = moduleSegments.length === 0 ? [path.join(base, "__init__.py")] : [modulePath + ".py", path.join(modulePath, "__init__.py")];
    for (const candidate of candidates) {
      const tree = this.tree(candidate, read);
      if (tree) return { path: candidate, tree, name, read };
    }
    return undefined;
  }

  /** The folder on `sys.path` for a file: the first folder up from it without an `__init__.py`. */
  private importRoot(fromFile: string, read: PyTree[]): string {
    let dir = path.dirname(fromFile);
    while (this.tree(path.join(dir, "__init__.py"), read)) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return dir;
  }

  private tree(filePath: string, read: PyTree[]): PyTree | undefined {
    if (!this.trees.has(filePath)) this.trees.set(filePath, this.read(filePath));
    const tree = this.trees.get(filePath);
    if (tree) read.push(tree);
    return tree;
  }
}

/** An unconditional path beats one that only runs while a cache is empty; then the shorter path wins. */
function isBetter(candidate: PyBlockingChain, current: PyBlockingChain): boolean {
  if (candidate.guardedByCache !== current.guardedByCache) return !candidate.guardedByCache;
  return candidate.functions.length < current.functions.length;
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
export function isGuardedByCache(call: PyNode, fn: PyNode, analysis: PyFileAnalysis): boolean {
  const persists = (target: CacheTarget | undefined): target is CacheTarget => !!target && outlivesCall(target.node, fn, analysis);
  for (let node: PyNode = call; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (parent.type === "boolean_operator" && node.field === "right" && parent.child("operator")?.type === "or") {
      const assignment = parent.parent;
      const left = parent.child("left");
      const assigned = assignment?.type === "assignment" ? assignment.child("left") : undefined;
      if (assigned && left && normalized(assigned) === normalized(left) && outlivesCall(left, fn, analysis)) return true;
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
        const target = fullnessTarget(earlier.child("condition"));
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

export function helperName(fn: PyNode): string {
  return fn.child("name")?.text ?? "(anonymous)";
}

/** `templates.py:12`, relative to the folder of the finding's file. */
export function describeLocation(node: PyNode, filePath: string, fromFile: string): string {
  const line = node.tree.text.slice(0, node.start).split("\n").length;
  const relative = path.relative(path.dirname(fromFile), filePath) || path.basename(filePath);
  return `${relative.replace(/\\/g, "/")}:${line}`;
}

/** The path a node's tree was read from, when it was read by an analyzer (undefined for trees it never saw). */
export function pathOfNode(node: PyNode): string | undefined {
  return pathsOfTrees.get(node.tree);
}
