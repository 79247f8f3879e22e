import ts from "typescript";
import { truncateForDisplay } from "../core/display";
import { calleeTextPattern, matchApi } from "../knowledge/api-match";
import type { ActiveSeverity } from "../core/model";
import { PROMISE_RETURNING_CALLS, SELF_OBSERVED_PROMISE_CALLS } from "../knowledge/node-promises";
import { enclosingFunction, isAsyncFunction } from "../lang/typescript/async-context";
import { calleeFunction, calleeText, type FunctionWithBody, functionName } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { memberName, skipTransparent, skipWrappers } from "../lang/typescript/resolve";
import { fixesFor, type Problem } from "./typescript-fixes";
import type { NoUnawaitedCallMessageId, NoUnawaitedCallOptions } from "./meta";
import { catchesOwnErrors, returnsPromiseByDeclaration } from "./typescript-promise-sources";
import { isPromiseArrayType, isPromiseType, isThenableType } from "./typescript-types";

type Context = TsRuleContext<NoUnawaitedCallMessageId, NoUnawaitedCallOptions>;

export const detectUnawaitedCalls: TsDetector<NoUnawaitedCallMessageId, NoUnawaitedCallOptions> = (context) => {
  const allowed = context.options.allowedCallees.map(calleeTextPattern);
  return {
    [ts.SyntaxKind.ExpressionStatement]: (node) => {
      const statement = node as ts.ExpressionStatement;
      const problem = findProblem(context, statement.expression, false);
      if (!problem) return;
      const origin = skipTransparent(problem.origin);
      if (ts.isCallExpression(origin)) {
        if (allowed.some((pattern) => pattern.test(normalizedCallee(origin.expression, context.sourceFile)))) return;
        if (matchApi(SELF_OBSERVED_PROMISE_CALLS, context.analysis.resolver.resolve(origin.expression))) return;
      }
      report(context, statement, problem);
    },
  };
};

function report(context: Context, statement: ts.ExpressionStatement, problem: Problem): void {
  const sourceFile = context.sourceFile;
  const origin = skipTransparent(problem.origin);
  const declaration = ts.isCallExpression(origin) ? calleeFunction(origin.expression, context.analysis) : undefined;
  const enclosing = enclosingFunction(statement);
  const inAsyncFunction = !!enclosing && isAsyncFunction(enclosing);
  let messageId: NoUnawaitedCallMessageId =
    problem.kind === "array" ? "unawaitedArray" : problem.kind === "awaitedArray" ? "awaitedArray" : problem.kind === "thenable" ? "unawaitedThenable" : "unawaited";
  let severity: ActiveSeverity | undefined = problem.kind === "thenable" ? "info" : undefined;

  // A function whose body catches every error cannot reject: starting it without waiting is usually deliberate.
  // Only the ordering is at stake, which matters inside an async function and not elsewhere.
  if (problem.kind === "promise" && declaration && origin === skipTransparent(problem.node) && catchesOwnErrors(declaration)) {
    if (!inAsyncFunction) return;
    messageId = "unawaitedSelfHandling";
    severity = "info";
  }

  const range = problem.partial
    ? { start: problem.node.getStart(sourceFile), end: problem.node.end }
    : { start: statement.expression.getStart(sourceFile), end: statement.expression.end };
  context.report({
    range,
    messageId,
    severity,
    data: { subject: subjectOf(origin, problem.kind === "thenable" ? "value" : "promise", sourceFile), type: problem.typeText ?? "", name: describeName(declaration) },
    related: declaration ? [relatedDeclaration(declaration, sourceFile)] : [],
    fixes: problem.partial ? undefined : () => fixesFor(context, statement, problem, inAsyncFunction),
  });
}

/** Looks through the forms that keep a promise dropped (comma, `&&`, `?:`) and stops at those that handle it. */
function findProblem(context: Context, expression: ts.Expression, partial: boolean): Problem | undefined {
  const expr = skipWrappers(expression);
  if (ts.isBinaryExpression(expr)) {
    const operator = expr.operatorToken.kind;
    if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) return undefined;
    if (operator === ts.SyntaxKind.CommaToken) return findProblem(context, expr.left, true) ?? findProblem(context, expr.right, true);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      const inner = findProblem(context, expr.right, partial) ?? findProblem(context, expr.left, partial);
      return inner && { ...inner, node: partial ? inner.node : expr };
    }
    return undefined;
  }
  if (ts.isConditionalExpression(expr)) {
    const inner = findProblem(context, expr.whenTrue, partial) ?? findProblem(context, expr.whenFalse, partial);
    return inner && { ...inner, node: partial ? inner.node : expr };
  }
  if (ts.isVoidExpression(expr)) {
    if (context.options.ignoreVoid) return undefined;
    const inner = findProblem(context, expr.expression, partial);
    return inner && { ...inner, node: expr };
  }
  if (ts.isAwaitExpression(expr)) {
    const awaited = classify(context, skipWrappers(expr.expression), partial);
    return awaited?.kind === "array" ? { ...awaited, kind: "awaitedArray", node: expr } : undefined;
  }
  if (ts.isYieldExpression(expr) || ts.isDeleteExpression(expr)) return undefined;
  return classify(context, expr, partial);
}

