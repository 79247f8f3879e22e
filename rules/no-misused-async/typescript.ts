import ts from "typescript";
import type { Fix } from "../core/model";
import { matchApi } from "../knowledge/api-match";
import { GLOBAL_MODULE } from "../knowledge/node-instances";
import { PROMISE_RETURNING_CALLS } from "../knowledge/node-promises";
import { enclosingFunction, isAsyncFunction } from "../lang/typescript/async-context";
import { calleeFunction, calleeText } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { catchesOwnErrors, returnsPromiseByDeclaration } from "../lang/typescript/promise-sources";
import { memberName, skipTransparent, skipWrappers } from "../lang/typescript/resolve";
import { functionReturnsThenableBySyntax, returnTypeMayBeFunction } from "../lang/typescript/type-answers";
import type { TypeQuestions, VoidSlot } from "../lang/typescript/type-questions";
import { type NoMisusedAsyncMessageId, type NoMisusedAsyncOptions, voidReturnChecks } from "./meta";

type Context = TsRuleContext<NoMisusedAsyncMessageId, NoMisusedAsyncOptions>;

/** Methods that call their callback and drop what it returns (arrays, Map, Set, and anything else with `forEach`). */
const FOR_EACH_METHODS = new Set(["forEach"]);
/** Listener registrations: the emitter calls the listener and drops what it returns. */
const LISTENER_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);
/** Global schedulers: the callback's return value goes nowhere. */
const SCHEDULERS = new Set(["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]);
/** Methods that read the callback's result as a boolean (or, for `sort`, a number). */
const PREDICATE_METHODS = new Set(["filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "sort", "toSorted"]);

export const detectNoMisusedAsync: TsDetector<NoMisusedAsyncMessageId, NoMisusedAsyncOptions> = (context) => {
  const voidChecks = voidReturnChecks(context.options.checksVoidReturn);
  const reportedFunctions = new Set<ts.Node>();
  return {
    [ts.SyntaxKind.NewExpression]: (node) => {
      const call = node as ts.NewExpression;
      // An async executor is reported once, as such (its parameter is also typed as returning void).
      if (checkExecutor(context, call)) return;
      if (voidChecks.arguments) checkArguments(context, call, reportedFunctions);
    },
    [ts.SyntaxKind.CallExpression]: (node) => {
      const call = node as ts.CallExpression;
      if (checkPredicate(context, call)) return;
      if (voidChecks.arguments) checkArguments(context, call, reportedFunctions);
    },
    [ts.SyntaxKind.IfStatement]: (node) => checkCondition(context, (node as ts.IfStatement).expression),
    [ts.SyntaxKind.WhileStatement]: (node) => checkCondition(context, (node as ts.WhileStatement).expression),
    [ts.SyntaxKind.DoStatement]: (node) => checkCondition(context, (node as ts.DoStatement).expression),
    [ts.SyntaxKind.ForStatement]: (node) => {
      const condition = (node as ts.ForStatement).condition;
      if (condition) checkCondition(context, condition);
    },
    [ts.SyntaxKind.ConditionalExpression]: (node) => checkCondition(context, (node as ts.ConditionalExpression).condition),
    [ts.SyntaxKind.PrefixUnaryExpression]: (node) => {
      const unary = node as ts.PrefixUnaryExpression;
      if (unary.operator === ts.SyntaxKind.ExclamationToken) checkCondition(context, unary.operand);
    },
    [ts.SyntaxKind.BinaryExpression]: (node) => {
      const binary = node as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
        // The left operand is always tested; the right one only when the whole expression is (inside a condition).
        checkCondition(context, binary.left);
        if (isTestedPosition(binary)) checkCondition(context, binary.right);
      } else if (operator === ts.SyntaxKind.QuestionQuestionToken) {
        // `a ?? p` as a condition tests `p` when `a` is nullish; `p ?? x` itself is a normal operand.
        if (isTestedPosition(binary)) checkCondition(context, binary.right);
      } else if (voidChecks.variables && operator === ts.SyntaxKind.EqualsToken && context.types) {
        checkSlot(context, binary.right, { kind: "type-of", node: binary.left }, "variable", reportedFunctions);
      }
    },
    [ts.SyntaxKind.SpreadAssignment]: (node) => checkSpread(context, (node as ts.SpreadAssignment).expression),
    [ts.SyntaxKind.VariableDeclaration]: (node) => {
      const declaration = node as ts.VariableDeclaration;
      if (!voidChecks.variables || !declaration.type || !declaration.initializer || !context.types) return;
      checkSlot(context, declaration.initializer, { kind: "annotation", node: declaration.type }, "variable", reportedFunctions);
    },
    [ts.SyntaxKind.PropertyAssignment]: (node) => {
      if (voidChecks.properties) checkProperty(context, node as ts.PropertyAssignment, reportedFunctions);
    },
    [ts.SyntaxKind.ShorthandPropertyAssignment]: (node) => {
      if (voidChecks.properties) checkProperty(context, node as ts.ShorthandPropertyAssignment, reportedFunctions);
    },
    [ts.SyntaxKind.MethodDeclaration]: (node) => {
      const method = node as ts.MethodDeclaration;
      if (voidChecks.properties && ts.isObjectLiteralExpression(method.parent)) checkProperty(context, method, reportedFunctions);
    },
    [ts.SyntaxKind.ReturnStatement]: (node) => {
      const statement = node as ts.ReturnStatement;
      if (!statement.expression) return;
      checkReturnInTry(context, statement);
      if (voidChecks.returns) checkReturnValue(context, statement.expression, reportedFunctions);
    },
    [ts.SyntaxKind.ArrowFunction]: (node) => {
      const arrow = node as ts.ArrowFunction;
      if (voidChecks.returns && !ts.isBlock(arrow.body)) checkReturnValue(context, arrow.body, reportedFunctions);
    },
    [ts.SyntaxKind.ClassDeclaration]: (node) => {
      if (voidChecks.inheritedMethods) checkInheritedMethods(context, node as ts.ClassDeclaration);
    },
    [ts.SyntaxKind.ClassExpression]: (node) => {
      if (voidChecks.inheritedMethods) checkInheritedMethods(context, node as ts.ClassExpression);
    },
    [ts.SyntaxKind.InterfaceDeclaration]: (node) => {
      if (voidChecks.inheritedMethods) checkInheritedMethods(context, node as ts.InterfaceDeclaration);
    },
    [ts.SyntaxKind.JsxAttribute]: (node) => {
      const attribute = node as ts.JsxAttribute;
      if (!voidChecks.attributes || !attribute.initializer || !ts.isJsxExpression(attribute.initializer) || !attribute.initializer.expression) return;
      const value = attribute.initializer.expression;
      if (context.types) {
        checkSlot(context, value, { kind: "contextual", node: value }, "an attribute", reportedFunctions);
      } else if (isAsyncFunctionValue(context, value)) {
        reportSlot(context, value, "an attribute", reportedFunctions);
      }
    },
  };
};

// ---- async functions where a function returning `void` is expected ----

/**
 * `xs.forEach(async ...)`, `emitter.on("x", async ...)`, `setTimeout(async ...)` by syntax; in typed mode, any
 * argument whose parameter is typed as a function returning `void` in every overload that has it.
 */
function checkArguments(context: Context, call: ts.CallExpression | ts.NewExpression, reported: Set<ts.Node>): void {
  const args = call.arguments;
  if (!args || args.length === 0) return;
  const types = context.types;
  if (types) {
    // Only the arguments that could be reported are looked up in the callee's signatures (each position costs a
    // parameter type per overload): most calls pass no function that may return a thenable.
    const candidates: number[] = [];
    args.forEach((arg, index) => {
      if (ts.isSpreadElement(arg) || mayBeAsyncCallback(arg)) candidates.push(index);
    });
    if (candidates.length === 0) return;
    const voidIndexes = types.voidCallbackArguments(call, candidates);
    if (voidIndexes.size === 0) return;
    // `p.finally(async () => ...)` waits for the promise its callback returns. Asked second: it resolves the call's
    // signature, which most calls (no void callback position) never need.
    if (isPromiseFinally(types, call)) return;
    args.forEach((arg, index) => {
      if (!voidIndexes.has(index)) return;
      if (ts.isSpreadElement(arg)) {
        if (types.spreadHoldsAsyncFunctions(arg)) reportArgument(context, call, arg, reported);
        return;
      }
      if (!types.returnsThenable(arg)) return;
      if (ignoredForSettledErrors(context, call, arg)) return;
      reportArgument(context, call, arg, reported);
    });
    return;
  }
  const index = knownVoidCallbackIndex(context, call);
  if (index === undefined) return;
  const arg = args[index];
  if (!arg || !isAsyncFunctionValue(context, arg)) return;
  if (ignoredForSettledErrors(context, call, arg)) return;
  reportArgument(context, call, arg, reported);
}

/** The index of the callback a known API calls and ignores, by syntax. */
function knownVoidCallbackIndex(context: Context, call: ts.CallExpression | ts.NewExpression): number | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipTransparent(call.expression);
  if (ts.isIdentifier(callee)) {
    if (!SCHEDULERS.has(callee.text) || !context.analysis.resolver.isGlobal(callee)) return undefined;
    return 0;
  }
  const name = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? memberName(callee) : undefined;
  if (!name) return undefined;
  // `forEach(callback[, thisArg])`: `async.forEach(items, iteratee)` (the async library awaits) has the callback second.
  if (FOR_EACH_METHODS.has(name)) return call.arguments.length <= 2 ? 0 : undefined;
  // `emitter.on("event", listener)`: the event is a name (a string or a symbol), the listener second and last.
  if (LISTENER_METHODS.has(name) && call.arguments.length >= 2 && call.arguments.length <= 3) {
    const event = skipTransparent(call.arguments[0]);
    if (ts.isStringLiteralLike(event) || ts.isIdentifier(event) || ts.isPropertyAccessExpression(event)) return 1;
    return undefined;
  }
  if (SCHEDULERS.has(name)) {
    const resolved = context.analysis.resolver.resolve(callee);
    if (resolved?.kind === "module" && (resolved.module === GLOBAL_MODULE || resolved.module === "timers") && resolved.path.at(-1) === name) return 0;
  }
  return undefined;
}

/**
 * Listeners and timers run the callback on their own: only its errors are at stake, so a callback whose body
 * catches every error is fine there. `forEach` also loses the ordering (the loop ends before the work), so it is
 * reported either way.
 */
function ignoredForSettledErrors(context: Context, call: ts.CallExpression | ts.NewExpression, arg: ts.Expression): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (name && FOR_EACH_METHODS.has(name)) return false;
  const fn = functionOfValue(context, arg);
  return !!fn && catchesOwnErrors(fn);
}

function reportArgument(context: Context, call: ts.CallExpression | ts.NewExpression, arg: ts.Expression, reported: Set<ts.Node>): void {
  const target = skipTransparent(arg);
  if (reported.has(target)) return;
  reported.add(target);
  const sourceFile = context.sourceFile;
  const calleeName = calleeText(call.expression, sourceFile);
  const callee = ts.isNewExpression(call) ? `new ${calleeName}(...)` : `${calleeName}(...)`;
  const forEach = ts.isCallExpression(call) && memberName(skipTransparent(call.expression)) === "forEach" ? (skipTransparent(call.expression) as ts.PropertyAccessExpression) : undefined;
  context.report({
    range: rangeOf(arg, sourceFile),
    messageId: "voidReturnArgument",
    severity: "warning",
    data: {
      callee,
      hint: forEach ? " Loop with `for...of` and `await` (in order), or `await Promise.all(xs.map(async ...))` (concurrently)." : " Make the callback synchronous and handle the promise inside (`void work().catch(handle)`).",
    },
    fixes: forEach && ts.isCallExpression(call) ? () => forEachSuggestions(context, call, forEach, arg) : undefined,
  });
}

function reportSlot(context: Context, value: ts.Expression | ts.Node, place: string, reported: Set<ts.Node>): void {
  if (reported.has(value)) return;
  reported.add(value);
  context.report({
    range: rangeOf(value, context.sourceFile),
    messageId: "voidReturnSlot",
    severity: "warning",
    data: { place },
  });
}

/** Typed mode: `value` is used where `expected` says a function returning void goes. */
function checkSlot(context: Context, value: ts.Expression, expected: VoidSlot, place: string, reported: Set<ts.Node>): void {
  const types = context.types!;
  if (!mayBeFunction(value) || functionReturnsThenableBySyntax(value) === false) return;
  if (!types.expectsVoidFunction(expected, value) || !types.returnsThenable(value)) return;
  reportSlot(context, value, place === "variable" ? "a function variable" : place, reported);
}

function checkProperty(context: Context, property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration, reported: Set<ts.Node>): void {
  const types = context.types;
  if (!types) return;
  const literal = property.parent;
  if (!ts.isObjectLiteralExpression(literal) || !property.name) return;
  const name = ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name) || ts.isNumericLiteral(property.name) ? property.name.text : undefined;
  if (name === undefined) return;
  const value: ts.Node = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : property;
  if (!types.asyncValueForVoidProperty(literal, name, value)) return;
  const anchor = ts.isMethodDeclaration(property) ? property.name : value;
  reportSlot(context, anchor, "a property", reported);
}

