// Where a call's promise comes from, as far as syntax (and, when present, the type checker) can tell:
// a function declared async (or annotated to return a Promise), or a known API from the knowledge tables.
// Shared by no-unawaited-call and require-concurrency-limit.
import ts from "typescript";
import { truncateForDisplay } from "../core/display";
import type { ApiPattern } from "../knowledge/node-promises";
import type { TsFileAnalysis } from "../lang/typescript/analysis";
import { type ResolvedValue, skipTransparent } from "../lang/typescript/resolve";

/**
 * Matches an export path against a dotted pattern: `*` within a segment matches any characters of one name,
 * a final `**` any number of trailing names (including none). `""` matches the module itself.
 */
export function pathMatches(pattern: string, path: readonly string[]): boolean {
  const parts = pattern === "" ? [] : pattern.split(".");
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === "**" && i === parts.length - 1) return true;
    if (i >= path.length || !segmentMatches(parts[i], path[i])) return false;
  }
  return parts.length === path.length;
}

const segmentPatterns = new Map<string, RegExp>();
function segmentMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  let regex = segmentPatterns.get(pattern);
  if (!regex) {
    regex = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
    segmentPatterns.set(pattern, regex);
  }
  return regex.test(name);
}

export function matchApi<P extends ApiPattern>(patterns: readonly P[], value: ResolvedValue | undefined): P | undefined {
  if (!value || value.kind !== "module") return undefined;
  return patterns.find((p) => p.module === value.module && pathMatches(p.name, value.path));
}

/** `async function` / `async () =>` (not an async generator, whose call returns an iterator), or a declared `Promise<...>` return type. */
export function returnsPromiseByDeclaration(fn: FunctionWithBody): boolean {
  if (fn.asteriskToken) return false;
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  const returnType = fn.type;
  return !!returnType && ts.isTypeReferenceNode(returnType) && ts.isIdentifier(returnType.typeName) && returnType.typeName.text === "Promise";
}

export type FunctionWithBody = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * The function a callee refers to, when its definition can be seen: a function or `const` arrow/function in
 * scope, an async IIFE, a method (or arrow-function property) of the class `this` belongs to, and in typed
 * mode anything the checker resolves to a declaration with a body in the program's own files.
 */
export function calleeFunction(callee: ts.Expression, analysis: TsFileAnalysis): FunctionWithBody | undefined {
  const expr = skipTransparent(callee);
  if (ts.isFunctionExpression(expr) || ts.isArrowFunction(expr)) return expr;
  if (ts.isIdentifier(expr)) {
    const declaration = analysis.resolver.declarationOf(expr);
    if (declaration !== "global") {
      const fn = functionOfDeclaration(declaration);
      if (fn) return fn;
      if (!analysis.checker) return undefined;
    }
  } else if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = classOfThis(expr);
    if (owner) {
      const member = classMember(owner.cls, expr.name.text, owner.isStatic);
      if (member !== "unknown") return member;
    }
  }
  return analysis.checker ? functionFromChecker(expr, analysis.checker) : undefined;
}

/** A declaration that is (or is a `const` bound to) a function with a body. */
function functionOfDeclaration(declaration: ts.Node): FunctionWithBody | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration.body ? declaration : implementationOf(declaration);
  if (ts.isFunctionExpression(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isVariableDeclarationList(declaration.parent)) {
    // `let` and `var` bindings may be reassigned to something else.
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** The implementation after a run of overload signatures. */
function implementationOf(signature: ts.FunctionDeclaration): ts.FunctionDeclaration | undefined {
  const name = signature.name?.text;
  const container = signature.parent;
  if (!name || !(ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container))) return undefined;
  return container.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name && !!s.body);
}

/** The class whose instance (or constructor, for static members) `this` is at `node`, if `this` is bound by a class member. */
export function classOfThis(node: ts.Node): { cls: ts.ClassLikeDeclaration; isStatic: boolean } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
    if (
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isGetAccessorDeclaration(current) ||
      ts.isSetAccessorDeclaration(current) ||
      ts.isPropertyDeclaration(current) ||
      ts.isClassStaticBlockDeclaration(current)
    ) {
      if (!ts.isClassLike(current.parent)) return undefined;
      const isStatic = ts.isClassStaticBlockDeclaration(current) || !!current.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      return { cls: current.parent, isStatic };
    }
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/**
 * The function a class member of that name holds: a method with a body or a property initialised with a function.
 * `undefined` when the member exists but holds something else; "unknown" when the class does not declare it
 * (it may be inherited).
 */
function classMember(cls: ts.ClassLikeDeclaration, name: string, isStatic: boolean): FunctionWithBody | undefined | "unknown" {
  let found: FunctionWithBody | undefined | "unknown" = "unknown";
  for (const member of cls.members) {
    if (!member.name || memberNameText(member.name) !== name) continue;
    const memberIsStatic = !!ts.getModifiers(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (memberIsStatic !== isStatic) continue;
    if (ts.isMethodDeclaration(member)) {
      if (member.body) return member;
      found = undefined;
    } else if (ts.isPropertyDeclaration(member) && member.initializer) {
      const init = skipTransparent(member.initializer);
      return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init : undefined;
    } else {
      found = undefined;
    }
  }
  return found;
}

function memberNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function functionFromChecker(callee: ts.Expression, checker: ts.TypeChecker): FunctionWithBody | undefined {
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!target) return undefined;
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration.body ? declaration : undefined;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    if (ts.isVariableDeclaration(declaration) && !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/**
 * True when the function cannot reject: its body ends in a `try` whose `catch` (and `finally`) contains no
 * `throw`, and anything before the `try` only reads and assigns (no call, `new`, `await` or `throw`, e.g. an
 * early-return guard). Such a function is often started on purpose without waiting ("refresh in the background").
 */
export function catchesOwnErrors(fn: FunctionWithBody): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body) || body.statements.length === 0) return false;
  const statement = body.statements[body.statements.length - 1];
  if (!ts.isTryStatement(statement) || !statement.catchClause) return false;
  if (body.statements.slice(0, -1).some((guard) => mayThrow(guard))) return false;
  return !containsThrow(statement.catchClause.block) && !(statement.finallyBlock && containsThrow(statement.finallyBlock));
}

/** Calls, `new`, `await` and `throw` may throw; reads, assignments and `return` of a plain value do not (short of a null dereference). */
function mayThrow(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isCallExpression(child) || ts.isNewExpression(child) || ts.isAwaitExpression(child) || ts.isThrowStatement(child) || ts.isTaggedTemplateExpression(child)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function containsThrow(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isThrowStatement(child)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Short display text of a callee: whitespace removed, long chains shortened. */
export function calleeText(callee: ts.Expression, sourceFile: ts.SourceFile): string {
  let inner = callee;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  // An immediately invoked function: its body is no name for it.
  if (ts.isArrowFunction(inner)) return `(${isAsyncFunction(inner) ? "async " : ""}() => {...})`;
  if (ts.isFunctionExpression(inner)) return `(${isAsyncFunction(inner) ? "async " : ""}function${inner.name ? " " + inner.name.text : ""}() {...})`;
  const text = callee.getText(sourceFile).replace(/\s*\.\s*/g, ".").replace(/\s+/g, " ");
  return truncateForDisplay(text, { keep: "end" });
}

function isAsyncFunction(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}
