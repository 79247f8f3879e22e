import { CoroutineContexts } from "./coroutine";
import { PyImportPlanner } from "./imports";
import { PyResolver } from "./resolve";
import { ScopeAnalysis } from "./scope";
import type { PyTree } from "./tree";
import { PyTypes } from "./types";

/** One analysis per tree: the linted file's, and the same one when another file's lint reads it through an import. */
const analyses = new WeakMap<PyTree, PyFileAnalysis>();

/** Per-file analyses that several rules share; each is built lazily, once per file. */
export class PyFileAnalysis {
  /** The shared analysis of a tree (its scopes are built once however many lints read the file). */
  static of(tree: PyTree): PyFileAnalysis {
    let analysis = analyses.get(tree);
    if (!analysis) analyses.set(tree, (analysis = new PyFileAnalysis(tree)));
    return analysis;
  }

  private scopesInstance?: ScopeAnalysis;
  private resolverInstance?: PyResolver;
  private coroutinesInstance?: CoroutineContexts;
  private importsInstance?: PyImportPlanner;
  private typesInstance?: PyTypes;

  constructor(readonly tree: PyTree) {}

  /** Scopes and the names bound in them. */
  get scopes(): ScopeAnalysis {
    return (this.scopesInstance ??= new ScopeAnalysis(this.tree.root));
  }

  /** Import-aware name resolution: `resolver.resolve(expr)`. */
  get resolver(): PyResolver {
    return (this.resolverInstance ??= new PyResolver(this.scopes));
  }

  /** Whether a node runs inside a coroutine: `coroutines.coroutineOf(node)`. */
  get coroutines(): CoroutineContexts {
    return (this.coroutinesInstance ??= new CoroutineContexts(() => this.resolver, this.tree.text));
  }

  /** References to modules and their functions for fixes, adding imports when needed. */
  get imports(): PyImportPlanner {
    return (this.importsInstance ??= new PyImportPlanner(this.tree, this.scopes, this.resolver));
  }

  /** The tracked type of an expression, from constructors, annotations and `self.x` assignments: `types.typeOf(expr)`. */
  get types(): PyTypes {
    return (this.typesInstance ??= new PyTypes(this.scopes, this.resolver));
  }
}
