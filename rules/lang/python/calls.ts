// What rules share about calls in Python: which `def` a call reaches, when its body can be seen (in the file,
// or in another file of the lint set through relative imports and absolute imports of the project's own
// modules), and how a function is named in messages.
import * as path from "node:path";
import type { ProjectSources } from "../../core/sources";
import { PyFileAnalysis } from "./analysis";
import { classOfMethod, type PyValue, skipParentheses } from "./resolve";
import type { PyNode, PyTree } from "./tree";

/** The path each tree was read from (a tree is made for one path). */
const pathsOfTrees = new WeakMap<PyTree, string>();

export interface PyCrossFileCalleeOptions {
  /** The file being linted: its path, current tree and analysis. */
  filePath: string;
  tree: PyTree;
  analysis: PyFileAnalysis;
  sources?: ProjectSources;
}

/**
 * The `def` a call reaches: a function of the file (functions, nested defs, `self.method()` / `cls.method()` /
 * `Class.method()`), or a top-level def (or a method of a top-level class) of a project module reached through
 * an import, following re-exports (see `ModuleFiles.resolve` for which modules are the project's).
 */
export class PyCrossFileCallees {
  private readonly modules: ModuleFiles;

  constructor(private readonly options: PyCrossFileCalleeOptions) {
    pathsOfTrees.set(options.tree, options.filePath);
    this.modules = new ModuleFiles((filePath) => this.treeAt(filePath));
  }

  /**
   * The `function_definition` a call invokes, if it can be found. Each other file read to find it is passed to
   * `read` (what the caller concludes from the def depends on those files too).
   */
  functionCalledBy(call: PyNode, read: (tree: PyTree) => void = () => {}): PyNode | undefined {
    const callee = call.child("function");
    return callee ? this.functionNamedBy(callee, read) : undefined;
  }

  /** The `function_definition` an expression names (`send_mail` in `map(send_mail, xs)` or in a call), if it can be found. */
  functionNamedBy(callee: PyNode, read: (tree: PyTree) => void = () => {}): PyNode | undefined {
    const value = this.analysisOf(callee.tree).resolver.resolve(skipParentheses(callee));
    let fn: PyNode | undefined;
    if (value?.kind === "definition") fn = value.node;
    else if (value?.kind === "module") fn = this.moduleFunction(pathsOfTrees.get(callee.tree), value, read);
    return fn?.type === "function_definition" ? fn : undefined;
  }

  /** The shared analysis of a tree read by this resolver (or by any other for the same tree). */
  analysisOf(tree: PyTree): PyFileAnalysis {
    return tree === this.options.tree ? this.options.analysis : PyFileAnalysis.of(tree);
  }

  /** The current tree of a file: the linted file's own, or the lint set's. */
  treeAt(filePath: string): PyTree | undefined {
    if (filePath === this.options.filePath) return this.options.tree;
    const tree = this.options.sources?.pythonFile?.(filePath);
    if (tree) pathsOfTrees.set(tree, filePath);
    return tree;
  }

  /** Whether a tree read earlier is still the current version of its file. */
  isCurrent(tree: PyTree): boolean {
    return this.treeAt(pathsOfTrees.get(tree) ?? this.options.filePath) === tree;
  }

  /** `util.load` / `load` from `from .util import load`: the top-level def in a project file, following re-exports. */
  private moduleFunction(fromFile: string | undefined, value: Extract<PyValue, { kind: "module" }>, read: (tree: PyTree) => void, hops = 0): PyNode | undefined {
    if (!fromFile || hops > 4 || value.path.length === 0) return undefined;
    const defined = this.moduleMember(fromFile, value.module, value.path, read);
    if (defined?.value.kind === "definition") {
      const node = defined.value.node;
      return node.type === "class_definition" ? undefined : node;
    }
    // `from .impl import load` in a package's __init__.py: a re-export.
    if (defined?.value.kind === "module" && defined.value.module !== "builtins") return this.moduleFunction(defined.path, defined.value, read, hops + 1);
    // `Api.login(...)` with `from .api import Api`: a method of a top-level class of the module.
    if (value.path.length >= 2) {
      const owner = this.moduleMember(fromFile, value.module, value.path.slice(0, -1), read);
      if (owner?.value.kind !== "definition" || owner.value.node.type !== "class_definition") return undefined;
      const method = this.analysisOf(owner.value.node.tree).resolver.classAttribute(owner.value.node, value.path[value.path.length - 1]);
      return method?.kind === "definition" ? method.node : undefined;
    }
    return undefined;
  }

  /** What a top-level name of a project module is bound to (in that module's terms), and the module's path. */
  private moduleMember(fromFile: string, module: string, memberPath: readonly string[], read: (tree: PyTree) => void): { value: PyValue; path: string } | undefined {
    const target = this.modules.resolve(fromFile, module, memberPath);
    if (!target) return undefined;
    for (const tree of target.read) read(tree);
    const value = this.analysisOf(target.tree).resolver.resolveName(target.name, target.tree.root);
    return value && { value, path: target.path };
  }
}

/** Where a module's member is defined; `read` lists every tree looked at to find it (the answer depends on them). */
interface ModuleMemberFile {
  path: string;
  tree: PyTree;
  name: string;
  read: readonly PyTree[];
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
  /**
   * Answers of `resolve`, which depend only on the trees above (kept for this object's life): a file calls the
   * same imported function many times, and each answer costs several path joins and lookups.
   */
  private readonly resolved = new Map<string, ModuleMemberFile | undefined>();

  constructor(private readonly read: (filePath: string) => PyTree | undefined) {}

  /** The file defining `name` for `module` + `path` (`.util` + [`load`], `service` + [`util`, `load`]). */
  resolve(fromFile: string, module: string, memberPath: readonly string[]): ModuleMemberFile | undefined {
    const key = `${fromFile}\0${module}\0${memberPath.join(".")}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const answer = this.find(fromFile, module, memberPath);
    this.resolved.set(key, answer);
    return answer;
  }

  private find(fromFile: string, module: string, memberPath: readonly string[]): ModuleMemberFile | undefined {
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

/** The path a node's tree was read from, when a resolver read it (undefined for trees none saw). */
export function pathOfNode(node: PyNode): string | undefined {
  return pathsOfTrees.get(node.tree);
}

/** The name a `def` is known by. */
export function functionName(fn: PyNode): string | undefined {
  return fn.child("name")?.text;
}

/** `method 'load'`, `function 'handler'`: the function a finding is in. */
export function describeFunction(fn: PyNode): string {
  const name = functionName(fn) ?? "?";
  return classOfMethod(fn) ? `method '${name}'` : `function '${name}'`;
}

/** `templates.py:12`, relative to the folder of the finding's file. */
export function describeLocation(node: PyNode, filePath: string, fromFile: string): string {
  const line = node.tree.text.slice(0, node.start).split("\n").length;
  const relative = path.relative(path.dirname(fromFile), filePath) || path.basename(filePath);
  return `${relative.replace(/\\/g, "/")}:${line}`;
}
