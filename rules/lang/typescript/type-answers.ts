// The rules' type questions that are built from a few checker operations, answered once for both engines: each
// engine (type-questions.ts for TypeScript 6, typescript7-questions.ts for TypeScript 7) supplies the operations on
// its own types, symbols and signatures, and these answers are the same code over either. Written as the rules
// asked them of TypeScript 6's checker, so its findings stay what they were.
import ts from "typescript";

/** Where a function is expected, for `expectsVoidFunction`: the type of a node, an annotation, a context, a return. */
export type VoidSlot =
  | { kind: "type-of"; node: ts.Node }
  | { kind: "annotation"; node: ts.TypeNode }
  | { kind: "contextual"; node: ts.Expression }
  /** The declared return type of the function, or the return type of the first signature its context gives it. */
  | { kind: "return-of"; node: ts.SignatureDeclaration };

/** A checker's operations on types (T), symbols (S) and signatures (G), as the shared answers use them. */
export abstract class TypeAnswers<T, S, G> {
  // ---- what each engine supplies ----
  protected abstract typeAt(node: ts.Node): T | undefined;
  protected abstract typeOfTypeNode(node: ts.TypeNode): T | undefined;
  protected abstract contextualTypeOf(expr: ts.Expression): T | undefined;
  protected abstract isAnyOrUnknown(type: T): boolean;
  protected abstract isVoid(type: T): boolean;
  protected abstract isStringOrNumberLike(type: T): boolean;
  protected abstract isNumberLike(type: T): boolean;
  /** The members of a union; undefined for any other type. */
  protected abstract unionMembers(type: T): readonly T[] | undefined;
  /** The members of an intersection; undefined for any other type. */
  protected abstract intersectionParts(type: T): readonly T[] | undefined;
  protected abstract apparent(type: T): T;
  protected abstract signaturesOf(type: T, kind: "call" | "construct"): readonly G[];
  protected abstract returnTypeOf(signature: G): T | undefined;
  protected abstract parametersOf(signature: G): readonly S[];
  /** The index of the signature's rest parameter (`...args`), or -1. */
  protected abstract restIndexOf(signature: G): number;
  /** The declaration of a signature, as a TypeScript 6 node. */
  protected abstract declarationOfSignature(signature: G): ts.Node | undefined;
  protected abstract resolvedSignatureOf(call: ts.CallExpression | ts.NewExpression): G | undefined;
  protected abstract typeOfSymbolAt(symbol: S, at: ts.Node): T | undefined;
  protected abstract propertyOf(type: T, name: string): S | undefined;
  protected abstract propertyCount(type: T): number;
  protected abstract indexTypeOf(type: T, key: "string" | "number"): T | undefined;
  protected abstract isArrayType(type: T): boolean;
  protected abstract isTupleType(type: T): boolean;
  /** A tuple with a rest element (`[A, ...B[]]`): its length is not fixed. */
  protected abstract tupleHasRest(type: T): boolean;
  protected abstract typeArgumentsOf(type: T): readonly T[];
  /** The names of the type's symbol and of its alias symbol (`[alias, symbol]`, either may be undefined). */
  protected abstract namesOf(type: T): { alias?: string; symbol?: string };
  /** The declarations of the type's symbol (or its alias's), as TypeScript 6 nodes. */
  protected abstract symbolDeclarationsOf(type: T, aliasFirst: boolean): readonly ts.Declaration[];
  protected abstract sameType(a: T, b: T): boolean;
  protected abstract isThenableType(type: T, at: ts.Node): boolean;
  protected abstract isPromiseType(type: T): boolean;
  /** Whether awaiting a value of this type gives the same type (it is not a promise or thenable, not generic). */
  protected abstract awaitsToItself(type: T, at: ts.Node): boolean;
  /**
   * True when the callee's declared signatures show that the call returns no promise, array of them or thenable,
   * without resolving the call; false when that takes the call's own type.
   */
  protected calleeReturnsNoPromise(_call: ts.CallExpression): boolean {
    return false;
  }

  // ---- the answers ----

  /** The members of a union; `[type]` for any other type. */
  protected unionParts(type: T): readonly T[] {
    return this.unionMembers(type) ?? [type];
  }

  returnsThenable(node: ts.Node): boolean {
    const bySyntax = functionReturnsThenableBySyntax(node);
    if (bySyntax !== undefined) return bySyntax;
    if (this.returnsOnlyNonThenables(node)) return false;
    const type = this.typeAt(node);
    return !!type && this.typeReturnsThenable(node, type);
  }