function checkReturnValue(context: Context, value: ts.Expression, reported: Set<ts.Node>): void {
  const types = context.types;
  if (!types || !mayBeFunction(value)) return;
  const fn = enclosingFunction(value);
  if (!fn || !returnTypeMayBeFunction(fn)) return;
  const declaresReturnType = fn.type !== undefined;
  if (isAsyncFunction(fn)) return;
  const expected: VoidSlot = { kind: "return-of", node: fn };
  // A declared return type is cheap to ask first. Otherwise the value first: the type a function expression's
  // context gives it can be costly, a union of the signatures of a heavily overloaded callee's parameter, and most
  // values are not functions returning a thenable.
  const misused = declaresReturnType
    ? types.expectsVoidFunction(expected, value) && types.returnsThenable(value)
    : types.returnsThenable(value) && types.expectsVoidFunction(expected, value);
  if (!misused) return;
  reportSlot(context, value, "a returned function", reported);
}

/** A class (or interface) member returning a promise where the class or interface it extends declares one returning void. */
function checkInheritedMethods(context: Context, declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): void {
  const types = context.types;
  if (!types || !declaration.heritageClauses) return;
  const bases = declaration.heritageClauses.flatMap((clause) => clause.types);
  for (const member of declaration.members) {
    const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteralLike(member.name) || ts.isPrivateIdentifier(member.name)) ? member.name.text : undefined;
    if (!name || ts.isPrivateIdentifier(member.name!)) continue;
    if (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member) && !ts.isMethodSignature(member) && !ts.isPropertySignature(member)) continue;
    if (!types.returnsThenable(member)) continue;
    const base = types.voidReturningBaseMember(bases, name, member);
    if (!base) continue;
    context.report({
      range: rangeOf(member.name!, context.sourceFile),
      messageId: "voidReturnSlot",
      severity: "warning",
      data: { place: `a method of \`${base.expression.getText(context.sourceFile)}\`` },
    });
  }
}