/** Whether the expression's value is a promise (or an array of them) that nothing handles. */
function classify(context: Context, expr: ts.Expression, partial: boolean): Problem | undefined {
  if (ts.isCallExpression(expr) && (handlesRejection(context, expr) || passesErrorFirstCallback(expr))) return undefined;
  const origin = originOf(expr);
  const checker = context.checker;
  if (checker && context.program) {
    const type = checker.getTypeAtLocation(expr);
    if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
      if (isPromiseArrayType(checker, context.program, type)) return { kind: "array", node: expr, origin, partial };
      if (isPromiseType(checker, context.program, type)) return { kind: "promise", node: expr, origin, partial };
      if (isThenableType(checker, type, expr) && !isFluentCall(checker, expr, type)) {
        const typeText = checker.typeToString(type);
        return { kind: "thenable", node: expr, origin, partial, typeText: truncateForDisplay(typeText) };
      }
      return undefined;
    }
  }
  if (ts.isArrayLiteralExpression(expr)) {
    return expr.elements.some((element) => !ts.isSpreadElement(element) && promiseCallBySyntax(context, element)) ? { kind: "array", node: expr, origin: expr, partial } : undefined;
  }
  if (ts.isCallExpression(expr)) {
    if (mapsToPromises(context, expr)) return { kind: "array", node: expr, origin: expr, partial };
    if (promiseCallBySyntax(context, expr)) return { kind: "promise", node: expr, origin, partial };
  }
  return undefined;
}

/** Syntax mode: a call known to return a promise, directly or through `.then(ok)` / `.finally(f)` / `.catch()`. */
export function promiseCallBySyntax(context: Context, expression: ts.Expression): boolean {
  const expr = skipWrappers(expression);
  if (!ts.isCallExpression(expr)) return false;
  const method = promiseMethodOf(expr);
  if (method) return promiseCallBySyntax(context, method.receiver);
  const fn = calleeFunction(expr.expression, context.analysis);
  if (fn) return returnsPromiseByDeclaration(fn);
  return !!matchApi(PROMISE_RETURNING_CALLS, context.analysis.resolver.resolve(expr.expression));
}

/** `xs.map(async x => ...)`, `xs.map(x => save(x))`, `xs.map(save)`, `Array.from(xs, async x => ...)`: an array of promises. */
function mapsToPromises(context: Context, call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  let mapper: ts.Expression | undefined;
  if ((callee.name.text === "map" || callee.name.text === "flatMap") && call.arguments.length >= 1) mapper = call.arguments[0];
  else if (callee.name.text === "from" && call.arguments.length >= 2) {
    const array = context.analysis.resolver.resolve(callee.expression);
    if (array?.kind === "module" && array.module === "globalThis" && array.path.join(".") === "Array") mapper = call.arguments[1];
  }
  if (!mapper) return false;
  return producesPromise(context, skipTransparent(mapper));
}

function producesPromise(context: Context, fn: ts.Expression): boolean {
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (returnsPromiseByDeclaration(fn)) return true;
    return ts.isArrowFunction(fn) && !ts.isBlock(fn.body) && promiseCallBySyntax(context, fn.body);
  }
  if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
    const declared = calleeFunction(fn, context.analysis);
    if (declared) return returnsPromiseByDeclaration(declared);
    return !!matchApi(PROMISE_RETURNING_CALLS, context.analysis.resolver.resolve(fn));
  }
  return false;
}

interface PromiseMethod {
  name: "then" | "catch" | "finally";
  receiver: ts.Expression;
  call: ts.CallExpression;
}

function promiseMethodOf(call: ts.CallExpression): PromiseMethod | undefined {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
  const name = memberName(callee);
  if (name !== "then" && name !== "catch" && name !== "finally") return undefined;
  return { name, receiver: callee.expression, call };
}

