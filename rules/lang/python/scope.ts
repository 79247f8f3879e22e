// Python scopes and the names bound in them, following the language's rules: a name assigned anywhere in a
// function is local to the whole function; class bodies are not visible from methods; comprehensions have
// their own scope except for their first iterable; `global`/`nonlocal` redirect; a walrus in a comprehension
// binds in the enclosing function. Binding forms the analysis does not understand still shadow (their value
// is unknown), so a local that merely looks like a module is never mistaken for it.
import type { PyNode } from "./tree";

export type ScopeKind = "module" | "function" | "lambda" | "class" | "comprehension";

export type BindingKind =
  | "import" // import a.b / import a.b as c
  | "import-from" // from m import x / from m import x as y
  | "assignment" // x = value, x: T = value, x: T
  | "augmented-assignment" // x += 1
  | "with" // with expr as x
  | "for" // for x in ...
  | "except" // except E as x
  | "walrus" // (x := value)
  | "parameter"
  | "function" // def x / async def x
  | "class"
  | "other"; // del, match captures, type aliases, unpacking targets...

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that is bound. */
  nameNode: PyNode;
  /**
   * What binds it: the assignment / with_item / named_expression / function_definition / class_definition /
   * import statement; for a parameter, the parameter node.
   */
  node: PyNode;
  /** For `import` and `import-from`: the module as written (`a.b`, `.rel`) and, for from-imports, the imported name. */
  module?: string;
  imported?: string;
  scope: Scope;
}

export class Scope {
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly children: Scope[] = [];
  /** `from m import *` in this scope: free names may come from `m`. */
  hasWildcardImport = false;

  constructor(
    readonly kind: ScopeKind,
    /** module, function_definition, lambda, class_definition, or a comprehension / generator_expression node. */
    readonly node: PyNode,
    readonly parent: Scope | undefined,
  ) {
    parent?.children.push(this);
  }

  bind(binding: Omit<Binding, "scope">): void {
    const list = this.bindings.get(binding.name);
    // Every field listed (no spread): one object shape for all bindings, and spreading showed in profiles.
    const full: Binding = { name: binding.name, kind: binding.kind, nameNode: binding.nameNode, node: binding.node, module: binding.module, imported: binding.imported, scope: this };
    if (list) list.push(full);
    else this.bindings.set(binding.name, [full]);
  }
}

/** What a name refers to at some point: its bindings in the scope that owns it, or nothing (a builtin or undefined name). */
export type NameLookup =
  | { kind: "bound"; scope: Scope; bindings: Binding[] }
  | { kind: "free"; maybeFromWildcard: boolean };

export class ScopeAnalysis {
  readonly module: Scope;
  private readonly scopeByNode = new Map<PyNode, Scope>();
  /** `scopeAt` answers already worked out. */
  private readonly scopeAtNode = new Map<PyNode, Scope>();
  private boundAnywhere?: Set<string>;

  constructor(root: PyNode) {
    this.module = new Scope("module", root, undefined);
    this.scopeByNode.set(root, this.module);
    new BindingCollector(this.scopeByNode).collect(root, this.module);
  }

  /** The scope created by a function_definition, lambda, class_definition or comprehension node. */
  scopeOfDefinition(node: PyNode): Scope | undefined {
    return this.scopeByNode.get(node);
  }

  /**
   * The scope in which names written at `node` are looked up. Remembered for every node passed on the way up
   * (rules resolve each identifier, and walking 10,000 levels up for each one of a deeply nested expression was
   * quadratic). A node has its parent's scope unless the parent starts one, with one exception that depends on
   * the node below: a comprehension's first `for_in_clause` (its iterable is evaluated outside), so those
   * clauses are never remembered.
   */
  scopeAt(node: PyNode): Scope {
    const passed: PyNode[] = [];
    let result = this.module;
    let child = node;
    let grandchild: PyNode | undefined;
    for (let current = node.parent; current; current = current.parent) {
      const known = child.type === "for_in_clause" ? undefined : this.scopeAtNode.get(child);
      if (known) {
        result = known;
        break;
      }
      if (child.type !== "for_in_clause") passed.push(child);
      const scope = this.scopeByNode.get(current);
      if (scope && evaluatesInside(current, child, grandchild)) {
        result = scope;
        break;
      }
      grandchild = child;
      child = current;
    }
    for (const passedNode of passed) this.scopeAtNode.set(passedNode, result);
    return result;
  }

