// What a function declaration says about the promise its call returns: declared async (or annotated to return a
// Promise), and whether it can reject at all. Known promise APIs are matched with knowledge/api-match.ts.
import ts from "typescript";
import type { FunctionWithBody } from "./calls";

/** `async function` / `async () =>` (not an async generator, whose call returns an iterator), or a declared `Promise<...>` return type. */
export function returnsPromiseByDeclaration(fn: FunctionWithBody): boolean {
  if (fn.asteriskToken) return false;
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  const returnType = fn.type;
  return !!returnType && ts.isTypeReferenceNode(returnType) && ts.isIdentifier(returnType.typeName) && returnType.typeName.text === "Promise";
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