/** `.catch(handler)` or `.then(ok, handler)`: the rejection is handled (if the handler is a function). */
function handlesRejection(context: Context, call: ts.CallExpression): boolean {
  const method = promiseMethodOf(call);
  if (!method) return false;
  // `.finally(f)` passes its receiver's outcome on: `p.catch(h).finally(f)` is handled (as in typescript-eslint),
  // although `f` itself could still throw.
  if (method.name === "finally") {
    const receiver = skipWrappers(method.receiver);
    return ts.isCallExpression(receiver) && handlesRejection(context, receiver);
  }
  const index = method.name === "catch" ? 0 : 1;
  if (call.arguments.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return true; // cannot tell: assume handled
  const handler = call.arguments[index];
  return !!handler && isFunctionValue(context, handler);
}

/**
 * `client.subscribe(key, (error) => ...)` or `client.unsubscribe(key, () => {})`: dual APIs (ioredis, older mongodb
 * and many others) that take a Node-style callback also return a promise, and route a failure to the callback.
 * The promise is redundant, not dropped.
 */
function passesErrorFirstCallback(call: ts.CallExpression): boolean {
  const last = call.arguments.at(-1);
  const callback = last && skipTransparent(last);
  if (!callback || (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback))) return false;
  // A no-op callback (`() => {}`) is the other common way to say "errors go nowhere, on purpose".
  if (ts.isBlock(callback.body) && callback.body.statements.length === 0) return true;
  const first = callback.parameters[0];
  return !!first && ts.isIdentifier(first.name) && /^err(or)?$/i.test(first.name.text);
}

function isFunctionValue(context: Context, expression: ts.Expression): boolean {
  const expr = skipTransparent(expression);
  if (expr.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(expr)) return false;
  if (ts.isIdentifier(expr) && expr.text === "undefined") return false;
  if (context.checker) {
    const type = context.checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    return (type.isUnion() ? type.types : [type]).some((t) => t.getCallSignatures().length > 0);
  }
  return true;
}

/** The innermost call of a `.then(ok)` / `.finally(f)` / `.catch()` chain: the call that made the promise. */
function originOf(expression: ts.Expression): ts.Expression {
  let expr = skipWrappers(expression);
  for (;;) {
    if (!ts.isCallExpression(expr)) return expr;
    const method = promiseMethodOf(expr);
    if (!method) return expr;
    const receiver = skipWrappers(method.receiver);
    if (!ts.isCallExpression(receiver) && !ts.isNewExpression(receiver)) return expr;
    expr = receiver;
  }
}

/** A builder method returning its own receiver type (`query.where(...)` on a thenable query builder) configures, it does not start work. */
function isFluentCall(checker: ts.TypeChecker, expr: ts.Expression, type: ts.Type): boolean {
  if (!ts.isCallExpression(expr)) return false;
  const callee = skipTransparent(expr.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  return checker.getTypeAtLocation(callee.expression) === type;
}

function subjectOf(origin: ts.Expression, noun: string, sourceFile: ts.SourceFile): string {
  if (ts.isCallExpression(origin)) return `The ${noun} returned by \`${calleeText(origin.expression, sourceFile)}()\``;
  if (ts.isNewExpression(origin)) return `The ${noun} created by \`new ${calleeText(origin.expression, sourceFile)}(...)\``;
  if (ts.isArrayLiteralExpression(origin)) return "This array of promises";
  return `The ${noun} \`${calleeText(origin, sourceFile)}\``;
}

function describeName(fn: FunctionWithBody | undefined): string {
  const name = fn && functionName(fn);
  return name ? `\`${name}\`` : "The function";
}

function relatedDeclaration(fn: FunctionWithBody, sourceFile: ts.SourceFile) {
  const file = fn.getSourceFile();
  const name = functionName(fn);
  const anchor: ts.Node = fn.name ?? (ts.isVariableDeclaration(fn.parent) || ts.isPropertyDeclaration(fn.parent) ? fn.parent.name : fn);
  const isAsync = !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  const what = name ? `\`${name}\`` : "This function";
  return {
    range: { start: anchor.getStart(file), end: anchor.end },
    message: isAsync ? `${what} is declared async here.` : `${what} is declared to return a Promise here.`,
    ...(file === sourceFile ? {} : { filePath: file.fileName, text: file.text }),
  };
}

/** Callee text as `allowedCallees` patterns see it: no spaces, `?.` and `!` dropped. */
function normalizedCallee(callee: ts.Expression, sourceFile: ts.SourceFile): string {
  return callee.getText(sourceFile).replace(/\s+/g, "").replace(/\?\./g, ".").replace(/!(?=\.|$)/g, "");
}
