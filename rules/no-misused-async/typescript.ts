import ts from "typescript";
import type { Fix } from "../core/model";
import { matchApi } from "../knowledge/api-match";
import { GLOBAL_MODULE } from "../knowledge/node-instances";
import { PROMISE_RETURNING_CALLS } from "../knowledge/node-promises";
import { enclosingFunction, isAsyncFunction } from "../lang/typescript/async-context";
import { calleeFunction, calleeText } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { catchesOwnErrors, returnsPromiseByDeclaration } from "../lang/typescript/promise-sources";
import { isPromiseType, isThenableType } from "../lang/typescript/promise-types";
import { memberName, skipTransparent, skipWrappers } from "../lang/typescript/resolve";
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
      } else if (voidChecks.variables && operator === ts.SyntaxKind.EqualsToken && context.checker) {
        checkSlot(context, binary.right, context.checker.getTypeAtLocation(binary.left), "variable", reportedFunctions);
      }
    },
    [ts.SyntaxKind.SpreadAssignment]: (node) => checkSpread(context, (node as ts.SpreadAssignment).expression),
    [ts.SyntaxKind.VariableDeclaration]: (node) => {
      const declaration = node as ts.VariableDeclaration;
      if (!voidChecks.variables || !declaration.type || !declaration.initializer || !context.checker) return;
      checkSlot(context, declaration.initializer, context.checker.getTypeFromTypeNode(declaration.type), "variable", reportedFunctions);
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
      const checker = context.checker;
      if (checker) {
        const expected = checker.getContextualType(value);
        if (expected) checkSlot(context, value, expected, "an attribute", reportedFunctions);
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
  const checker = context.checker;
  if (checker) {
    const voidIndexes = voidFunctionArguments(checker, call);
    if (voidIndexes.size === 0) return;
    // `p.finally(async () => ...)` waits for the promise its callback returns. Asked second: it resolves the call's
    // signature, which most calls (no void callback position) never need.
    if (isPromiseFinally(checker, call)) return;
    args.forEach((arg, index) => {
      if (!voidIndexes.has(index)) return;
      if (ts.isSpreadElement(arg)) {
        if (spreadHoldsAsyncFunctions(checker, arg)) reportArgument(context, call, arg, reported);
        return;
      }
      // A function made by a call (`http.createServer(app.callback())`, `router.get(path, wrap(handler))`) comes
      // from a factory, and such factories usually catch the errors of the function they return (Koa, Express
      // wrappers): its body cannot be seen, so it is left alone.
      if (!mayBeFunction(arg) || ts.isCallExpression(skipTransparent(arg))) return;
      if (!returnsThenable(checker, arg)) return;
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
function checkSlot(context: Context, value: ts.Expression, expected: ts.Type, place: string, reported: Set<ts.Node>): void {
  const checker = context.checker!;
  if (!mayBeFunction(value) || !isVoidReturningFunctionType(checker, value, expected)) return;
  if (!returnsThenable(checker, value)) return;
  reportSlot(context, value, place === "variable" ? "a function variable" : place, reported);
}

function checkProperty(context: Context, property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration, reported: Set<ts.Node>): void {
  const checker = context.checker;
  if (!checker) return;
  const literal = property.parent;
  if (!ts.isObjectLiteralExpression(literal)) return;
  const contextual = checker.getContextualType(literal);
  if (!contextual || !property.name) return;
  const name = ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name) || ts.isNumericLiteral(property.name) ? property.name.text : undefined;
  if (name === undefined) return;
  const expectedTypes = (contextual.isUnion() ? contextual.types : [contextual]).flatMap((part) => {
    const symbol = checker.getPropertyOfType(part, name);
    if (symbol) return [checker.getTypeOfSymbolAtLocation(symbol, literal)];
    const indexed = checker.getIndexTypeOfType(part, ts.IndexKind.String);
    return indexed ? [indexed] : [];
  });
  if (expectedTypes.length === 0) return;
  const value: ts.Node = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : property;
  const valueType = checker.getTypeAtLocation(value);
  if (!typeReturnsThenable(checker, value, valueType)) return;
  if (!expectedTypes.some((expected) => isVoidReturningFunctionType(checker, value, expected))) return;
  const anchor = ts.isMethodDeclaration(property) ? property.name : value;
  reportSlot(context, anchor, "a property", reported);
}

function checkReturnValue(context: Context, value: ts.Expression, reported: Set<ts.Node>): void {
  const checker = context.checker;
  if (!checker || !mayBeFunction(value)) return;
  const fn = enclosingFunction(value);
  if (!fn) return;
  // The declared return type of the enclosing function, or the type its context gives it.
  let returnType: ts.Type | undefined;
  if (fn.type) returnType = checker.getTypeFromTypeNode(fn.type);
  else {
    const contextual = ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) ? checker.getContextualType(fn) : undefined;
    const signature = contextual?.getCallSignatures()[0];
    returnType = signature?.getReturnType();
  }
  if (!returnType || isAsyncFunction(fn)) return;
  if (!isVoidReturningFunctionType(checker, value, returnType) || !returnsThenable(checker, value)) return;
  reportSlot(context, value, "a returned function", reported);
}

/** A class (or interface) member returning a promise where the class or interface it extends declares one returning void. */
function checkInheritedMethods(context: Context, declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): void {
  const checker = context.checker;
  if (!checker || !declaration.heritageClauses) return;
  const bases = declaration.heritageClauses.flatMap((clause) => clause.types.map((type) => ({ node: type, type: checker.getTypeAtLocation(type) })));
  for (const member of declaration.members) {
    const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteralLike(member.name) || ts.isPrivateIdentifier(member.name)) ? member.name.text : undefined;
    if (!name || ts.isPrivateIdentifier(member.name!)) continue;
    if (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member) && !ts.isMethodSignature(member) && !ts.isPropertySignature(member)) continue;
    const memberType = checker.getTypeAtLocation(member);
    if (!typeReturnsThenable(checker, member, memberType)) continue;
    for (const base of bases) {
      const symbol = checker.getPropertyOfType(base.type, name);
      if (!symbol) continue;
      const baseMemberType = checker.getTypeOfSymbolAtLocation(symbol, base.node);
      if (!isVoidReturningFunctionType(checker, member, baseMemberType)) continue;
      context.report({
        range: rangeOf(member.name!, context.sourceFile),
        messageId: "voidReturnSlot",
        severity: "warning",
        data: { place: `a method of \`${base.node.expression.getText(context.sourceFile)}\`` },
      });
      break;
    }
  }
}

function isPromiseFinally(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  const name = declaration && "name" in declaration && declaration.name && ts.isIdentifier(declaration.name as ts.Node) ? (declaration.name as ts.Identifier).text : undefined;
  return name === "finally" && isThenable(checker, callee, checker.getTypeAtLocation(callee.expression));
}

/** `consume(...callbacks)`: an array or tuple holding functions that return promises. */
function spreadHoldsAsyncFunctions(checker: ts.TypeChecker, spread: ts.SpreadElement): boolean {
  const type = checker.getTypeAtLocation(spread.expression);
  const elements = checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference) : checker.isArrayType(type) ? [type.getNumberIndexType()!] : [];
  return elements.some((element) => !!element && typeReturnsThenable(checker, spread, element));
}