function isPromiseFinally(types: TypeQuestions, call: ts.CallExpression | ts.NewExpression): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  return types.isPromiseFinallyCall(call, callee.expression, callee);
}

/** Expressions that can hold a function (a literal, a name, a member, a call's result), not other literals. */
/**
 * An argument that may be a function returning a thenable, as far as its syntax tells. A function made by a call
 * (`http.createServer(app.callback())`, `router.get(path, wrap(handler))`) comes from a factory, and such factories
 * usually catch the errors of the function they return (Koa, Express wrappers): its body cannot be seen, so it is
 * left alone.
 */
function mayBeAsyncCallback(arg: ts.Expression): boolean {
  return mayBeFunction(arg) && !ts.isCallExpression(skipTransparent(arg)) && functionReturnsThenableBySyntax(arg) !== false;
}

function mayBeFunction(expression: ts.Expression | ts.Node): boolean {
  if (!ts.isExpression(expression as ts.Node)) return true;
  const expr = skipTransparent(expression as ts.Expression);
  return (
    ts.isArrowFunction(expr) ||
    ts.isFunctionExpression(expr) ||
    ts.isIdentifier(expr) ||
    ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr) ||
    ts.isCallExpression(expr) ||
    ts.isConditionalExpression(expr) ||
    ts.isBinaryExpression(expr)
  );
}