  /** Looks a name up from a scope, the way Python does at run time (LEGB, class scopes skipped from inner scopes). */
  lookup(name: string, from: Scope): NameLookup {
    let scope: Scope | undefined = from;
    let first = true;
    while (scope) {
      if (scope.globals.has(name)) return this.lookupIn(name, this.module);
      const declaredNonlocal = scope.nonlocals.has(name);
      const skip = (scope.kind === "class" && !first) || declaredNonlocal;
      if (!skip) {
        const bindings = scope.bindings.get(name);
        if (bindings) return { kind: "bound", scope, bindings };
      }
      first = false;
      scope = scope.parent;
    }
    return { kind: "free", maybeFromWildcard: this.module.hasWildcardImport };
  }

  /** Looks a name up where `node` stands. */
  lookupAt(name: string, node: PyNode): NameLookup {
    return this.lookup(name, this.scopeAt(node));
  }

  /** True when any scope of the file binds the name (to pick names for new bindings that clash with nothing). */
  isBoundAnywhere(name: string): boolean {
    return this.namesBoundAnywhere().has(name);
  }

  /** Every name bound (or declared `global`) in any scope; built once, since fixes ask per finding. */
  private namesBoundAnywhere(): Set<string> {
    if (this.boundAnywhere) return this.boundAnywhere;
    const names = new Set<string>();
    // Iterative: scopes nest as deeply as the code does (10,000 nested lambdas).
    const stack: Scope[] = [this.module];
    while (stack.length > 0) {
      const scope = stack.pop()!;
      for (const name of scope.bindings.keys()) names.add(name);
      for (const name of scope.globals) names.add(name);
      for (const child of scope.children) stack.push(child);
    }
    return (this.boundAnywhere = names);
  }

  private lookupIn(name: string, scope: Scope): NameLookup {
    const bindings = scope.bindings.get(name);
    return bindings ? { kind: "bound", scope, bindings } : { kind: "free", maybeFromWildcard: this.module.hasWildcardImport };
  }
}

/**
 * Whether code at `child` (a child of the scope node `scopeNode`) runs inside that scope. Decorators, default
 * values, annotations and base classes are evaluated in the enclosing scope, as is a comprehension's first iterable.
 */
function evaluatesInside(scopeNode: PyNode, child: PyNode, grandchild: PyNode | undefined): boolean {
  switch (scopeNode.type) {
    case "module":
      return true;
    case "function_definition":
    case "lambda":
    case "class_definition":
      return child.field === "body";
    default: {
      // A comprehension: the first `for_in_clause`'s iterable belongs to the enclosing scope.
      const firstFor = scopeNode.children.find((c) => c.type === "for_in_clause");
      return !(child === firstFor && grandchild?.field === "right");
    }
  }
}

/** The node types `handle` does something for besides scheduling the children. */
const HANDLED_TYPES: ReadonlySet<string> = new Set([
  "function_definition",
  "class_definition",
  "lambda",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
  "import_statement",
  "import_from_statement",
  "future_import_statement",
  "global_statement",
  "nonlocal_statement",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "with_item",
  "except_clause",
  "named_expression",
  "delete_statement",
  "case_clause",
  "type_alias_statement",
]);

/**
 * One pass over the tree. Work items are processed from an explicit stack (deeply nested expressions such as a
 * 30,000-term sum would overflow the call stack), in document order.
 */
class BindingCollector {
  // Every node of the file passes through these stacks, so they are parallel arrays (node, scope) reused for
  // the whole file rather than an object per node.
  /** Nodes still to handle, with the scope each is evaluated in; the next one is at the end. */
  private readonly workNodes: PyNode[] = [];
  private readonly workScopes: Scope[] = [];
  /** Nodes scheduled while handling the current one, in document order. */
  private readonly scheduledNodes: PyNode[] = [];
  private readonly scheduledScopes: Scope[] = [];

  constructor(private readonly scopeByNode: Map<PyNode, Scope>) {}

  collect(root: PyNode, module: Scope): void {
    for (const child of root.children) this.visit(child, module);
    this.moveScheduledToWork();
    while (this.workNodes.length > 0) {
      this.handle(this.workNodes.pop()!, this.workScopes.pop()!);
      this.moveScheduledToWork();
    }
  }

  /** Schedules `node`, evaluated in `scope`. */
  private visit(node: PyNode, scope: Scope): void {
    // A leaf that `handle` has no case for does nothing there: most nodes are such (names, parts of strings).
    if (node.children.length === 0 && !HANDLED_TYPES.has(node.type)) return;
    this.scheduledNodes.push(node);
    this.scheduledScopes.push(scope);
  }

  private moveScheduledToWork(): void {
    // Last scheduled first, so that the first is handled next.
    while (this.scheduledNodes.length > 0) {
      this.workNodes.push(this.scheduledNodes.pop()!);
      this.workScopes.push(this.scheduledScopes.pop()!);
    }
  }

