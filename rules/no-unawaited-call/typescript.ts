import ts from "typescript";
import { truncateForDisplay } from "../core/display";
import { calleeTextPattern, matchApi } from "../knowledge/api-match";
import type { ActiveSeverity } from "../core/model";
import { PROMISE_RETURNING_CALLS, SELF_OBSERVED_PROMISE_CALLS } from "../knowledge/node-promises";
import { enclosingFunction, isAsyncFunction } from "../lang/typescript/async-context";
import { calleeFunction, calleeText, type FunctionWithBody, functionName } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { memberName, skipTransparent, skipWrappers } from "../lang/typescript/resolve";
import { isPrimitiveBySyntax } from "../lang/typescript/type-answers";
import { fixesFor, type Problem } from "./typescript-fixes";
import type { NoUnawaitedCallMessageId, NoUnawaitedCallOptions } from "./meta";
import { catchesOwnErrors, returnsPromiseByDeclaration } from "../lang/typescript/promise-sources";
import { assertedType, declaredReturnType, declaredValueType, isPromiseTypeNode } from "./typescript-declared";
import type { TypeOrValueSpecifier } from "../lang/typescript/type-specifiers";

type Context = TsRuleContext<NoUnawaitedCallMessageId, NoUnawaitedCallOptions>;

export const detectUnawaitedCalls: TsDetector<NoUnawaitedCallMessageId, NoUnawaitedCallOptions> = (context) => {
  const allowed = context.options.allowedCallees.map(calleeTextPattern);
  const check = (expression: ts.Expression, statement: ts.ExpressionStatement | undefined) => {
    const problem = findProblem(context, expression, false);
    if (!problem) return;
    const origin = skipTransparent(problem.origin);
    if (ts.isCallExpression(origin)) {
      if (allowed.some((pattern) => pattern.test(normalizedCallee(origin.expression, context.sourceFile)))) return;
      if (matchApi(SELF_OBSERVED_PROMISE_CALLS, context.analysis.resolver.resolve(origin.expression))) return;
    }
    // As in typescript-eslint, the statement's own call: in `safe().then(f)` the call is `then`, not `safe`.
    if (isKnownSafeCall(context, skipWrappers(expression))) return;
    report(context, expression, statement, problem);
  };
  return {
    [ts.SyntaxKind.ExpressionStatement]: (node) => {
      const statement = node as ts.ExpressionStatement;
      if (context.options.ignoreIIFE && isImmediatelyInvoked(statement.expression)) return;
      check(statement.expression, statement);
    },
    // `() => void save()` returns undefined: with `ignoreVoid: false` the promise is as dropped as in a statement.
    [ts.SyntaxKind.ArrowFunction]: (node) => {
      const body = (node as ts.ArrowFunction).body;
      if (context.options.ignoreVoid || ts.isBlock(body) || !ts.isVoidExpression(skipWrappers(body))) return;
      check(body, undefined);
    },
  };
};

/** `(async () => {...})()` or `(function () {...})()` as a whole statement (typescript-eslint's `ignoreIIFE`). */
function isImmediatelyInvoked(expression: ts.Expression): boolean {
  const expr = skipWrappers(expression);
  if (!ts.isCallExpression(expr)) return false;
  const callee = skipWrappers(expr.expression);
  return ts.isArrowFunction(callee) || ts.isFunctionExpression(callee);
}

/** `allowForKnownSafeCalls`: the callee by its name as written, or by the name of its (function) type. */
function isKnownSafeCall(context: Context, expression: ts.Expression): boolean {
  const specifiers = context.options.allowForKnownSafeCalls;
  if (specifiers.length === 0 || !ts.isCallExpression(expression)) return false;
  const callee = skipWrappers(expression.expression);
  if (context.types) return context.types.calleeMatchesSpecifier(callee, specifiers);
  return specifiers.some((specifier) => calleeMatchesBySyntax(context, callee, specifier));
}

/** Without types: the callee's name (a method's own name), and for `package` the import it comes from. */
function calleeMatchesBySyntax(context: Context, callee: ts.Expression, specifier: TypeOrValueSpecifier): boolean {
  const name = ts.isIdentifier(callee) ? callee.text : (memberName(skipTransparent(callee)) ?? (ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined));
  if (name === undefined) return false;
  if (typeof specifier === "string") return specifier === name;
  if (!(typeof specifier.name === "string" ? [specifier.name] : specifier.name).includes(name)) return false;
  if (specifier.from !== "package") return true;
  const resolved = context.analysis.resolver.resolve(callee);
  return resolved?.kind === "module" && resolved.module === specifier.package;
}