/** Syntax mode: an async function literal, or a name bound to a function declared async (or to return a Promise). */
function isAsyncFunctionValue(context: Context, expression: ts.Expression): boolean {
  const fn = functionOfValue(context, expression);
  return !!fn && returnsPromiseByDeclaration(fn) && !fn.asteriskToken;
}

function functionOfValue(context: Context, expression: ts.Expression) {
  const expr = skipTransparent(expression);
  if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return expr;
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) return calleeFunction(expr, context.analysis);
  return undefined;
}

// ---- async predicates ----

/** `xs.filter(async (x) => ...)`: the predicate's promise is always truthy. */
function checkPredicate(context: Context, call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PREDICATE_METHODS.has(callee.name.text) || call.arguments.length === 0 || call.arguments.length > 2) return false;
  const predicate = call.arguments[0];
  const types = context.types;
  if (types) {
    // Only on arrays (and tuples, typed arrays through their `filter`), where the method is the built-in one.
    if (!mayBeFunction(predicate) || functionReturnsThenableBySyntax(predicate) === false) return false;
    // The predicate first: its syntax, or its callee's declared return types, usually answer without the receiver's.
    if (!types.returnsThenable(predicate) || !types.isArrayLike(callee.expression)) return false;
  } else if (!isAsyncFunctionValue(context, predicate)) {
    return false;
  }
  context.report({
    range: rangeOf(predicate, context.sourceFile),
    messageId: "asyncPredicate",
    severity: "warning",
    data: { callee: `${callee.name.text}(...)` },
  });
  return true;
}

