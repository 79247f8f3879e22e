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
 * True when the function cannot reject: its body has a `try` whose `catch` (and `finally`) has no `throw`, and every
 * other statement is such a `try` too or only reads and assigns (no call, `new`, `await` or `throw`: an early-return
 * guard, `done = true` after it), builds an error object, clears a timer or logs. Such a function is often started
 * on purpose without waiting ("refresh in the background").
 */
export function catchesOwnErrors(fn: FunctionWithBody): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  return body.statements.some(isCatchingTry) && body.statements.every((statement) => isCatchingTry(statement) || !mayThrow(statement));
}

/** `try { ... } catch { ... }` whose `catch` and `finally` do not throw: nothing escapes it. */
function isCatchingTry(statement: ts.Statement): boolean {
  return ts.isTryStatement(statement) && !!statement.catchClause && !containsThrow(statement.catchClause.block) && !(statement.finallyBlock && containsThrow(statement.finallyBlock));
}

/**
 * Calls, `new`, `await` and `throw` may throw; reads, assignments and `return` of a plain value do not (short of a
 * null dereference), nor the calls that cannot fail on any argument: `new Error(...)` and its kin, clearing a timer,
 * `console` output.
 */
function mayThrow(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isNewExpression(child) && isErrorConstructor(child.expression)) {
      for (const argument of child.arguments ?? []) visit(argument);
      return;
    }
    if (ts.isCallExpression(child) && isHarmlessCall(child.expression)) {
      for (const argument of child.arguments) visit(argument);
      return;
    }
    if (ts.isCallExpression(child) || ts.isNewExpression(child) || ts.isAwaitExpression(child) || ts.isThrowStatement(child) || ts.isTaggedTemplateExpression(child)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

const THROWING_NAME = /^(re)?throw/i;

function calleeName(callee: ts.Expression): string | undefined {
  const expr = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  return ts.isIdentifier(expr) ? expr.text : undefined;
}

const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"]);
const TIMER_CLEARS = new Set(["clearTimeout", "clearInterval", "clearImmediate"]);

function isErrorConstructor(callee: ts.Expression): boolean {
  return ts.isIdentifier(callee) && ERROR_CONSTRUCTORS.has(callee.text);
}

/** `clearTimeout(handle)`, `console.warn(...)`: calls that do not throw whatever they are given. */
function isHarmlessCall(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return TIMER_CLEARS.has(callee.text);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "console";
}

/** A `throw`, or a call of a function named to throw (`this.throwGeneralAxiosError(error)`, `rethrow(e)`). */
function containsThrow(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isThrowStatement(child) || (ts.isCallExpression(child) && THROWING_NAME.test(calleeName(child.expression) ?? ""))) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}
