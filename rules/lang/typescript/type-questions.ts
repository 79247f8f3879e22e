// The type questions the rules ask, as one small interface: what they need to know about a value, not how a
// compiler represents it. TypeScript 6.0's checker answers them in-process (Ts6TypeQuestions); TypeScript 7's native
// compiler answers them over its API (typescript7-questions.ts, opt-in with --engine ts7). Rules that still call
// `context.checker` directly run only with the TypeScript 6 engine; see docs/typescript7-engine.md for the surface.
import ts from "typescript";
import { isPromiseArrayType, isPromiseType, isThenableType } from "./promise-types";
import { type TypeOrValueSpecifier, typeMatchesSpecifier } from "./type-specifiers";

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
  prefetch?(expressions: readonly ts.Expression[]): void;
}

/** The questions answered by TypeScript 6.0's checker, in-process. */
export class Ts6TypeQuestions implements TypeQuestions {
  readonly engine = "typescript6";

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  promiseValue(expr: ts.Expression, question: PromiseQuestion): PromiseValue {
    const { checker, program } = this;
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
}