// ---- promises used as conditions ----

/** Whether a `&&`/`||` expression's value is itself tested (so its right operand is too). */
function isTestedPosition(node: ts.Expression): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || (ts.isBinaryExpression(parent) && isLogical(parent.operatorToken.kind))) {
    child = parent;
    parent = parent.parent;
  }
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === child) return true;
  if (ts.isForStatement(parent) && parent.condition === child) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === child) return true;
  return ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken;
}

function isLogical(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function checkCondition(context: Context, condition: ts.Expression): void {
  if (!context.options.checksConditionals) return;
  const expr = skipWrappers(condition);
  // `a && b` as a condition: its operands are checked on their own (left always, right in a tested position).
  if (ts.isBinaryExpression(expr) && isLogical(expr.operatorToken.kind)) return;
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.ExclamationToken) return;
  if (!isPromiseValue(context, expr, "always")) return;
  if (mayBeUnassigned(context, expr)) return;
  const sourceFile = context.sourceFile;
  const inAsync = isInAsyncFunction(expr);
  context.report({
    range: rangeOf(expr, sourceFile),
    messageId: "promiseCondition",
    data: { subject: subjectOf(expr, sourceFile) },
    fixes: inAsync ? () => [addAwait(expr, sourceFile, "Await the promise")] : undefined,
  });
}

/**
 * Whether the value is a promise: in typed mode, "always" (every part of its type is a thenable: a
 * `Promise | undefined` may be tested for presence) or "sometimes" (some part is a promise); by syntax, a call of
 * a function declared async or a known promise API.
 */
function isPromiseValue(context: Context, expression: ts.Expression, how: "always" | "sometimes"): boolean {
  const expr = skipWrappers(expression);
  if (context.types) return context.types.thenableValue(expr, how);
  if (!ts.isCallExpression(expr)) return false;
  const fn = calleeFunction(expr.expression, context.analysis);
  if (fn) return returnsPromiseByDeclaration(fn);
  return !!matchApi(PROMISE_RETURNING_CALLS, context.analysis.resolver.resolve(expr.expression));
}

/**
 * `let ready: Promise<void>;` (no initializer) or a class field declared without one: the type says "always a
 * promise", but the variable is undefined until assigned, and testing it is the usual lazy-initialization check.
 */
function mayBeUnassigned(context: Context, expr: ts.Expression): boolean {
  const types = context.types;
  if (!types) return false;
  const target = skipTransparent(expr);
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return false;
  const symbol = types.symbolAt(ts.isPropertyAccessExpression(target) ? target.name : target);
  return (symbol?.declarations() ?? []).some(
    (d) => (ts.isVariableDeclaration(d) && !d.initializer && !(d.parent.flags & ts.NodeFlags.Const) && ts.isVariableDeclarationList(d.parent) && !ts.isForOfStatement(d.parent.parent) && !ts.isForInStatement(d.parent.parent)) || (ts.isPropertyDeclaration(d) && !d.initializer),
  );
}


