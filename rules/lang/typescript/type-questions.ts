// The type questions the rules ask, as one small interface: what they need to know about a value, not how a
// compiler represents it. TypeScript 6.0's checker answers them in-process (Ts6TypeQuestions); TypeScript 7's native
// compiler answers them over its API (typescript7-questions.ts, opt-in with --engine ts7). The questions built from a
// few checker operations are answered once for both (type-answers.ts). Rules ask only through here (a test keeps
// them off the checker); see docs/typescript7-engine.md for the surface.
import ts from "typescript";
import { importedFilesByResolution } from "./module-specifiers";
import { isPromiseArrayType, isPromiseType, isThenableType } from "./promise-types";
import { TypeAnswers, type VoidSlot } from "./type-answers";
import { type TypeOrValueSpecifier, typeMatchesSpecifier, valueMatchesSpecifier } from "./type-specifiers";

/** What a value is to the async rules. `unknown`: `any`/`unknown`, the type says nothing (callers fall back to syntax). */
export type PromiseValue =
  | { kind: "unknown" }
  | { kind: "none" }
  | { kind: "promise" }
  | { kind: "array" }
  | { kind: "thenable"; typeText: string };

export interface PromiseQuestion {
  /** Whether a non-Promise object with `then(onFulfilled, onRejected)` counts. */
  checkThenables: boolean;
  /** Types listed by the user as safe: such a promise (or an array of only such) is `none`. */
  knownSafe: readonly TypeOrValueSpecifier[];
  /** `receiver.finally(f)` (through a run of `.finally`): the receiver, whose type says whether the result is safe. */
  finallyReceiver?: ts.Expression;
  /** `receiver.method(...)`: the receiver; a thenable of the very same type is a fluent builder, not started work. */
  methodReceiver?: ts.Expression;
}

export type { VoidSlot } from "./type-answers";

/** What a name refers to, as the rules need it: an identity to compare, aliases, declarations. */
export interface SymbolView {
  /** The same symbol gives the same key (`===`); with TypeScript 6, the checker's symbol itself. */
  readonly key: object;
  readonly isAlias: boolean;
  /** A module and not also a variable, function or class (what `import * as fs` or `import fs = require()` names). */
  readonly isModuleOnly: boolean;
  /** Its declarations, as nodes of a TypeScript 6 parse of their files (with parents). */
  declarations(): readonly ts.Declaration[];
  valueDeclaration(): ts.Declaration | undefined;
  /** The symbol an alias (an import, an export specifier) refers to in the end. */
  aliased(): SymbolView | undefined;
}

export interface TypeQuestions {
  readonly engine: "typescript6" | "typescript7";
  /** Whether the value of `expr` is a promise, an array of promises, a thenable, or none of these. */
  promiseValue(expr: ts.Expression, question: PromiseQuestion): PromiseValue;
  /** Whether the value of `expr` can be a promise, an array of them or a thenable at all (`any`/`unknown`: yes). */
  mayHoldPromise(expr: ts.Expression): boolean;
  /** Whether the value of `expr` is callable (every member of a union); `any`/`unknown`: yes. */
  isCallable(expr: ts.Expression): boolean;
  /**
   * The value declaration of what a name refers to, through import aliases: a node of a TypeScript 6 parse of its
   * file (the program's own with the TypeScript 6 engine). The TypeScript checker's getSymbolAtLocation,
   * getAliasedSymbol and valueDeclaration.
   */
  valueDeclarationOf(name: ts.Identifier | ts.PrivateIdentifier): ts.Declaration | undefined;
  /** For engines whose questions cost a round trip: ask about these expressions at once, before the walk. */
  prefetch?(nodes: readonly ts.Node[]): void;
  /** As prefetch, for the symbols of names. */
  prefetchSymbols?(names: readonly ts.Node[]): void;

  // ---- the project ----
  /** The program (TypeScript 6) or the snapshot's project (TypeScript 7): a key for caches of project-wide analyses. */
  readonly project: object;
  /** The project's own source files (no declaration files, none from packages), as TypeScript 6 parses. */
  projectSourceFiles(): readonly ts.SourceFile[];
  /** The files of the project (not of packages) that a file imports, by file name. */
  importedProjectFiles(file: ts.SourceFile): readonly string[];

