import ts from "typescript";
import {
  GLOBAL_MODULE,
  type InstanceFactory,
  type InstanceMethodResult,
  NODE_INSTANCE_FACTORIES,
  NODE_INSTANCE_METHOD_RESULTS,
} from "../../knowledge/node-instances";
import type { TypeQuestions } from "./type-questions";

/**
 * What an expression refers to, as far as rules care: a module's export (or the module itself),
 * a global, or an object made by a known factory. Matching by origin, never by name alone, is what
 * keeps a user's own `readFileSync` from being flagged.
 */
export type ResolvedValue =
  | { kind: "module"; module: string; path: string[] }
  | { kind: "instance"; type: string }
  | { kind: "instance-member"; type: string; member: string };

const MAX_DEPTH = 8;
/** How many levels up a scope is looked for before the walk is remembered (see scopeAtOrAbove). */
const SHORT_WALK = 16;

export function normalizeModuleName(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** Skips wrappers that do not change the value: parentheses, type assertions, `!`, `satisfies`. */
export function skipTransparent(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
      expr = expr.expression;
    } else {
      return expr;
    }
  }
}

/** Parentheses, `!` and `satisfies` do not change the value; `as` does change what the checker reports and is kept. */
export function skipWrappers(expression: ts.Expression): ts.Expression {
  let expr = expression;
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  return expr;
}

/** Name of a property access or of an element access with a literal key. */
export function memberName(expr: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression)) return expr.argumentExpression.text;
  return undefined;
}

/** What the resolver knows of one scope, each part found on first need. */
interface ScopeRecord {
  /** What the scope itself declares. */
  declared: ReadonlyMap<string, ts.Node> | undefined;
  /** The scope that holds it (null: none, it is the file). */
  outer: ts.Node | null | undefined;
  /** What each name looked up from inside it refers to. */
  readonly lookups: Map<string, ts.Node | "global">;
}

export class TsResolver {
  // Memos keyed by node, alive as long as the resolver (one file's lint): several rules ask about the same callee,
  // and a scope's declarations are collected once. Maps, not WeakMaps: they are faster and die with the resolver.
  private readonly resolved = new Map<ts.Expression, { value: ResolvedValue | undefined; reach: number }>();
  /** While resolving: the deepest level reached, and whether MAX_DEPTH cut a branch short. */
  private deepest = 0;
  private cutShort = false;
  private readonly declarations = new Map<ts.Identifier, ts.Node | "global">();
  private readonly nearestScope = new Map<ts.Node, ts.Node | null>();
  private readonly scopes = new Map<ts.Node, ScopeRecord>();
  private readonly factories: InstanceFactory[];
  private readonly methodResults: InstanceMethodResult[];

  constructor(
    private readonly types?: TypeQuestions,
    extra?: { factories?: InstanceFactory[]; methodResults?: InstanceMethodResult[] },
  ) {
    this.factories = [...NODE_INSTANCE_FACTORIES, ...(extra?.factories ?? [])];
    this.methodResults = [...NODE_INSTANCE_METHOD_RESULTS, ...(extra?.methodResults ?? [])];
  }

  /** The value is shared between callers (it is memoized): read it, do not change it. */
  resolve(expression: ts.Expression, depth = 0): ResolvedValue | undefined {
    if (depth > MAX_DEPTH) {
      this.cutShort = true;
      return undefined;
    }
    // A resolution is remembered with how many levels it went down (`reach`): it is the same from any depth that
    // leaves room for them. One cut short by MAX_DEPTH depends on where it started: it is remembered for depth 0 only.
    const known = this.resolved.get(expression);
    if (known !== undefined && (known.reach < 0 ? depth === 0 : depth + known.reach <= MAX_DEPTH)) {
      if (depth + known.reach > this.deepest) this.deepest = depth + known.reach;
      return known.value;
    }
    const outerDeepest = this.deepest;
    const outerCutShort = this.cutShort;
    this.deepest = depth;
    this.cutShort = false;
    const value = this.resolveUncached(expression, depth);
    if (!this.cutShort) this.resolved.set(expression, { value, reach: this.deepest - depth });
    else if (depth === 0) this.resolved.set(expression, { value, reach: -1 });
    this.deepest = Math.max(outerDeepest, this.deepest);
    this.cutShort ||= outerCutShort;
    return value;
  }