// ---- spreads ----

function checkSpread(context: Context, expression: ts.Expression): void {
  if (!context.options.checksSpreads || !isPromiseValue(context, expression, "sometimes")) return;
  const expr = skipWrappers(expression);
  context.report({
    range: rangeOf(expr, context.sourceFile),
    messageId: "promiseSpread",
    severity: "warning",
    data: { subject: subjectOf(expr, context.sourceFile) },
    fixes: isInAsyncFunction(expr) ? () => [addAwait(expr, context.sourceFile, "Await the promise")] : undefined,
  });
}

// ---- async Promise executors ----

function checkExecutor(context: Context, call: ts.NewExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (!ts.isIdentifier(callee) || callee.text !== "Promise" || !context.analysis.resolver.isGlobal(callee)) return false;
  const executor = call.arguments?.[0] && skipTransparent(call.arguments[0]);
  if (!executor || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) return false;
  const asyncKeyword = executor.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  if (!asyncKeyword) return false;
  context.report({
    range: { start: asyncKeyword.getStart(context.sourceFile), end: asyncKeyword.end },
    messageId: "asyncExecutor",
  });
  return true;
}

// ---- a promise returned from inside `try` ----

/** `try { return load(); } catch { ... }` in an async function: the `catch` never sees `load()`'s rejection. */
function checkReturnInTry(context: Context, statement: ts.ReturnStatement): void {
  const expression = statement.expression!;
  const fn = enclosingFunction(statement);
  if (!fn || !isAsyncFunction(fn)) return;
  const guard = guardingTry(statement, fn);
  if (!guard) return;
  const expr = skipWrappers(expression);
  if (ts.isAwaitExpression(expr)) return;
  // Only a `finally` guards here: it matters for work this `return` starts (the cleanup runs before that work
  // ends), not for handing on a promise that already exists (`return this.pending`).
  if (guard === "finally" && !ts.isCallExpression(skipTransparent(expr)) && !ts.isNewExpression(skipTransparent(expr))) return;
  if (!isPromiseValue(context, expr, "sometimes")) return;
  const sourceFile = context.sourceFile;
  context.report({
    range: rangeOf(expr, sourceFile),
    messageId: "returnInTry",
    severity: "warning",
    data: { subject: subjectOf(expr, sourceFile) },
    maySafelyFix: true,
    fixes: () => [{ ...addAwait(expression, sourceFile, "Return the awaited value (`return await`)"), safety: "safe", isPreferred: true }],
  });
}

/**
 * What would see an error of a `return` in `fn`, from a `try` of the same function: a `catch` (the `return` is in
 * a `try` block with one), else only a `finally` (in a `try` block or a `catch` block with one).
 */
function guardingTry(node: ts.Node, fn: ts.Node): "catch" | "finally" | undefined {
  let child: ts.Node = node;
  let found: "finally" | undefined;
  for (let parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent)) {
      if (child === parent.tryBlock && parent.catchClause) return "catch";
      if ((child === parent.tryBlock || child === parent.catchClause) && parent.finallyBlock) found = "finally";
    }
  }
  return found;
}

// ---- helpers ----

function isInAsyncFunction(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  return !!fn && isAsyncFunction(fn);
}

function rangeOf(node: ts.Node, sourceFile: ts.SourceFile) {
  return { start: node.getStart(sourceFile), end: node.end };
}

function subjectOf(expr: ts.Expression, sourceFile: ts.SourceFile): string {
  const inner = skipTransparent(expr);
  if (ts.isCallExpression(inner)) {
    const callee = skipTransparent(inner.expression);
    // `load(id).then(f)`: naming the whole chain makes a long message; the method says enough.
    if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(skipTransparent(callee.expression))) return `The promise returned by \`.${callee.name.text}()\``;
    return `The promise returned by \`${calleeText(inner.expression, sourceFile)}()\``;
  }
  return `The promise \`${calleeText(inner, sourceFile)}\``;
}