  // ---- names ----
  /** The symbol at a name (an identifier, a property name, a declaration's name). */
  symbolAt(node: ts.Node): SymbolView | undefined;
  /** `{ value }` in an object literal: the symbol of the variable `value` (not the property). */
  shorthandValueSymbolAt(property: ts.ShorthandPropertyAssignment): SymbolView | undefined;

  // ---- functions where a function returning void is expected (no-misused-async) ----
  /** Whether some call signature of the node's type returns a thenable (not `any`). */
  returnsThenable(node: ts.Node): boolean;
  /** Of the given argument positions, those where every signature with that position expects a function returning void. */
  voidCallbackArguments(call: ts.CallExpression | ts.NewExpression, positions: readonly number[]): Set<number>;
  /** `receiver.finally(...)` calling a thenable's `finally` (the signature the call resolves to is named `finally`). */
  isPromiseFinallyCall(call: ts.CallExpression, receiver: ts.Expression, at: ts.Node): boolean;
  /** `f(...callbacks)`: an array or tuple holding functions that return thenables. */
  spreadHoldsAsyncFunctions(spread: ts.SpreadElement): boolean;
  /** Whether the slot's type is a function returning void (and not one returning a thenable or anything). */
  expectsVoidFunction(slot: VoidSlot, at: ts.Node): boolean;
  /** `{ name: value }` where the literal's contextual type has `name` as a function returning void, and `value` returns a thenable. */
  asyncValueForVoidProperty(literal: ts.ObjectLiteralExpression, name: string, value: ts.Node): boolean;
  /** The base (`extends`/`implements` entry) whose member `name` is a function returning void. */
  voidReturningBaseMember(bases: readonly ts.ExpressionWithTypeArguments[], name: string, member: ts.Node): ts.ExpressionWithTypeArguments | undefined;

  // ---- values ----
  /** An array or tuple by its apparent type, a union of them, or an intersection with one. */
  isArrayLike(expr: ts.Expression): boolean;
  /** Every member of its type's union is an array or a tuple. */
  isArrayOrTuple(expr: ts.Expression): boolean;
  /** A tuple without a rest element. */
  isFixedLengthTuple(expr: ts.Expression): boolean;
  /** "always": every member of its type is a thenable; "sometimes": also when it is a promise among others. `any`: no. */
  thenableValue(expr: ts.Expression, how: "always" | "sometimes"): boolean;
  /** Awaiting it gives the same type: not a promise, not a thenable, not generic (and not `any`). */
  isSettledValue(expr: ts.Expression): boolean;
  /** The names of each union member's alias and symbol (`__type` and the like included). */
  typeNamesOf(expr: ts.Expression): string[];
  /** The name of its type's symbol (`Promise` for a promise). */
  typeSymbolName(expr: ts.Expression): string | undefined;
  /** The type's name (its alias's first) and first declaration. */
  typeDeclarationOf(expr: ts.Expression): { name: string; declaration: ts.Declaration } | undefined;
  /** The annotation's type is the very type of `value`. */
  annotationMatchesValue(annotation: ts.TypeNode, value: ts.Expression): boolean;
  /** The call resolves to a declaration with type parameters (and has no explicit type arguments). */
  isGenericCall(call: ts.CallExpression): boolean;
  /** A string, a number, a URL, or a function without properties: never an options object. */
  isNeverOptions(expr: ts.Expression): boolean;
  /** Some member of its type has the property (`any`/`unknown`: yes). */
  mayHaveProperty(expr: ts.Expression, name: string): boolean;
  /** A number, or a union with a number in it. */
  isNumberValue(expr: ts.Expression): boolean;
  /** The callee matches one of the specifiers, by its name (and package) or by its type. */
  calleeMatchesSpecifier(callee: ts.Expression, specifiers: readonly TypeOrValueSpecifier[]): boolean;
}

/** The questions answered by TypeScript 6.0's checker, in-process. */
export class Ts6TypeQuestions extends TypeAnswers<ts.Type, ts.Symbol, ts.Signature> implements TypeQuestions {
  readonly engine = "typescript6";

  private readonly checker: ts.TypeChecker;

  constructor(private readonly program: ts.Program) {
    super();
    this.checker = program.getTypeChecker();
  }

  get project(): object {
    return this.program;
  }

  projectSourceFiles(): readonly ts.SourceFile[] {
    return this.program.getSourceFiles().filter((file) => !file.isDeclarationFile && !this.program.isSourceFileFromExternalLibrary(file));
  }