  private resolveUncached(expression: ts.Expression, depth: number): ResolvedValue | undefined {
    const expr = skipTransparent(expression);
    if (ts.isIdentifier(expr)) return this.resolveIdentifier(expr, depth);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const name = memberName(expr);
      if (name === undefined) return undefined;
      return this.member(this.resolve(expr.expression, depth + 1), name);
    }
    if (ts.isCallExpression(expr)) {
      const required = requiredModule(expr, this);
      if (required !== undefined) return { kind: "module", module: required, path: [] };
      return this.instanceCreatedBy(this.resolve(expr.expression, depth + 1));
    }
    if (ts.isNewExpression(expr)) return this.instanceCreatedBy(this.resolve(expr.expression, depth + 1));
    return undefined;
  }

  /** The declaration an identifier refers to, or "global" when nothing in scope declares it. */
  declarationOf(id: ts.Identifier): ts.Node | "global" {
    let declaration = this.declarations.get(id);
    if (declaration === undefined) {
      declaration = this.findDeclaration(id);
      this.declarations.set(id, declaration);
    }
    return declaration;
  }

  private findDeclaration(id: ts.Identifier): ts.Node | "global" {
    const name = id.text;
    // Each scope passed remembers what the name is from inside it, so the next lookup of a name (a global like
    // `console`, an import) from there or below stops at the first scope that was asked before.
    let passed: ScopeRecord[] | undefined;
    let found: ts.Node | "global" = "global";
    let scope = this.scopeAtOrAbove(id.parent);
    while (scope) {
      let record = this.scopes.get(scope);
      if (!record) this.scopes.set(scope, (record = { declared: undefined, outer: undefined, lookups: new Map() }));
      const known = record.lookups.get(name);
      if (known !== undefined) {
        found = known;
        break;
      }
      (passed ??= []).push(record);
      const declared = (record.declared ??= collectScopeDeclarations(scope)).get(name);
      if (declared) {
        found = declared;
        break;
      }
      if (record.outer === undefined) record.outer = this.scopeAtOrAbove(scope.parent) ?? null;
      scope = record.outer ?? undefined;
    }
    if (passed) for (const record of passed) record.lookups.set(name, found);
    return found;
  }

  /**
   * The nearest scope node at or above `node`. Most nodes are a few levels below theirs; past a few levels (a deep
   * expression, a 10,000-link promise chain) the answer is remembered for every node passed, or looking up each
   * identifier by walking every ancestor would be quadratic.
   */
  private scopeAtOrAbove(node: ts.Node | undefined): ts.Node | undefined {
    let current = node;
    for (let steps = 0; current && steps < SHORT_WALK; steps++, current = current.parent) {
      if (isScope(current)) return current;
    }
    return current && this.rememberedScopeAtOrAbove(current);
  }

  private rememberedScopeAtOrAbove(node: ts.Node): ts.Node | undefined {
    const passed: ts.Node[] = [];
    let result: ts.Node | null = null;
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      const known = this.nearestScope.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      if (isScope(current)) {
        result = current;
        break;
      }
      passed.push(current);
    }
    for (const ancestor of passed) this.nearestScope.set(ancestor, result);
    return result ?? undefined;
  }

  /** True when the identifier refers to the global of that name (not shadowed anywhere in scope). */
  isGlobal(id: ts.Identifier): boolean {
    if (this.types) {
      const symbol = this.types.symbolAt(id);
      if (symbol) return symbol.declarations().every((d) => isGlobalDeclaration(d));
    }
    return this.declarationOf(id) === "global";
  }

  private resolveIdentifier(id: ts.Identifier, depth: number): ResolvedValue | undefined {
    if (this.types) {
      const typed = this.resolveWithTypes(id, depth);
      if (typed !== "unknown") return typed;
    }
    const declaration = this.declarationOf(id);
    if (declaration === "global") {
      if (id.text === "globalThis" || id.text === "undefined") return id.text === "globalThis" ? { kind: "module", module: GLOBAL_MODULE, path: [] } : undefined;
      return { kind: "module", module: GLOBAL_MODULE, path: [id.text] };
    }
    return this.interpretDeclaration(declaration, depth);
  }

  /** Typed mode: follow aliases and re-exports with the checker. "unknown" falls back to syntax. */
  private resolveWithTypes(id: ts.Identifier, depth: number): ResolvedValue | undefined | "unknown" {
    let symbol = this.types!.symbolAt(id);
    if (!symbol) return "unknown";
    if (symbol.isAlias) {
      const target = symbol.aliased();
      const targetDeclarations = target?.declarations();
      if (!target || target.isAlias || !targetDeclarations?.length) return "unknown";
      // A default or namespace import of a package is the module itself: its typings may name the default
      // export (`declare const axios: AxiosStatic; export default axios`), which is not part of the export path.
      const importDeclaration = symbol.declarations()[0];
      const targetDeclaration = target.valueDeclaration() ?? targetDeclarations[0];
      if (importDeclaration && isWholeModuleImport(importDeclaration) && targetDeclaration.getSourceFile().isDeclarationFile) {
        return this.interpretDeclaration(importDeclaration, depth);
      }
      symbol = target;
    }
    const declaration = symbol.valueDeclaration() ?? symbol.declarations()[0];
    if (!declaration) return "unknown";
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile) return valueOfDeclaredSymbol(declaration);
    if (ts.isSourceFile(declaration)) return undefined;
    return this.interpretDeclaration(declaration, depth);
  }

  private interpretDeclaration(declaration: ts.Node, depth: number): ResolvedValue | undefined {
    if (ts.isImportClause(declaration)) {
      if (declaration.isTypeOnly) return undefined;
      return moduleOfImport(declaration.parent);
    }
    if (ts.isNamespaceImport(declaration)) return moduleOfImport(declaration.parent.parent);
    if (ts.isImportSpecifier(declaration)) {
      const base = moduleOfImport(declaration.parent.parent.parent);
      const imported = (declaration.propertyName ?? declaration.name).text;
      return base && imported !== "default" ? this.member(base, imported) : base;
    }
    if (ts.isImportEqualsDeclaration(declaration)) {
      const reference = declaration.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteralLike(reference.expression)) {
        return { kind: "module", module: normalizeModuleName(reference.expression.text), path: [] };
      }
      return undefined;
    }
    if (ts.isVariableDeclaration(declaration)) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
      return this.resolve(declaration.initializer, depth + 1);
    }
    if (ts.isBindingElement(declaration)) {
      const pattern = declaration.parent;
      if (!ts.isObjectBindingPattern(pattern) || declaration.dotDotDotToken) return undefined;
      const key = declaration.propertyName ?? declaration.name;
      const keyName = ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
      if (keyName === undefined) return undefined;
      const owner = pattern.parent;
      let source: ResolvedValue | undefined;
      if (ts.isVariableDeclaration(owner) && owner.initializer) source = this.resolve(owner.initializer, depth + 1);
      else if (ts.isBindingElement(owner)) source = this.interpretDeclaration(owner, depth + 1);
      return this.member(source, keyName);
    }
    return undefined;
  }

  private member(base: ResolvedValue | undefined, name: string): ResolvedValue | undefined {
    if (!base) return undefined;
    if (base.kind === "module") return { kind: "module", module: base.module, path: [...base.path, name] };
    if (base.kind === "instance") return { kind: "instance-member", type: base.type, member: name };
    return undefined;
  }

  private instanceCreatedBy(callee: ResolvedValue | undefined): ResolvedValue | undefined {
    if (!callee) return undefined;
    if (callee.kind === "module") {
      const factory = this.factories.find((f) => f.module === callee.module && samePath(f.path, callee.path));
      return factory ? { kind: "instance", type: factory.type } : undefined;
    }
    if (callee.kind === "instance-member") {
      const result = this.methodResults.find((r) => r.type === callee.type && r.member === callee.member);
      return result ? { kind: "instance", type: result.returns } : undefined;
    }
    return undefined;
  }
}

