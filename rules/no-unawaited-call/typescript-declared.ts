// Syntax mode: what this file's own type annotations say is a promise. `declare function load(): Promise<T>`,
// `declare const load: () => Promise<T>`, `const pending: Promise<void> = ...` and `x as Promise<T>` state it as
// plainly as an `async` keyword does.
import ts from "typescript";
import type { TsFileAnalysis } from "../lang/typescript/analysis";
import { skipWrappers } from "../lang/typescript/resolve";

/** A type annotation naming the built-in `Promise` (or a union or intersection with it). */
export function isPromiseTypeNode(node: ts.TypeNode | undefined, analysis: TsFileAnalysis): boolean {
  if (!node) return false;
  if (ts.isParenthesizedTypeNode(node)) return isPromiseTypeNode(node.type, analysis);
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return node.types.some((part) => isPromiseTypeNode(part, analysis));
  if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName) || node.typeName.text !== "Promise") return false;
  // A local `Promise` (a class or type of that name declared in this file) is not the built-in one.
  return analysis.resolver.declarationOf(node.typeName) === "global";
}

/** The return type a callee's declaration states: `declare function f(): T`, `const f: () => T`, `f(): T;` overloads. */
export function declaredReturnType(callee: ts.Expression, analysis: TsFileAnalysis): ts.TypeNode | undefined {
  const declaration = declarationOfName(callee, analysis);
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration.type;
  if (ts.isVariableDeclaration(declaration)) {
    const type = declaration.type && skipParenthesizedType(declaration.type);
    return type && (ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type)) ? type.type : undefined;
  }
  return undefined;
}

/** The type a variable's declaration states: `declare const p: Promise<T>`, `let p: Promise<T> | undefined`. */
export function declaredValueType(expression: ts.Expression, analysis: TsFileAnalysis): ts.TypeNode | undefined {
  const declaration = declarationOfName(expression, analysis);
  return declaration && ts.isVariableDeclaration(declaration) ? declaration.type : undefined;
}

/** `x as Promise<T>`, `<Promise<T>>x`: the author states the type. */
export function assertedType(expression: ts.Expression): ts.TypeNode | undefined {
  const expr = skipWrappers(expression);
  if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr)) return expr.type;
  return undefined;
}

function declarationOfName(expression: ts.Expression, analysis: TsFileAnalysis): ts.Node | undefined {
  const expr = skipWrappers(expression);
  if (!ts.isIdentifier(expr)) return undefined;
  const declaration = analysis.resolver.declarationOf(expr);
  return declaration === "global" ? undefined : declaration;
}

function skipParenthesizedType(node: ts.TypeNode): ts.TypeNode {
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  return node;
}