function report(context: Context, expression: ts.Expression, statement: ts.ExpressionStatement | undefined, problem: Problem): void {
  const sourceFile = context.sourceFile;
  const origin = skipTransparent(problem.origin);
  const declaration = ts.isCallExpression(origin) ? calleeFunction(origin.expression, context.analysis) : undefined;
  const enclosing = enclosingFunction(expression);
  const inAsyncFunction = !!enclosing && isAsyncFunction(enclosing);
  let messageId: NoUnawaitedCallMessageId =
    problem.kind === "array" ? "unawaitedArray" : problem.kind === "awaitedArray" ? "awaitedArray" : problem.kind === "thenable" ? "unawaitedThenable" : "unawaited";
  let severity: ActiveSeverity | undefined = problem.kind === "thenable" && context.options.checkThenables === "info" ? "info" : undefined;

  // A function whose body catches every error cannot reject: starting it without waiting is usually deliberate.
  // Only the ordering is at stake, which matters inside an async function and not elsewhere.
  if (problem.kind === "promise" && declaration && origin === skipTransparent(problem.node) && catchesOwnErrors(declaration)) {
    if (!inAsyncFunction) return;
    messageId = "unawaitedSelfHandling";
    severity = "info";
  }

  const range = problem.partial
    ? { start: problem.node.getStart(sourceFile), end: problem.node.end }
    : { start: expression.getStart(sourceFile), end: expression.end };
  context.report({
    range,
    messageId,
    severity,
    data: { subject: subjectOf(origin, problem.kind === "thenable" ? "value" : "promise", sourceFile), type: problem.typeText ?? "", name: describeName(declaration) },
    related: declaration ? [relatedDeclaration(declaration, sourceFile)] : [],
    // An arrow function's `void` body and a `yield` are not statements the fixes know how to rewrite.
    fixes: problem.partial || !statement || ts.isYieldExpression(origin) ? undefined : () => fixesFor(context, statement, problem, inAsyncFunction),
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
      // With types, `done && save()` where `done` is known to be false (narrowed) never calls `save`.
      if (!mayHoldPromise(context, expr)) return undefined;
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
  // `yield x` evaluates to what the caller passes to `next()`: with types, a promise there is dropped too.
  if (ts.isYieldExpression(expr)) return context.types ? classify(context, expr, partial) : undefined;
  // `i++;`, `typeof x;`: a primitive whatever the operand, no type to ask.
  if (isPrimitiveBySyntax(expr)) return undefined;
  return classify(context, expr, partial);
}

/** Whether the expression's value is a promise (or an array of them) that nothing handles. */
function classify(context: Context, expr: ts.Expression, partial: boolean): Problem | undefined {
  if (ts.isCallExpression(expr) && (handlesRejection(context, expr) || passesErrorFirstCallback(expr))) return undefined;
  const origin = originOf(expr);
  const types = context.types;
  if (types) {
    const value = types.promiseValue(expr, {
      checkThenables: context.options.checkThenables !== false,
      knownSafe: context.options.allowForKnownSafePromises,
      finallyReceiver: finallyReceiverOf(expr),
      methodReceiver: methodReceiverOf(expr),
    });
    if (value.kind === "array") return { kind: "array", node: expr, origin, partial };
    if (value.kind === "promise") return { kind: "promise", node: expr, origin, partial };
    if (value.kind === "thenable") return { kind: "thenable", node: expr, origin, partial, typeText: truncateForDisplay(value.typeText) };
    if (value.kind === "none") return undefined;
  }
  if (ts.isArrayLiteralExpression(expr)) {
    return expr.elements.some((element) => !ts.isSpreadElement(element) && promiseCallBySyntax(context, element)) ? { kind: "array", node: expr, origin: expr, partial } : undefined;
  }
  if (ts.isCallExpression(expr) && mapsToPromises(context, expr)) return { kind: "array", node: expr, origin: expr, partial };
  if (promiseBySyntax(context, expr)) return { kind: "promise", node: expr, origin, partial };
  return undefined;
}

/** `safe.finally(f)` settles as `safe` does: its receiver (through a run of `.finally`) says whether it is safe. */
function finallyReceiverOf(expression: ts.Expression): ts.Expression | undefined {
  let receiver: ts.Expression | undefined;
  for (let expr = skipWrappers(expression); ts.isCallExpression(expr); expr = skipWrappers(receiver)) {
    const method = promiseMethodOf(expr);
    if (method?.name !== "finally") break;
    receiver = method.receiver;
  }
  return receiver;
}

/** Typed mode: whether the value of `a && b` (or `||`, `??`) can be a promise at all; without types, assumed. */
function mayHoldPromise(context: Context, expr: ts.Expression): boolean {
  return context.types ? context.types.mayHoldPromise(expr) : true;
}

/**
 * Syntax mode: a promise by what the file shows. A call (see promiseCallBySyntax), a tagged template of a function
 * declared to return a Promise, `new Promise(...)`, a variable declared as a Promise, or `x as Promise<T>`.
 */
function promiseBySyntax(context: Context, expression: ts.Expression): boolean {
  const expr = skipWrappers(expression);
  if (ts.isCallExpression(expr)) return promiseCallBySyntax(context, expr);
  const analysis = context.analysis;
  if (ts.isTaggedTemplateExpression(expr)) return isPromiseTypeNode(declaredReturnType(expr.tag, analysis), analysis);
  if (ts.isNewExpression(expr)) {
    const callee = skipTransparent(expr.expression);
    return ts.isIdentifier(callee) && callee.text === "Promise" && analysis.resolver.isGlobal(callee);
  }
  if (ts.isIdentifier(expr)) return isPromiseTypeNode(declaredValueType(expr, analysis), analysis);
  return isPromiseTypeNode(assertedType(expr), analysis);
}

/** Syntax mode: a call known to return a promise, directly or through `.then(ok)` / `.finally(f)` / `.catch()`. */
export function promiseCallBySyntax(context: Context, expression: ts.Expression): boolean {
  const expr = skipWrappers(expression);
  if (!ts.isCallExpression(expr)) return false;
  const method = promiseMethodOf(expr);
  // `Promise.resolve(x)` alone cannot reject (and is not listed), but its `.then(cb)` rejects when `cb` throws.
  if (method) return isPromiseStatic(context, method.receiver) || promiseBySyntax(context, method.receiver);
  const fn = calleeFunction(expr.expression, context.analysis);
  if (fn) return returnsPromiseByDeclaration(fn);
  if (isPromiseTypeNode(declaredReturnType(expr.expression, context.analysis), context.analysis)) return true;
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

/** `Promise.resolve(...)` (or another static of the global Promise) returns a promise. */
function isPromiseStatic(context: Context, expression: ts.Expression): boolean {
  const expr = skipWrappers(expression);
  if (!ts.isCallExpression(expr)) return false;
  const resolved = context.analysis.resolver.resolve(expr.expression);
  return resolved?.kind === "module" && resolved.module === "globalThis" && resolved.path.length === 2 && resolved.path[0] === "Promise";
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
  const args = spreadArguments(call.arguments);
  if (!args) return true; // a spread of something else: cannot tell, assume handled
  const handler = args[index];
  return !!handler && isFunctionValue(context, handler);
}

/** The arguments with spreads of array literals laid out (`.then(...[], h)` passes `h` first); undefined for other spreads. */
function spreadArguments(args: readonly ts.Expression[]): ts.Expression[] | undefined {
  const laidOut: ts.Expression[] = [];
  for (const arg of args) {
    if (!ts.isSpreadElement(arg)) {
      laidOut.push(arg);
      continue;
    }
    const spread = skipTransparent(arg.expression);
    if (!ts.isArrayLiteralExpression(spread) || spread.elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return undefined;
    laidOut.push(...spread.elements);
  }
  return laidOut;
}

/**
 * `client.subscribe(key, (error) => ...)` or `client.unsubscribe(key, () => {})`: dual APIs (ioredis, older mongodb
 * and many others) that take a Node-style callback also return a promise, and route a failure to the callback.
 * The promise is redundant, not dropped.
 */
function passesErrorFirstCallback(call: ts.CallExpression): boolean {
  // Promise methods are not dual APIs: `p.then(() => {})` and `p.finally(() => {})` still drop p's rejection.
  if (promiseMethodOf(call)) return false;
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
  // `string | (() => void)` may be no function at all: then the rejection is not handled.
  return context.types ? context.types.isCallable(expr) : true;
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

/** `receiver.method(...)`: a builder method returning its own receiver's type configures, it does not start work. */
function methodReceiverOf(expr: ts.Expression): ts.Expression | undefined {
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = skipTransparent(expr.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
}

function subjectOf(origin: ts.Expression, noun: string, sourceFile: ts.SourceFile): string {
  if (ts.isYieldExpression(origin)) return `The ${noun} that \`yield\` receives (the generator's \`next()\` argument)`;
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