/**
 * The argument positions of a call where every signature that has the position expects a function returning
 * void, and none accepts one returning a promise (typescript-eslint's voidFunctionArguments).
 */
function voidFunctionArguments(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): Set<number> {
  const voidIndexes = new Set<number>();
  const thenableIndexes = new Set<number>();
  const calleeType = checker.getTypeAtLocation(call.expression);
  const parts = calleeType.isUnion() ? calleeType.types : [calleeType];
  const argCount = call.arguments?.length ?? 0;
  // With explicit type arguments (`useCallback<() => void>(async () => {})`), the instantiated signature says more.
  const resolved = call.typeArguments ? checker.getResolvedSignature(call) : undefined;
  for (const part of parts) {
    const signatures = ts.isNewExpression(call) ? part.getConstructSignatures() : part.getCallSignatures();
    for (const signature of resolved ? [...signatures, resolved] : signatures) {
      for (let index = 0; index < argCount; index++) {
        const type = parameterTypeAt(checker, signature, index, call);
        if (!type) continue;
        if (anySignatureReturnsThenable(checker, call, type)) thenableIndexes.add(index);
        else if (isVoidReturningFunctionType(checker, call, type)) voidIndexes.add(index);
      }
    }
  }
  for (const index of thenableIndexes) voidIndexes.delete(index);
  return voidIndexes;
}