  /**
   * A function literal (not async, no declared return type) whose every returned value is a primitive by its syntax,
   * or a call whose callee's declared signatures return no promise: its return type holds no thenable either. Asking
   * for the function's type instead would resolve the call it is passed to, checking its whole body.
   */
  private returnsOnlyNonThenables(node: ts.Node): boolean {
    if (node.flags & ts.NodeFlags.JavaScriptFile) return false;
    const fn = ts.isExpression(node) ? skipParentheses(node) : node;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) return false;
    if (fn.asteriskToken || fn.type || !fn.body || fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return false;
    const values = ts.isBlock(fn.body) ? returnedValues(fn.body) : [fn.body];
    return values.length > 0 && values.every((value) => this.isNonThenableBySignature(skipParentheses(value)));
  }

  private isNonThenableBySignature(expr: ts.Expression): boolean {
    if (isPrimitiveBySyntax(expr)) return true;
    if (ts.isConditionalExpression(expr)) return this.isNonThenableBySignature(skipParentheses(expr.whenTrue)) && this.isNonThenableBySignature(skipParentheses(expr.whenFalse));
    if (ts.isBinaryExpression(expr) && isLogicalOperator(expr.operatorToken.kind)) {
      return this.isNonThenableBySignature(skipParentheses(expr.left)) && this.isNonThenableBySignature(skipParentheses(expr.right));
    }
    return ts.isCallExpression(expr) && this.calleeReturnsNoPromise(expr);
  }

  voidCallbackArguments(call: ts.CallExpression | ts.NewExpression, positions: readonly number[]): Set<number> {
    const voidIndexes = new Set<number>();
    const thenableIndexes = new Set<number>();
    const calleeType = this.typeAt(call.expression);
    if (!calleeType) return voidIndexes;
    // With explicit type arguments (`useCallback<() => void>(async () => {})`), the instantiated signature says more.
    const resolved = call.typeArguments ? this.resolvedSignatureOf(call) : undefined;
    for (const part of this.unionParts(calleeType)) {
      const signatures = this.signaturesOf(part, ts.isNewExpression(call) ? "construct" : "call");
      for (const signature of resolved ? [...signatures, resolved] : signatures) {
        for (const index of positions) {
          const type = this.parameterTypeAt(signature, index, call);
          if (!type) continue;
          if (this.anySignatureReturnsThenable(call, type)) thenableIndexes.add(index);
          else if (this.isVoidReturningFunctionType(call, type)) voidIndexes.add(index);
        }
      }
    }
    for (const index of thenableIndexes) voidIndexes.delete(index);
    return voidIndexes;
  }

  isPromiseFinallyCall(call: ts.CallExpression, receiver: ts.Expression, at: ts.Node): boolean {
    const resolved = this.resolvedSignatureOf(call);
    const declaration = resolved && this.declarationOfSignature(resolved);
    const name = declaration && "name" in declaration && declaration.name && ts.isIdentifier(declaration.name as ts.Node) ? (declaration.name as ts.Identifier).text : undefined;
    if (name !== "finally") return false;
    const type = this.typeAt(receiver);
    return !!type && this.isThenable(at, type);
  }

  spreadHoldsAsyncFunctions(spread: ts.SpreadElement): boolean {
    const type = this.typeAt(spread.expression);
    if (!type) return false;
    const elements = this.isTupleType(type) ? this.typeArgumentsOf(type) : this.isArrayType(type) ? [this.indexTypeOf(type, "number")] : [];
    return elements.some((element) => !!element && this.typeReturnsThenable(spread, element));
  }

  expectsVoidFunction(slot: VoidSlot, at: ts.Node): boolean {
    const expected = this.slotType(slot);
    return !!expected && this.isVoidReturningFunctionType(at, expected);
  }

  asyncValueForVoidProperty(literal: ts.ObjectLiteralExpression, name: string, value: ts.Node): boolean {
    const bySyntax = functionReturnsThenableBySyntax(value);
    if (bySyntax === false) return false;
    // The slot before the value: the literal's contextual type is one question per literal (most literals have
    // none, or one without function-typed properties), the values' types one per property.
    const contextual = this.contextualTypeOf(literal);
    if (!contextual) return false;
    const expectsVoidFunction = this.unionParts(contextual).some((part) => {
      const symbol = this.propertyOf(part, name);
      const expected = symbol ? this.typeOfSymbolAt(symbol, literal) : this.indexTypeOf(part, "string");
      return !!expected && this.isVoidReturningFunctionType(value, expected);
    });
    return expectsVoidFunction && (bySyntax ?? this.returnsThenable(value));
  }