  /** Records the bindings `node` makes, creates the scopes it opens, and schedules its children. */
  private handle(node: PyNode, scope: Scope): void {
    switch (node.type) {
      case "function_definition":
        return this.functionDefinition(node, scope);
      case "class_definition":
        return this.classDefinition(node, scope);
      case "lambda":
        return this.lambda(node, scope);
      case "list_comprehension":
      case "set_comprehension":
      case "dictionary_comprehension":
      case "generator_expression":
        return this.comprehension(node, scope);
      case "import_statement":
        this.importStatement(node, scope);
        return;
      case "import_from_statement":
        this.importFrom(node, scope);
        return;
      case "future_import_statement":
        return;
      case "global_statement":
        for (const id of node.childrenOfType("identifier")) scope.globals.add(id.text);
        return;
      case "nonlocal_statement":
        for (const id of node.childrenOfType("identifier")) scope.nonlocals.add(id.text);
        return;
      case "assignment": {
        const left = node.child("left");
        if (left) this.bindTarget(left, scope, isPlainName(left) ? "assignment" : "other", node);
        break;
      }
      case "augmented_assignment": {
        const left = node.child("left");
        if (left?.type === "identifier") scope.bind({ name: left.text, kind: "augmented-assignment", nameNode: left, node });
        break;
      }
      case "for_statement": {
        const left = node.child("left");
        if (left) this.bindTarget(left, scope, "for", node);
        break;
      }
      case "with_item": {
        const value = node.child("value");
        const alias = value?.type === "as_pattern" ? value.child("alias") : undefined;
        const target = alias?.children[0];
        if (target) this.bindTarget(target, scope, isPlainName(target) ? "with" : "other", node);
        break;
      }
      case "except_clause": {
        const value = node.child("value") ?? node.children.find((c) => c.type === "as_pattern");
        const alias = value?.type === "as_pattern" ? value.child("alias") : undefined;
        const target = alias?.children[0];
        if (target) this.bindTarget(target, scope, "except", node);
        break;
      }
      case "named_expression": {
        const name = node.child("name");
        if (name) this.walrusScope(scope).bind({ name: name.text, kind: "walrus", nameNode: name, node });
        break;
      }
      case "delete_statement":
        for (const target of node.children) this.bindTarget(target, scope, "other", node);
        break;
      case "case_clause":
        for (const pattern of node.childrenOfType("case_pattern")) this.matchCaptures(pattern, scope);
        break;
      case "type_alias_statement": {
        const name = node.child("left")?.children[0];
        if (name?.type === "identifier") scope.bind({ name: name.text, kind: "other", nameNode: name, node });
        break;
      }
    }
    // Nothing else was scheduled here: the children go straight onto the work stack, the first on top (what
    // scheduling them then moving them would do). Indexed: runs for every node of every file.
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child.children.length > 0 || HANDLED_TYPES.has(child.type)) {
        this.workNodes.push(child);
        this.workScopes.push(scope);
      }
    }
  }

  private functionDefinition(node: PyNode, scope: Scope): void {
    const name = node.child("name");
    if (name) scope.bind({ name: name.text, kind: "function", nameNode: name, node });
    const inner = this.newScope("function", node, scope);
    for (const child of node.children) {
      if (child.field === "body") this.visit(child, inner);
      else if (child.field === "parameters") this.parameters(child, inner, scope);
      else if (child.field !== "name") this.visit(child, scope);
    }
  }

  private lambda(node: PyNode, scope: Scope): void {
    const inner = this.newScope("lambda", node, scope);
    for (const child of node.children) {
      if (child.field === "body") this.visit(child, inner);
      else if (child.field === "parameters") this.parameters(child, inner, scope);
      else this.visit(child, scope);
    }
  }

  private classDefinition(node: PyNode, scope: Scope): void {
    const name = node.child("name");
    if (name) scope.bind({ name: name.text, kind: "class", nameNode: name, node });
    const inner = this.newScope("class", node, scope);
    for (const child of node.children) {
      if (child.field === "body") this.visit(child, inner);
      else if (child.field !== "name") this.visit(child, scope);
    }
  }

  private comprehension(node: PyNode, scope: Scope): void {
    const inner = this.newScope("comprehension", node, scope);
    let firstFor = true;
    for (const child of node.children) {
      if (child.type === "for_in_clause") {
        const left = child.child("left");
        if (left) this.bindTarget(left, inner, "for", child);
        for (const part of child.children) {
          if (part.field === "left") continue;
          this.visit(part, firstFor && part.field === "right" ? scope : inner);
        }
        firstFor = false;
      } else {
        this.visit(child, inner);
      }
    }
  }

  /** Parameter names bind in the function's scope; defaults and annotations are evaluated outside it. */
  private parameters(node: PyNode, inner: Scope, outer: Scope): void {
    for (const parameter of node.children) {
      const name = parameterName(parameter);
      if (name) inner.bind({ name: name.text, kind: "parameter", nameNode: name, node: parameter });
      for (const part of parameter.children) if (part !== name && part.field !== "name") this.visit(part, outer);
    }
  }

  private importStatement(node: PyNode, scope: Scope): void {
    for (const name of node.childrenOf("name")) {
      if (name.type === "aliased_import") {
        const alias = name.child("alias");
        const dotted = name.child("name");
        if (alias && dotted) scope.bind({ name: alias.text, kind: "import", nameNode: alias, node, module: dottedText(dotted) });
      } else if (name.type === "dotted_name") {
        // `import a.b.c` binds `a` to the top-level package.
        const first = name.children[0];
        if (first) scope.bind({ name: first.text, kind: "import", nameNode: first, node, module: first.text });
      }
    }
  }

  private importFrom(node: PyNode, scope: Scope): void {
    const moduleNode = node.child("module_name");
    const module = moduleNode ? moduleText(moduleNode) : "";
    if (node.children.some((c) => c.type === "wildcard_import")) scope.hasWildcardImport = true;
    for (const name of node.childrenOf("name")) {
      if (name.type === "aliased_import") {
        const alias = name.child("alias");
        const imported = name.child("name");
        if (alias && imported) scope.bind({ name: alias.text, kind: "import-from", nameNode: alias, node, module, imported: dottedText(imported) });
      } else if (name.type === "dotted_name") {
        const last = name.children[name.children.length - 1];
        if (last) scope.bind({ name: last.text, kind: "import-from", nameNode: last, node, module, imported: dottedText(name) });
      }
    }
  }

  /** Binds every name in an assignment target; attributes and subscripts bind nothing. */
  private bindTarget(target: PyNode, scope: Scope, kind: BindingKind, node: PyNode): void {
    switch (target.type) {
      case "identifier":
        scope.bind({ name: target.text, kind, nameNode: target, node });
        return;
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "expression_list":
      case "parenthesized_expression":
      case "list_splat_pattern":
      case "list_splat":
        for (const child of target.children) this.bindTarget(child, scope, "other", node);
        return;
      default:
        return;
    }
  }

  /** Capture names in a `case` pattern: `case x`, `case [a, *rest]`, `case {"k": v, **kw}`, `case P(x=x0)`, `case ... as z`. */
  private matchCaptures(pattern: PyNode, scope: Scope): void {
    for (const node of pattern.descendants()) {
      const parent = node.parent!.type;
      const capture =
        (node.type === "dotted_name" && node.children.length === 1 && (parent === "case_pattern" || parent === "keyword_pattern")) ||
        (node.type === "identifier" && (parent === "splat_pattern" || parent === "as_pattern"));
      if (!capture) continue;
      const name = node.type === "dotted_name" ? node.children[0] : node;
      scope.bind({ name: name.text, kind: "other", nameNode: name, node: pattern });
    }
  }

  /** A walrus inside comprehensions binds in the nearest enclosing function or module scope. */
  private walrusScope(scope: Scope): Scope {
    let target = scope;
    while (target.kind === "comprehension" && target.parent) target = target.parent;
    return target;
  }

  private newScope(kind: ScopeKind, node: PyNode, parent: Scope): Scope {
    const scope = new Scope(kind, node, parent);
    this.scopeByNode.set(node, scope);
    return scope;
  }
}