function isWholeModuleImport(declaration: ts.Declaration): boolean {
  if (ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration)) return true;
  return ts.isImportSpecifier(declaration) && (declaration.propertyName ?? declaration.name).text === "default";
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function moduleOfImport(importDeclaration: ts.ImportDeclaration | ts.JSDocImportTag): ResolvedValue | undefined {
  const specifier = importDeclaration.moduleSpecifier;
  if (!ts.isStringLiteralLike(specifier)) return undefined;
  return { kind: "module", module: normalizeModuleName(specifier.text), path: [] };
}

/** `require("x")` with the real `require` (not a local function of that name). */
function requiredModule(call: ts.CallExpression, resolver: TsResolver): string | undefined {
  const callee = skipTransparent(call.expression);
  if (!ts.isIdentifier(callee) || callee.text !== "require" || call.arguments.length !== 1) return undefined;
  const argument = call.arguments[0];
  if (!ts.isStringLiteralLike(argument)) return undefined;
  if (resolver.declarationOf(callee) !== "global") return undefined;
  return normalizeModuleName(argument.text);
}

function isGlobalDeclaration(declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile();
  if (!file.isDeclarationFile) return false;
  // The innermost module block decides: `declare module "node:console" { global { var console } }` (as
  // @types/node declares console, process, Buffer...) is global; a declaration of `declare module "x"` is not.
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (!ts.isModuleDeclaration(node)) continue;
    if (ts.isIdentifier(node.name) && node.name.text === "global") return true;
    if (ts.isStringLiteral(node.name)) return false;
  }
  return !ts.isExternalModule(file);
}


