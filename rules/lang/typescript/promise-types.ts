// Typed mode: what counts as a promise, a thenable, and an array of promises (no-unawaited-call, no-misused-async).
// Follows typescript-eslint's no-floating-promises: the built-in Promise (and classes derived from it) is a
// promise; any other object with `then(onFulfilled, onRejected)` is a thenable.
import ts from "typescript";

function parts(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/**
 * The union's members, each by its apparent type: a type parameter stands for its constraint, so `a: T | undefined`
 * with `T extends Promise<number>` is a promise or undefined (getApparentType alone leaves a union as it is).
 */
function apparentParts(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  return parts(type).flatMap((part) => parts(checker.getApparentType(part)));
}

/** The built-in Promise, a union containing it, or a class or interface derived from it. */
export function isPromiseType(checker: ts.TypeChecker, program: ts.Program, type: ts.Type): boolean {
  return apparentParts(checker, type).some((part) =>
    part.isIntersection() ? part.types.some((t) => isPromiseClass(checker, program, t, 0)) : isPromiseClass(checker, program, part, 0),
  );
}

function isPromiseClass(checker: ts.TypeChecker, program: ts.Program, type: ts.Type, depth: number): boolean {
  const symbol = type.getSymbol();
  if (!symbol) return false;
  if (symbol.name === "Promise" && symbol.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))) return true;
  if (depth > 4) return false;
  const target = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  if (!target.isClassOrInterface()) return false;
  return checker.getBaseTypes(target).some((base) => isPromiseClass(checker, program, base, depth + 1));
}

/** An object whose `then` takes two callbacks, so it can be awaited and can reject. */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  for (const part of apparentParts(checker, type)) {
    const then = part.getProperty("then");
    if (!then) continue;
    const thenType = checker.getTypeOfSymbolAtLocation(then, at);
    for (const signatureOwner of parts(thenType)) {
      for (const signature of signatureOwner.getCallSignatures()) {
        const [onFulfilled, onRejected] = signature.parameters;
        if (onFulfilled && onRejected && isCallableParameter(checker, onFulfilled, at) && isCallableParameter(checker, onRejected, at)) return true;
      }
    }
  }
  return false;
}

function isCallableParameter(checker: ts.TypeChecker, parameter: ts.Symbol, at: ts.Node): boolean {
  const type = checker.getApparentType(checker.getTypeOfSymbolAtLocation(parameter, at));
  return parts(type).some((t) => t.getCallSignatures().length > 0);
}

/** An array or tuple with a Promise among its element types (other than those `isSafe` allows). */
export function isPromiseArrayType(checker: ts.TypeChecker, program: ts.Program, type: ts.Type, isSafe: (element: ts.Type) => boolean = () => false): boolean {
  const isPromiseElement = (element: ts.Type | undefined) => !!element && isPromiseType(checker, program, element) && !isSafe(element);
  for (const part of apparentParts(checker, type)) {
    if (checker.isArrayType(part)) {
      if (isPromiseElement(checker.getTypeArguments(part as ts.TypeReference)[0])) return true;
    } else if (checker.isTupleType(part)) {
      if (checker.getTypeArguments(part as ts.TypeReference).some(isPromiseElement)) return true;
    }
  }
  return false;
}