function isPlainName(node: PyNode): boolean {
  return node.type === "identifier";
}

/** The identifier a parameter binds: `x`, `x: T`, `x=1`, `x: T = 1`, `*args`, `**kwargs`. */
export function parameterName(parameter: PyNode): PyNode | undefined {
  switch (parameter.type) {
    case "identifier":
      return parameter;
    case "default_parameter":
    case "typed_default_parameter":
      return parameter.child("name");
    case "typed_parameter": {
      const first = parameter.children[0];
      return first?.type === "identifier" ? first : first ? parameterName(first) : undefined;
    }
    case "list_splat_pattern":
    case "dictionary_splat_pattern":
      return parameter.children.find((c) => c.type === "identifier");
    default:
      return undefined;
  }
}

/** `a.b.c` with any whitespace or comments between the parts removed. */
export function dottedText(node: PyNode): string {
  if (node.type === "dotted_name") return node.children.map((c) => c.text).join(".");
  return node.text;
}

/** The module of a from-import as written: `a.b`, `.`, `..pkg.mod`. */
function moduleText(node: PyNode): string {
  if (node.type === "relative_import") {
    const prefix = node.children.find((c) => c.type === "import_prefix")?.text.replace(/\s+/g, "") ?? "";
    const rest = node.children.find((c) => c.type === "dotted_name");
    return prefix + (rest ? dottedText(rest) : "");
  }
  return dottedText(node);
}