/** Maps a declaration found in a .d.ts file to its module and export path. */
function valueOfDeclaredSymbol(declaration: ts.Node): ResolvedValue | undefined {
  const path: string[] = [];
  let node: ts.Node | undefined = declaration;
  for (; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isModuleDeclaration(node)) {
      if (ts.isStringLiteral(node.name)) return { kind: "module", module: normalizeModuleName(node.name.text), path };
      if (node.name.text === "global") return { kind: "module", module: GLOBAL_MODULE, path };
      path.unshift(node.name.text);
      continue;
    }
    const name = (node as ts.NamedDeclaration).name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && isNamedMember(node)) path.unshift(name.text);
  }
  if (!node) return undefined;
  const file = node as ts.SourceFile;
  if (!ts.isExternalModule(file)) return { kind: "module", module: GLOBAL_MODULE, path };
  const packageName = packageNameOfPath(file.fileName);
  return packageName ? { kind: "module", module: packageName, path } : undefined;
}

function isNamedMember(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isVariableDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isMethodSignature(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isPropertySignature(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isEnumDeclaration(node)
  );
}

/** `/x/node_modules/@types/foo__bar/index.d.ts` → `@foo/bar`; `/x/node_modules/pkg/lib/a.d.ts` → `pkg`. */
export function packageNameOfPath(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, "/");
  const at = normalized.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const parts = normalized.slice(at + "/node_modules/".length).split("/");
  if (parts[0] === "@types" && parts[1]) {
    const typed = parts[1];
    return typed.includes("__") ? "@" + typed.replace("__", "/") : typed;
  }
  if (parts[0].startsWith("@") && parts[1]) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function isScope(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.ClassExpression:
      return true;
    default:
      return ts.isFunctionLike(node);
  }
}

/** What a scope with no declarations of its own holds (most blocks): one shared, never-changed map. */
const NO_DECLARATIONS: ReadonlyMap<string, ts.Node> = new Map();

function collectScopeDeclarations(scope: ts.Node): ReadonlyMap<string, ts.Node> {
  const map = new Map<string, ts.Node>();
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    addStatements(map, scope.statements);
    if (ts.isSourceFile(scope) || (ts.isBlock(scope) && scope.parent && ts.isFunctionLike(scope.parent))) addHoistedVars(map, scope);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) addStatements(map, clause.statements);
  } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
    const initializer = scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) for (const d of initializer.declarations) addBinding(map, d.name, d);
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(map, scope.variableDeclaration.name, scope.variableDeclaration);
  } else if (ts.isClassExpression(scope)) {
    if (scope.name) map.set(scope.name.text, scope);
  } else if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) addBinding(map, parameter.name, parameter);
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name && !map.has(scope.name.text)) {
      if (ts.isFunctionExpression(scope)) map.set(scope.name.text, scope);
    }
  }
  return map.size > 0 ? map : NO_DECLARATIONS;
}

