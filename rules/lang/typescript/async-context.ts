import ts from "typescript";
import { skipTransparent } from "./resolve";

/**
 * Where a node runs, as far as the event loop is concerned.
 * `asyncFunction` is the async function whose execution runs the node; `inlineCallbacks` are the
 * synchronous callbacks between them that run inline during it (`items.map(x => ...)`, a `new Promise`
 * executor, an IIFE), innermost first.
 */
export interface AsyncContext {
  asyncFunction: ts.FunctionLikeDeclaration;
  inlineCallbacks: ts.FunctionLikeDeclaration[];
}

/** Array methods that call their callback synchronously before returning. */
const INLINE_CALLBACK_METHODS: ReadonlyMap<string, number> = new Map([
  ["map", 0],
  ["forEach", 0],
  ["filter", 0],
  ["reduce", 0],
  ["reduceRight", 0],
  ["some", 0],
  ["every", 0],
  ["find", 0],
  ["findIndex", 0],
  ["findLast", 0],
  ["findLastIndex", 0],
  ["flatMap", 0],
  ["sort", 0],
  ["toSorted", 0],
]);

export function isAsyncFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) &&
    !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
  );
}

export class AsyncContextFinder {
  // Maps, not WeakMaps: a finder lives for one file's lint, and Maps are much cheaper to fill (one entry per node
  // passed on the way up).
  private readonly cache = new Map<ts.Node, AsyncContext | null>();
  private readonly enclosing = new Map<ts.Node, ts.FunctionLikeDeclaration | null>();

  constructor(private readonly isGlobal: (id: ts.Identifier) => boolean) {}

  /** The async function a node runs in (directly or through inline callbacks), if any. */
  contextOf(node: ts.Node): AsyncContext | undefined {
    const fn = this.enclosingFunctionOf(node);
    if (!fn) return undefined;
    return this.contextOfFunction(fn) ?? undefined;
  }

  /**
   * `enclosingFunction`, remembered for every node passed on the way up: rules ask for each call, and in deeply
   * nested code (10,000 nested blocks) walking up from each one is quadratic.
   */
  private enclosingFunctionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
    const passed: ts.Node[] = [];
    let result: ts.FunctionLikeDeclaration | null = null;
    for (let current = node.parent; current; current = current.parent) {
      const known = this.enclosing.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      if (ts.isFunctionLike(current)) {
        result = isFunctionWithBody(current) ? current : null;
        break;
      }
      if (ts.isClassLike(current) || ts.isSourceFile(current)) break;
      passed.push(current);
    }
    for (const ancestor of passed) this.enclosing.set(ancestor, result);
    return result ?? undefined;
  }

  private contextOfFunction(fn: ts.FunctionLikeDeclaration): AsyncContext | null {
    const cached = this.cache.get(fn);
    if (cached !== undefined) return cached;
    let result: AsyncContext | null = null;
    if (isAsyncFunction(fn)) {
      result = { asyncFunction: fn, inlineCallbacks: [] };
    } else if (this.runsInline(fn)) {
      const outer = enclosingFunction(fn);
      const outerContext = outer ? this.contextOfFunction(outer) : null;
      if (outerContext) result = { asyncFunction: outerContext.asyncFunction, inlineCallbacks: [fn, ...outerContext.inlineCallbacks] };
    }
    this.cache.set(fn, result);
    return result;
  }

  /** A function expression that is called synchronously where it is written. */
  runsInline(fn: ts.FunctionLikeDeclaration): boolean {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let child: ts.Node = fn;
    let parent = fn.parent;
    while (ts.isParenthesizedExpression(parent)) {
      child = parent;
      parent = parent.parent;
    }
    if (ts.isCallExpression(parent) && skipTransparent(parent.expression) === fn) return true; // IIFE
    if (ts.isCallExpression(parent)) {
      const index = parent.arguments.indexOf(child as ts.Expression);
      const callee = skipTransparent(parent.expression);
      if (ts.isPropertyAccessExpression(callee) && INLINE_CALLBACK_METHODS.get(callee.name.text) === index) return true;
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "from" &&
        index === 1 &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === "Array" &&
        this.isGlobal(callee.expression)
      ) {
        return true;
      }
      return false;
    }
    if (ts.isNewExpression(parent) && parent.arguments?.[0] === child) {
      const callee = skipTransparent(parent.expression);
      return ts.isIdentifier(callee) && callee.text === "Promise" && this.isGlobal(callee);
    }
    return false;
  }
}

/** The nearest function whose body contains the node; class bodies stop the search (initializers run elsewhere). */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) {
      // A parameter default or decorator is evaluated by the caller's frame only for its own call; treat as inside.
      return isFunctionWithBody(current) ? current : undefined;
    }
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

function isFunctionWithBody(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}