  voidReturningBaseMember(bases: readonly ts.ExpressionWithTypeArguments[], name: string, member: ts.Node): ts.ExpressionWithTypeArguments | undefined {
    for (const base of bases) {
      const baseType = this.typeAt(base);
      const symbol = baseType && this.propertyOf(baseType, name);
      if (!symbol) continue;
      const baseMemberType = this.typeOfSymbolAt(symbol, base);
      if (baseMemberType && this.isVoidReturningFunctionType(member, baseMemberType)) return base;
    }
    return undefined;
  }

  isArrayLike(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    return !!type && this.isArrayLikeType(this.apparent(type));
  }

  isArrayOrTuple(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    return !!type && this.unionParts(type).every((t) => this.isArrayType(t) || this.isTupleType(t));
  }

  isFixedLengthTuple(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    return !!type && this.isTupleType(type) && !this.tupleHasRest(type);
  }

  thenableValue(expr: ts.Expression, how: "always" | "sometimes"): boolean {
    if (isPrimitiveBySyntax(expr)) return false;
    if (ts.isCallExpression(expr) && this.calleeReturnsNoPromise(expr)) return false;
    const type = this.typeAt(expr);
    if (!type || this.isAnyOrUnknown(type)) return false;
    return how === "always" ? this.isAlwaysThenable(type, expr) : this.isPromiseType(type) || this.isAlwaysThenable(type, expr);
  }

  isSettledValue(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    return !!type && !this.isAnyOrUnknown(type) && this.awaitsToItself(type, expr);
  }

  typeNamesOf(expr: ts.Expression): string[] {
    const type = this.typeAt(expr);
    if (!type) return [];
    return this.unionParts(type).flatMap((member) => {
      const { alias, symbol } = this.namesOf(member);
      return [alias, symbol].filter((n): n is string => !!n);
    });
  }

  typeSymbolName(expr: ts.Expression): string | undefined {
    const type = this.typeAt(expr);
    return type && this.namesOf(type).symbol;
  }

  typeDeclarationOf(expr: ts.Expression): { name: string; declaration: ts.Declaration } | undefined {
    const type = this.typeAt(expr);
    if (!type) return undefined;
    const names = this.namesOf(type);
    const name = names.alias ?? names.symbol;
    const declaration = this.symbolDeclarationsOf(type, true)[0];
    return name !== undefined && declaration ? { name, declaration } : undefined;
  }

  annotationMatchesValue(annotation: ts.TypeNode, value: ts.Expression): boolean {
    const declared = this.typeOfTypeNode(annotation);
    const actual = this.typeAt(value);
    return !!declared && !!actual && this.sameType(actual, declared);
  }

  isGenericCall(call: ts.CallExpression): boolean {
    if (call.typeArguments) return false;
    const resolved = this.resolvedSignatureOf(call);
    const declaration = resolved && this.declarationOfSignature(resolved);
    return !!declaration && ts.isFunctionLike(declaration) && !!declaration.typeParameters?.length;
  }

  isNeverOptions(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    if (!type) return false;
    if (this.isStringOrNumberType(type)) return true;
    if (this.signaturesOf(type, "call").length > 0 && this.propertyCount(type) === 0) return true;
    return this.isNamedGlobalType(type, "URL");
  }

  mayHaveProperty(expr: ts.Expression, name: string): boolean {
    const type = this.typeAt(expr);
    if (!type || this.isAnyOrUnknown(type)) return true;
    return this.unionParts(type).some((t) => this.propertyOf(t, name) !== undefined);
  }

  isNumberValue(expr: ts.Expression): boolean {
    const type = this.typeAt(expr);
    if (!type) return false;
    return this.isNumberLike(type) || (this.unionMembers(type)?.some((t) => this.isNumberLike(t)) ?? false);
  }

  // ---- shared steps ----