/** `await x`, parenthesized where the position needs it (`!(await x)` stays `!await x`: unary binds the same). */
function addAwait(expr: ts.Expression, sourceFile: ts.SourceFile, title: string): Fix {
  const start = expr.getStart(sourceFile);
  const needsParentheses = ts.isBinaryExpression(expr) || ts.isConditionalExpression(expr) || ts.isArrowFunction(expr);
  const edits = needsParentheses
    ? [
        { start, end: start, text: "await (" },
        { start: expr.end, end: expr.end, text: ")" },
      ]
    : [{ start, end: start, text: "await " }];
  // `x.y && ...` where the await lands in an operand of a higher-precedence operator needs its own parentheses.
  const parent = expr.parent;
  if (!needsParentheses && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent))) {
    return { title, safety: "unsafe", edits: [{ start, end: start, text: "(await " }, { start: expr.end, end: expr.end, text: ")" }] };
  }
  return { title, safety: "unsafe", edits };
}

/** The two rewrites of `xs.forEach(async (x) => ...)`: a `for...of` loop that awaits, or `await Promise.all(xs.map(...))`. */
function forEachSuggestions(context: Context, call: ts.CallExpression, callee: ts.PropertyAccessExpression, arg: ts.Expression): Fix[] {
  const sourceFile = context.sourceFile;
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || skipWrappers(statement.expression) !== call) return [];
  if (!isInAsyncFunction(statement) || call.arguments.length !== 1) return [];
  // `for...of` over a Map yields entries, and Maps and Sets have no `map`: only arrays get the rewrites.
  if (!isKnownArray(context, callee.expression)) return [];
  const fixes: Fix[] = [];
  const fn = skipTransparent(arg);
  const receiver = callee.expression.getText(sourceFile);
  const text = sourceFile.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length === 1 && ts.isIdentifier(fn.parameters[0].name) && ts.isBlock(fn.body) && !usesThisOrArguments(fn)) {
    const name = fn.parameters[0].name.text;
    const body = text.slice(fn.body.getStart(sourceFile), fn.body.end);
    fixes.push({
      title: "Loop with `for...of` and `await` each call (keeps the order)",
      safety: "unsafe",
      edits: [{ start: statement.getStart(sourceFile), end: statement.end, text: `for (const ${name} of ${receiver}) ${body}` }],
    });
  }
  fixes.push({
    title: "Run them concurrently and wait: `await Promise.all(xs.map(...))`",
    safety: "unsafe",
    edits: [{ start: call.getStart(sourceFile), end: call.end, text: `await Promise.all(${receiver}.map(${text.slice(arg.getStart(sourceFile), arg.end)}))` }],
  });
  return fixes;
}

/** Array methods and functions that return an array. */
const ARRAY_RETURNING_METHODS = new Set(["map", "filter", "slice", "concat", "flat", "flatMap", "sort", "toSorted", "toReversed", "reverse", "split"]);
const ARRAY_RETURNING_FUNCTIONS = new Set(["Object.keys", "Object.values", "Object.entries", "Array.from", "Array.of"]);

/** Typed: an array or tuple type. Syntax: an array literal, an array method's result, or a name declared as an array. */
function isKnownArray(context: Context, expression: ts.Expression, depth = 0): boolean {
  const expr = skipTransparent(expression);
  if (context.types) return context.types.isArrayLike(expr);
  if (ts.isArrayLiteralExpression(expr)) return true;
  if (ts.isCallExpression(expr)) {
    const callee = skipTransparent(expr.expression);
    if (ts.isPropertyAccessExpression(callee) && ARRAY_RETURNING_METHODS.has(callee.name.text)) return true;
    return ARRAY_RETURNING_FUNCTIONS.has(callee.getText(context.sourceFile));
  }
  if (!ts.isIdentifier(expr) || depth > 4) return false;
  const declaration = context.analysis.resolver.declarationOf(expr);
  if (declaration === "global" || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return false;
  const type = declaration.type;
  if (type) {
    if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return true;
    if (ts.isTypeOperatorNode(type) && ts.isArrayTypeNode(type.type)) return true;
    return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === "Array" || type.typeName.text === "ReadonlyArray");
  }
  return !!declaration.initializer && isKnownArray(context, declaration.initializer, depth + 1);
}

/** `return` in a `for...of` body would leave the loop; `this`/`arguments` would change meaning in a function expression. */
function usesThisOrArguments(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(node)) found = true;
    else if (ts.isFunctionExpression(fn) && (node.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(node) && node.text === "arguments"))) found = true;
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