function addBinding(map: Map<string, ts.Node>, name: ts.BindingName, declaration: ts.Node): void {
  if (ts.isIdentifier(name)) {
    if (!map.has(name.text)) map.set(name.text, declaration);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) addBinding(map, element.name, ts.isIdentifier(element.name) ? element : declaration);
  }
}

function addStatements(map: Map<string, ts.Node>, statements: readonly ts.Statement[]): void {
  for (const statement of statements) {
    switch (statement.kind) {
      case ts.SyntaxKind.VariableStatement:
        for (const declaration of (statement as ts.VariableStatement).declarationList.declarations) addBinding(map, declaration.name, declaration);
        break;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.EnumDeclaration: {
        const name = (statement as ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration).name;
        if (name && !map.has(name.text)) map.set(name.text, statement);
        break;
      }
      case ts.SyntaxKind.ModuleDeclaration: {
        const name = (statement as ts.ModuleDeclaration).name;
        if (ts.isIdentifier(name)) map.set(name.text, statement);
        break;
      }
      case ts.SyntaxKind.ImportDeclaration: {
        const clause = (statement as ts.ImportDeclaration).importClause;
        if (!clause) break;
        if (clause.name) map.set(clause.name.text, clause);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) map.set(bindings.name.text, bindings);
        if (bindings && ts.isNamedImports(bindings)) for (const specifier of bindings.elements) map.set(specifier.name.text, specifier);
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration:
        map.set((statement as ts.ImportEqualsDeclaration).name.text, statement);
        break;
    }
  }
}

/**
 * `var` declarations in nested blocks are hoisted to the enclosing function or file. Only statements can hold them
 * outside a nested function or class, so expressions are not entered. An explicit stack, in source order (the first
 * declaration wins): recursion overflows on deeply nested code.
 */
function addHoistedVars(map: Map<string, ts.Node>, root: ts.SourceFile | ts.Block): void {
  const stack: ts.Node[] = [];
  pushInReverse(stack, root.statements);
  while (stack.length > 0) {
    const node = stack.pop()!;
    // The nodes directly inside a statement that may hold a `var` of the enclosing function: nested statements and
    // a loop's declaration list, in source order. Not a nested function's or class's body, whose `var`s are their own.
    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclarationList:
        if (!(node.flags & ts.NodeFlags.BlockScoped)) for (const declaration of (node as ts.VariableDeclarationList).declarations) addBinding(map, declaration.name, declaration);
        break;
      case ts.SyntaxKind.VariableStatement:
        stack.push((node as ts.VariableStatement).declarationList);
        break;
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.ModuleBlock:
        pushInReverse(stack, (node as ts.Block | ts.ModuleBlock).statements);
        break;
      case ts.SyntaxKind.ModuleDeclaration: {
        const body = (node as ts.ModuleDeclaration).body;
        if (body) stack.push(body);
        break;
      }
      case ts.SyntaxKind.IfStatement: {
        const statement = node as ts.IfStatement;
        if (statement.elseStatement) stack.push(statement.elseStatement);
        stack.push(statement.thenStatement);
        break;
      }
      case ts.SyntaxKind.DoStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.WithStatement:
        stack.push((node as ts.DoStatement | ts.WhileStatement | ts.LabeledStatement | ts.WithStatement).statement);
        break;
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement: {
        const loop = node as ts.ForStatement | ts.ForInStatement | ts.ForOfStatement;
        stack.push(loop.statement);
        if (loop.initializer && ts.isVariableDeclarationList(loop.initializer)) stack.push(loop.initializer);
        break;
      }
      case ts.SyntaxKind.SwitchStatement: {
        const clauses = (node as ts.SwitchStatement).caseBlock.clauses;
        for (let i = clauses.length - 1; i >= 0; i--) pushInReverse(stack, clauses[i].statements);
        break;
      }
      case ts.SyntaxKind.TryStatement: {
        const statement = node as ts.TryStatement;
        if (statement.finallyBlock) stack.push(statement.finallyBlock);
        if (statement.catchClause) stack.push(statement.catchClause.block);
        stack.push(statement.tryBlock);
        break;
      }
    }
  }
}

function pushInReverse(stack: ts.Node[], nodes: readonly ts.Node[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
}