  private slotType(slot: VoidSlot): T | undefined {
    switch (slot.kind) {
      case "type-of":
        return this.typeAt(slot.node);
      case "annotation":
        return this.typeOfTypeNode(slot.node);
      case "contextual":
        return this.contextualTypeOf(slot.node);
      case "return-of": {
        const fn = slot.node;
        if (fn.type) return this.typeOfTypeNode(fn.type);
        const contextual = ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) ? this.contextualTypeOf(fn) : undefined;
        const signature = contextual && this.signaturesOf(contextual, "call")[0];
        return signature && this.returnTypeOf(signature);
      }
    }
  }

  private parameterTypeAt(signature: G, index: number, at: ts.Node): T | undefined {
    const parameters = this.parametersOf(signature);
    const restIndex = this.restIndexOf(signature);
    if (restIndex >= 0 && index >= restIndex) {
      const restType = this.typeOfSymbolAt(parameters[restIndex], at);
      if (!restType) return undefined;
      if (this.isTupleType(restType)) return this.typeArgumentsOf(restType)[index - restIndex];
      return this.indexTypeOf(restType, "number");
    }
    const parameter = parameters[index];
    return parameter ? this.typeOfSymbolAt(parameter, at) : undefined;
  }

  /** Some part of the type has a call signature returning void, and none returns a thenable (or accepts anything). */
  private isVoidReturningFunctionType(at: ts.Node, type: T): boolean {
    let hadVoidReturn = false;
    for (const part of this.unionParts(type)) {
      for (const signature of this.signaturesOf(part, "call")) {
        const returnType = this.returnTypeOf(signature);
        if (!returnType) continue;
        if (this.isThenable(at, returnType)) return false;
        if (this.isAnyOrUnknown(returnType)) return false;
        if (this.isVoid(returnType)) hadVoidReturn = true;
      }
    }
    return hadVoidReturn;
  }

  private anySignatureReturnsThenable(at: ts.Node, type: T): boolean {
    return this.unionParts(type).some((part) => this.signaturesOf(part, "call").some((signature) => this.returnsThenableType(at, signature)));
  }

  /** Some call signature of the type returns a thenable (not `any`). */
  private typeReturnsThenable(at: ts.Node, type: T): boolean {
    if (this.isAnyOrUnknown(type)) return false;
    return this.anySignatureReturnsThenable(at, type);
  }

  private returnsThenableType(at: ts.Node, signature: G): boolean {
    const returnType = this.returnTypeOf(signature);
    return !!returnType && this.isThenable(at, returnType);
  }

  private isThenable(at: ts.Node, type: T): boolean {
    if (this.isAnyOrUnknown(type)) return false;
    return this.isThenableType(type, at);
  }

  /** A thenable in every part of its type (a `Promise | undefined` may be tested for presence). */
  private isAlwaysThenable(type: T, at: ts.Node): boolean {
    const parts = this.unionParts(type);
    return parts.length > 0 && parts.every((part) => this.isThenableType(part, at));
  }

  /** An array or tuple, a union of them, or an intersection with one (`string[] & { tag: "x" }`). */
  private isArrayLikeType(type: T): boolean {
    const union = this.unionMembers(type);
    if (union) return union.every((part) => this.isArrayLikeType(part));
    const intersection = this.intersectionParts(type);
    if (intersection) return intersection.some((part) => this.isArrayLikeType(part));
    return this.isArrayType(type) || this.isTupleType(type) || this.namesOf(type).symbol === "ReadonlyArray";
  }

  private isStringOrNumberType(type: T): boolean {
    const union = this.unionMembers(type);
    if (union) return union.every((t) => this.isStringOrNumberLike(t) || this.isNamedGlobalType(t, "URL"));
    return this.isStringOrNumberLike(type);
  }

  private isNamedGlobalType(type: T, name: string): boolean {
    return this.namesOf(type).symbol === name && this.symbolDeclarationsOf(type, false).some((d) => d.getSourceFile().isDeclarationFile);
  }
}

/**
 * Whether a value's call signatures return a thenable, when its own form says so, without its type (which, for a
 * callback, comes from resolving the call it is passed to): a literal has none; an `async` function returns a
 * promise; an unannotated block body that returns no value returns void, an expression body that is a comparison
 * (or another primitive by its syntax) that primitive. Undefined otherwise (ask the type).
 */
export function functionReturnsThenableBySyntax(node: ts.Node): boolean | undefined {
  // In JavaScript a JSDoc tag may declare a function's type, or cast a parenthesized value: ask the type.
  if (node.flags & ts.NodeFlags.JavaScriptFile) return undefined;
  let fn = node;
  while (ts.isParenthesizedExpression(fn)) fn = fn.expression;
  // A primitive, an object or array literal has no call signatures.
  if (ts.isObjectLiteralExpression(fn) || ts.isArrayLiteralExpression(fn) || ts.isRegularExpressionLiteral(fn)) return false;
  if (ts.isExpression(fn) && isPrimitiveBySyntax(fn)) return false;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) return undefined;
  if (fn.asteriskToken || fn.type) return undefined;
  if (fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  if (!fn.body) return undefined;
  // `() => {}` with no value returned, `(x) => x.id === id`: void, a primitive.
  if (ts.isBlock(fn.body)) return returnsValue(fn.body) ? undefined : false;
  return isPrimitiveBySyntax(skipParentheses(fn.body)) ? false : undefined;
}