  importedProjectFiles(file: ts.SourceFile): readonly string[] {
    return importedFilesByResolution(this.program, file);
  }

  promiseValue(expr: ts.Expression, question: PromiseQuestion): PromiseValue {
    const { checker, program } = this;
    if (!question.finallyReceiver && ts.isCallExpression(expr) && this.calleeReturnsNoPromise(expr)) return { kind: "none" };
    const type = checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: "unknown" };
    const isSafe = (t: ts.Type | undefined) => !!t && question.knownSafe.some((specifier) => typeMatchesSpecifier(t, specifier, program));
    if (isSafe(type) || (question.finallyReceiver && isSafe(checker.getTypeAtLocation(question.finallyReceiver)))) return { kind: "none" };
    if (isPromiseArrayType(checker, program, type, isSafe)) return { kind: "array" };
    if (isPromiseType(checker, program, type)) return { kind: "promise" };
    if (question.checkThenables && isThenableType(checker, type, expr)) {
      const fluent = question.methodReceiver && checker.getTypeAtLocation(question.methodReceiver) === type;
      if (!fluent) return { kind: "thenable", typeText: checker.typeToString(type) };
    }
    return { kind: "none" };
  }

  /**
   * Whether every call signature of the callee declares a return type that is neither a promise, an array of them
   * nor a thenable, whatever the call's type arguments: then the call's own type, which the checker gets by
   * resolving the call (inferring a generic call's type arguments from its arguments, most of the time an edit's
   * new checker spends), would say the same. A signature of its own type parameters counts only when its return
   * type is a primitive, which no instantiation changes. Unions, `any` and anything else: false (ask the call).
   */
  protected override calleeReturnsNoPromise(call: ts.CallExpression): boolean {
    const { checker, program } = this;
    const callee = call.expression;
    if (callee.kind === ts.SyntaxKind.SuperKeyword || callee.kind === ts.SyntaxKind.ImportKeyword) return false;
    const calleeType = checker.getTypeAtLocation(callee);
    if (calleeType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) || calleeType.isUnion()) return false;
    const signatures = calleeType.getCallSignatures();
    if (signatures.length === 0) return false;
    return signatures.every((signature) => {
      const returnType = checker.getReturnTypeOfSignature(signature);
      if (returnType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
      if (signature.getTypeParameters()?.length && !isPrimitive(returnType)) return false;
      return !isPromiseType(checker, program, returnType) && !isPromiseArrayType(checker, program, returnType) && !isThenableType(checker, returnType, call);
    });
  }

  isCallable(expr: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    return (type.isUnion() ? type.types : [type]).every((t) => t.getCallSignatures().length > 0);
  }

  valueDeclarationOf(name: ts.Identifier | ts.PrivateIdentifier): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration;
  }

  mayHoldPromise(expr: ts.Expression): boolean {
    const { checker, program } = this;
    const type = checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    return isPromiseType(checker, program, type) || isPromiseArrayType(checker, program, type) || isThenableType(checker, type, expr);
  }

  symbolAt(node: ts.Node): SymbolView | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol && this.view(symbol);
  }

  shorthandValueSymbolAt(property: ts.ShorthandPropertyAssignment): SymbolView | undefined {
    const symbol = this.checker.getShorthandAssignmentValueSymbol(property);
    return symbol && this.view(symbol);
  }

  private view(symbol: ts.Symbol): SymbolView {
    const checker = this.checker;
    return {
      key: symbol,
      isAlias: (symbol.flags & ts.SymbolFlags.Alias) !== 0,
      isModuleOnly: (symbol.flags & ts.SymbolFlags.ValueModule) !== 0 && !(symbol.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Function | ts.SymbolFlags.Class)),
      declarations: () => symbol.declarations ?? [],
      valueDeclaration: () => symbol.valueDeclaration,
      aliased: () => {
        const target = checker.getAliasedSymbol(symbol);
        return target && this.view(target);
      },
    };
  }

  calleeMatchesSpecifier(callee: ts.Expression, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    const type = this.checker.getTypeAtLocation(callee);
    return specifiers.some((specifier) => valueMatchesSpecifier(callee, specifier, this.program, type) || typeMatchesSpecifier(type, specifier, this.program));
  }

  // ---- the operations type-answers.ts builds on ----

  protected typeAt(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }
  protected typeOfTypeNode(node: ts.TypeNode): ts.Type {
    return this.checker.getTypeFromTypeNode(node);
  }
  protected contextualTypeOf(expr: ts.Expression): ts.Type | undefined {
    return this.checker.getContextualType(expr);
  }
  protected isAnyOrUnknown(type: ts.Type): boolean {
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  }
  protected isVoid(type: ts.Type): boolean {
    return (type.flags & ts.TypeFlags.Void) !== 0;
  }
  protected isStringOrNumberLike(type: ts.Type): boolean {
    return (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0;
  }
  protected isNumberLike(type: ts.Type): boolean {
    return (type.flags & ts.TypeFlags.NumberLike) !== 0;
  }
  protected unionMembers(type: ts.Type): readonly ts.Type[] | undefined {
    return type.isUnion() ? type.types : undefined;
  }
  protected intersectionParts(type: ts.Type): readonly ts.Type[] | undefined {
    return type.isIntersection() ? type.types : undefined;
  }
  protected apparent(type: ts.Type): ts.Type {
    return this.checker.getApparentType(type);
  }
  protected signaturesOf(type: ts.Type, kind: "call" | "construct"): readonly ts.Signature[] {
    return kind === "call" ? type.getCallSignatures() : type.getConstructSignatures();
  }
  protected returnTypeOf(signature: ts.Signature): ts.Type {
    return signature.getReturnType();
  }
  protected parametersOf(signature: ts.Signature): readonly ts.Symbol[] {
    return signature.getParameters();
  }
  protected restIndexOf(signature: ts.Signature): number {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    const last = signature.getParameters().length - 1;
    return declaration && last >= 0 && declaration.parameters?.[last]?.dotDotDotToken ? last : -1;
  }
  protected declarationOfSignature(signature: ts.Signature): ts.Node | undefined {
    return signature.getDeclaration();
  }
  protected resolvedSignatureOf(call: ts.CallExpression | ts.NewExpression): ts.Signature | undefined {
    return this.checker.getResolvedSignature(call);
  }
  protected typeOfSymbolAt(symbol: ts.Symbol, at: ts.Node): ts.Type {
    return this.checker.getTypeOfSymbolAtLocation(symbol, at);
  }
  protected propertyOf(type: ts.Type, name: string): ts.Symbol | undefined {
    return this.checker.getPropertyOfType(type, name);
  }
  protected propertyCount(type: ts.Type): number {
    return type.getProperties().length;
  }
  protected indexTypeOf(type: ts.Type, key: "string" | "number"): ts.Type | undefined {
    return key === "string" ? this.checker.getIndexTypeOfType(type, ts.IndexKind.String) : type.getNumberIndexType();
  }
  protected isArrayType(type: ts.Type): boolean {
    return this.checker.isArrayType(type);
  }
  protected isTupleType(type: ts.Type): boolean {
    return this.checker.isTupleType(type);
  }
  protected tupleHasRest(type: ts.Type): boolean {
    return ((type as ts.TypeReference).target as ts.TupleType).hasRestElement;
  }
  protected typeArgumentsOf(type: ts.Type): readonly ts.Type[] {
    return this.checker.getTypeArguments(type as ts.TypeReference);
  }
  protected namesOf(type: ts.Type): { alias?: string; symbol?: string } {
    return { alias: type.aliasSymbol?.getName(), symbol: type.getSymbol()?.getName() };
  }
  protected symbolDeclarationsOf(type: ts.Type, aliasFirst: boolean): readonly ts.Declaration[] {
    const symbol = aliasFirst ? (type.aliasSymbol ?? type.getSymbol()) : type.getSymbol();
    return symbol?.declarations ?? [];
  }
  protected sameType(a: ts.Type, b: ts.Type): boolean {
    return a === b;
  }
  protected isThenableType(type: ts.Type, at: ts.Node): boolean {
    return isThenableType(this.checker, type, at);
  }
  protected isPromiseType(type: ts.Type): boolean {
    return isPromiseType(this.checker, this.program, type);
  }
  protected awaitsToItself(type: ts.Type): boolean {
    return this.checker.getAwaitedType(type) === type;
  }
}

/** `void`, `string`, `boolean`, a literal or enum, or a union of them: a type no instantiation changes. */
function isPrimitive(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isPrimitive);
  // Flags read here, not at module level: TypeScript is loaded lazily.
  const primitive =
    ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never | ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.ESSymbolLike;
  return (type.flags & primitive) !== 0 && !(type.flags & (ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping));
}