function parameterTypeAt(checker: ts.TypeChecker, signature: ts.Signature, index: number, at: ts.Node): ts.Type | undefined {
  const parameters = signature.getParameters();
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  const last = parameters.length - 1;
  const restIndex = declaration && last >= 0 && declaration.parameters?.[last]?.dotDotDotToken ? last : -1;
  if (restIndex >= 0 && index >= restIndex) {
    const restType = checker.getTypeOfSymbolAtLocation(parameters[restIndex], at);
    if (checker.isTupleType(restType)) return checker.getTypeArguments(restType as ts.TypeReference)[index - restIndex];
    return restType.getNumberIndexType();
  }
  const parameter = parameters[index];
  return parameter ? checker.getTypeOfSymbolAtLocation(parameter, at) : undefined;
}

/** Some part of the type has a call signature returning void, and none returns a thenable (or accepts anything). */
function isVoidReturningFunctionType(checker: ts.TypeChecker, at: ts.Node, type: ts.Type): boolean {
  let hadVoidReturn = false;
  for (const part of type.isUnion() ? type.types : [type]) {
    for (const signature of part.getCallSignatures()) {
      const returnType = signature.getReturnType();
      if (isThenable(checker, at, returnType)) return false;
      if (returnType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
      if (returnType.flags & ts.TypeFlags.Void) hadVoidReturn = true;
    }
  }
  return hadVoidReturn;
}

function anySignatureReturnsThenable(checker: ts.TypeChecker, at: ts.Node, type: ts.Type): boolean {
  return (type.isUnion() ? type.types : [type]).some((part) => part.getCallSignatures().some((signature) => isThenable(checker, at, signature.getReturnType())));
}

function returnsThenable(checker: ts.TypeChecker, value: ts.Expression): boolean {
  return typeReturnsThenable(checker, value, checker.getTypeAtLocation(value));
}

/** Some call signature of the type returns a thenable (not `any`). */
function typeReturnsThenable(checker: ts.TypeChecker, at: ts.Node, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  return (type.isUnion() ? type.types : [type]).some((part) => part.getCallSignatures().some((signature) => isThenable(checker, at, signature.getReturnType())));
}

function isThenable(checker: ts.TypeChecker, at: ts.Node, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  return isThenableType(checker, type, at);
}

/** Expressions that can hold a function (a literal, a name, a member, a call's result), not other literals. */
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
  const checker = context.checker;
  if (checker) {
    // Only on arrays (and tuples, typed arrays through their `filter`), where the method is the built-in one.
    const receiver = checker.getApparentType(checker.getTypeAtLocation(callee.expression));
    if (!isArrayLike(checker, receiver)) return false;
    if (!mayBeFunction(predicate) || !returnsThenable(checker, predicate)) return false;
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

/** An array or tuple, a union of them, or an intersection with one (`string[] & { tag: "x" }`). */
function isArrayLike(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every((part) => isArrayLike(checker, part));
  if (type.isIntersection()) return type.types.some((part) => isArrayLike(checker, part));
  return checker.isArrayType(type) || checker.isTupleType(type) || isReadonlyArray(type);
}

function isReadonlyArray(type: ts.Type): boolean {
  return type.getSymbol()?.name === "ReadonlyArray";
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
  const checker = context.checker;
  if (checker && context.program) {
    const type = checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    return how === "always" ? isAlwaysThenable(checker, type, expr) : isPromiseType(checker, context.program, type) || isAlwaysThenable(checker, type, expr);
  }
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
  const checker = context.checker;
  if (!checker) return false;
  const target = skipTransparent(expr);
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return false;
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(target) ? target.name : target);
  return (symbol?.declarations ?? []).some(
    (d) => (ts.isVariableDeclaration(d) && !d.initializer && !(d.parent.flags & ts.NodeFlags.Const) && ts.isVariableDeclarationList(d.parent) && !ts.isForOfStatement(d.parent.parent) && !ts.isForInStatement(d.parent.parent)) || (ts.isPropertyDeclaration(d) && !d.initializer),
  );
}

/** A thenable in every part of its type (a `Promise | undefined` may be tested for presence). */
function isAlwaysThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.length > 0 && parts.every((part) => isThenableType(checker, part, at));
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
  const checker = context.checker;
  if (checker) {
    return isArrayLike(checker, checker.getApparentType(checker.getTypeAtLocation(expr)));
  }
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

