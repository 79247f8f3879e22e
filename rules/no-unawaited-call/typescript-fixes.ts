// Suggestions only: awaiting changes when the code after the call runs and where its error goes, and
// `void` documents a decision only the author can make. Neither is ever applied by --fix.
import ts from "typescript";
import type { Fix, TextEdit } from "../core/model";
import type { TsRuleContext } from "../lang/typescript/detector";
import { skipWrappers } from "../lang/typescript/resolve";
import type { NoUnawaitedCallMessageId, NoUnawaitedCallOptions } from "./meta";

type Context = TsRuleContext<NoUnawaitedCallMessageId, NoUnawaitedCallOptions>;

/** What a statement drops. */
export interface Problem {
  kind: "promise" | "thenable" | "array" | "awaitedArray";
  /** The dropped expression (a part of the statement's expression when it is a comma, `&&` or `?:` expression). */
  node: ts.Expression;
  /** The call (or expression) that produced the promise, looking through `.then(ok)` and `.finally(f)`. */
  origin: ts.Expression;
  /** A comma-expression operand: too entangled for a statement-level fix. */
  partial: boolean;
  typeText?: string;
}

export function fixesFor(context: Context, statement: ts.ExpressionStatement, problem: Problem, inAsyncFunction: boolean): Fix[] {
  const sourceFile = context.sourceFile;
  const expression = statement.expression;
  const start = expression.getStart(sourceFile);
  const fixes: Fix[] = [];

  if (problem.kind === "awaitedArray") {
    const awaited = skipWrappers(expression);
    if (!ts.isAwaitExpression(awaited) || !promiseIsGlobal(context, statement)) return [];
    const operand = awaited.expression;
    fixes.push({
      title: "Wait for every promise with Promise.all",
      edits: [
        { start: operand.getStart(sourceFile), end: operand.getStart(sourceFile), text: "Promise.all(" },
        { start: operand.end, end: operand.end, text: ")" },
      ],
      safety: "unsafe",
      isPreferred: true,
    });
    return fixes;
  }

  // With `ignoreVoid: false`, the statement may already be `void x`: awaiting replaces the `void`.
  const voided = ts.isVoidExpression(expression) ? expression : undefined;
  const target = voided ? voided.expression : expression;

  if (inAsyncFunction) {
    if (problem.kind === "array") {
      if (promiseIsGlobal(context, statement)) {
        fixes.push({
          title: "Wait for every promise with await Promise.all",
          edits: [
            { start, end: target.getStart(sourceFile), text: "await Promise.all(" },
            { start: target.end, end: target.end, text: ")" },
          ],
          safety: "unsafe",
          isPreferred: true,
        });
      }
    } else {
      fixes.push({ title: "Add await", edits: voided ? [{ start, end: target.getStart(sourceFile), text: prefixFor("await", target) }, ...closeFor(target)] : prefixEdits("await", target, sourceFile), safety: "unsafe", isPreferred: true });
    }
  }
  if (!voided) {
    fixes.push({ title: "Mark as intentionally detached with void", edits: prefixEdits("void", expression, sourceFile), safety: "unsafe" });
  }
  return fixes;
}

/** `await x` / `void x`, or `await (a ? b() : c())` when the operand binds looser than a unary operator. */
function prefixEdits(keyword: string, expression: ts.Expression, sourceFile: ts.SourceFile): TextEdit[] {
  const start = expression.getStart(sourceFile);
  return [{ start, end: start, text: prefixFor(keyword, expression) }, ...closeFor(expression)];
}

function prefixFor(keyword: string, expression: ts.Expression): string {
  return needsParentheses(expression) ? `${keyword} (` : `${keyword} `;
}

function closeFor(expression: ts.Expression): TextEdit[] {
  return needsParentheses(expression) ? [{ start: expression.end, end: expression.end, text: ")" }] : [];
}

function needsParentheses(expression: ts.Expression): boolean {
  return (
    ts.isBinaryExpression(expression) ||
    ts.isConditionalExpression(expression) ||
    ts.isArrowFunction(expression) ||
    ts.isYieldExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isSatisfiesExpression(expression)
  );
}

/** `Promise` at the statement is the global one, not a local class or import of that name. */
function promiseIsGlobal(context: Context, at: ts.Node): boolean {
  const probe = ts.factory.createIdentifier("Promise");
  (probe as { parent: ts.Node }).parent = at;
  return context.analysis.resolver.declarationOf(probe) === "global";
}