/**
 * Whether `expectsVoidFunction({ kind: "return-of", node: fn })` can hold, by syntax: the function declares a
 * return type that may have call signatures, or has none and is a function expression or arrow (whose context may
 * give it one). A declaration or method without a return type has no expected return type to break.
 */
export function returnTypeMayBeFunction(fn: ts.SignatureDeclaration): boolean {
  if (fn.type) return typeNodeMayBeFunction(fn.type);
  return ts.isFunctionExpression(fn) || ts.isArrowFunction(fn);
}

/** False for type forms that never have call signatures (keywords, literals, arrays, tuples, predicates). */
function typeNodeMayBeFunction(node: ts.TypeNode): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.SymbolKeyword:
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.NeverKeyword:
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
    case ts.SyntaxKind.TypePredicate:
      return false;
    case ts.SyntaxKind.ParenthesizedType:
      return typeNodeMayBeFunction((node as ts.ParenthesizedTypeNode).type);
    case ts.SyntaxKind.UnionType:
    case ts.SyntaxKind.IntersectionType:
      return (node as ts.UnionOrIntersectionTypeNode).types.some(typeNodeMayBeFunction);
    default:
      return true;
  }
}

/**
 * An expression whose operator or form makes its value a primitive whatever its operands are (a comparison is a
 * boolean, arithmetic a number, bigint or string, `typeof` a string...), so it is no thenable. Asking the checker
 * instead would check both operands, resolving any calls in them, for an answer known from the syntax.
 * Assignments (`x = promise`) and the comma operator take an operand's value: not listed; `&&`, `||` and `??` only
 * when both operands are primitives by their syntax.
 */
export function isPrimitiveBySyntax(expr: ts.Expression): boolean {
  switch (expr.kind) {
    case ts.SyntaxKind.BinaryExpression: {
      const binary = expr as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      // `a === 1 || b === 2`: a logical operator's value is one of its operands.
      if (isLogicalOperator(operator)) {
        return isPrimitiveBySyntax(skipParentheses(binary.left)) && isPrimitiveBySyntax(skipParentheses(binary.right));
      }
      return isPrimitiveOperator(operator);
    }
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.DeleteExpression:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    default:
      return false;
  }
}


function isLogicalOperator(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken;
}

/** Comparisons, `in`, `instanceof`, arithmetic and bitwise operators and their compound assignments. */
function isPrimitiveOperator(operator: ts.BinaryOperator): boolean {
  switch (operator) {
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.LessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.InstanceOfKeyword:
    case ts.SyntaxKind.InKeyword:
    case ts.SyntaxKind.PlusToken:
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.AsteriskAsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
    case ts.SyntaxKind.LessThanLessThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
    case ts.SyntaxKind.AmpersandToken:
    case ts.SyntaxKind.BarToken:
    case ts.SyntaxKind.CaretToken:
    case ts.SyntaxKind.PlusEqualsToken:
    case ts.SyntaxKind.MinusEqualsToken:
    case ts.SyntaxKind.AsteriskEqualsToken:
    case ts.SyntaxKind.AsteriskAsteriskEqualsToken:
    case ts.SyntaxKind.SlashEqualsToken:
    case ts.SyntaxKind.PercentEqualsToken:
    case ts.SyntaxKind.LessThanLessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanGreaterThanEqualsToken:
    case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken:
    case ts.SyntaxKind.AmpersandEqualsToken:
    case ts.SyntaxKind.BarEqualsToken:
    case ts.SyntaxKind.CaretEqualsToken:
      return true;
    default:
      return false;
  }
}

function skipParentheses(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return expr;
}

/** The values of the `return value;` statements in a body, not counting nested functions and classes. */
function returnedValues(node: ts.Node, into: ts.Expression[] = []): ts.Expression[] {
  ts.forEachChild(node, (child) => {
    if (ts.isReturnStatement(child)) {
      if (child.expression) into.push(child.expression);
    } else if (!ts.isFunctionLike(child) && !ts.isClassLike(child)) {
      returnedValues(child, into);
    }
  });
  return into;
}

/** A `return value;` in the body, not counting nested functions and classes. */
function returnsValue(node: ts.Node): boolean {
  return !!ts.forEachChild(node, (child) => {
    if (ts.isReturnStatement(child)) return child.expression !== undefined;
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return false;
    return returnsValue(child);
  });
}
