import { builtinModules } from "node:module";
import ts from "typescript";
import { matchApi, pathMatches } from "../knowledge/api-match";
import { DEFAULT_CALL_DEPTH, FunctionSummaries } from "../core/summaries";
import {
  type ApiPattern,
  CHUNK_NAMES,
  CHUNKING_FUNCTION_NAMES,
  IO_CALL_NAMES,
  CONCURRENCY_OPTION_FUNCTIONS,
  FAN_OUT_COMBINATORS,
  IO_CALLS,
  IO_DECLARED_TYPES,
  IO_FACTORIES,
  IO_MEMBERS,
  IO_METHOD_RESULTS,
  LIMITER_FACTORIES,
  LIMITER_MEMBERS,
  LIMITER_METHOD_RESULTS,
  LIMITER_NAMES,
  type TrackedFactory,
  type TrackedMember,
} from "../knowledge/node-promises";
import { calleeFunction, calleeText, type FunctionWithBody } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { aliasedImportTargets } from "../lang/typescript/path-aliases";
import { memberName, normalizeModuleName, packageNameOfPath, TsResolver, skipTransparent } from "../lang/typescript/resolve";
import { FAN_OUT_REMEDY, type RequireConcurrencyLimitMessageId, type RequireConcurrencyLimitOptions } from "./meta";

type Context = TsRuleContext<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions>;

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** A literal collection with at most this many elements is small enough to start at once. */
const SMALL_LITERAL_SIZE = 16;

interface FanOut {
  collection: ts.Expression;
  mapper: ts.Expression;
}

/** The first I/O the mapper performs: the call in the mapper, and how it reaches I/O. */
interface IoUse {
  call: ts.Node;
  description: string;
}

type MapperVerdict = IoUse | "limited" | undefined;

export const detectUnboundedFanOut: TsDetector<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions> = (context) => {
  const ioCalls: ApiPattern[] = [...IO_CALLS, ...context.options.ioCalls.map((c) => ({ module: normalizeModuleName(c.module), name: c.name }))];
  let tracked: TsResolver | undefined;
  // Limiters and I/O clients are tracked from where they are made; built only for files that fan out.
  const trackedResolver = () =>
    (tracked ??= new TsResolver(context.types, {
      factories: [...IO_FACTORIES, ...LIMITER_FACTORIES].map(toInstanceFactory),
      methodResults: [...IO_METHOD_RESULTS, ...LIMITER_METHOD_RESULTS],
    }));
  const analyzer = new MapperAnalyzer(context, ioCalls, trackedResolver);
  // Cheap pre-check before resolving: a member call must end in a name the tables know (`Promise.all`, `Bluebird.map`).
  const memberNames = new Set([...FAN_OUT_COMBINATORS, ...CONCURRENCY_OPTION_FUNCTIONS].map((api) => api.name.split(".").at(-1) ?? ""));

  return {
    [ts.SyntaxKind.CallExpression]: (node) => {
      const call = node as ts.CallExpression;
      const callee = skipTransparent(call.expression);
      if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return;
      if (ts.isPropertyAccessExpression(callee) && !memberNames.has(callee.name.text)) return;
      const resolved = context.analysis.resolver.resolve(callee);
      if (!resolved || resolved.kind !== "module") return;

      if (matchApi(FAN_OUT_COMBINATORS, resolved)) {
        const argument = call.arguments[0];
        const fanOut = argument && !ts.isSpreadElement(argument) ? fanOutOf(context, argument, 0) : undefined;
        if (!fanOut || isBoundedCollection(context, fanOut.collection, 0)) return;
        const io = analyzer.verdict(fanOut.mapper);
        if (!io || io === "limited") return;
        report(context, call, "unboundedFanOut", fanOut, io, { remedy: FAN_OUT_REMEDY.typescript });
        return;
      }

      const optionFunction = matchApi(CONCURRENCY_OPTION_FUNCTIONS, resolved);
      if (optionFunction) {
        const collection = call.arguments[optionFunction.collectionArgument];
        const mapper = call.arguments[optionFunction.mapperArgument];
        if (!collection || !mapper || call.arguments.some((a) => ts.isSpreadElement(a))) return;
        if (hasConcurrencyOption(call.arguments[optionFunction.optionsArgument], optionFunction.option)) return;
        const fanOut = { collection, mapper };
        if (isBoundedCollection(context, collection, 0)) return;
        const io = analyzer.verdict(mapper);
        if (!io || io === "limited") return;
        report(context, call, "missingConcurrencyOption", fanOut, io, { option: optionFunction.option });
      }
    },
  };
};

function toInstanceFactory(factory: TrackedFactory) {
  return { module: factory.module, path: factory.name === "" ? [] : factory.name.split("."), type: factory.type };
}

function report(
  context: Context,
  call: ts.CallExpression,
  messageId: RequireConcurrencyLimitMessageId,
  fanOut: FanOut,
  io: IoUse,
  extra: Record<string, string>,
): void {
  const sourceFile = context.sourceFile;
  const callee = skipTransparent(call.expression);
  context.report({
    range: { start: callee.getStart(sourceFile), end: callee.end },
    messageId,
    data: { combinator: calleeText(callee, sourceFile), collection: calleeText(fanOut.collection, sourceFile), io: io.description, ...extra },
    related: [{ range: { start: io.call.getStart(sourceFile), end: io.call.end }, message: "The I/O started for each element." }],
  });
}

/** `xs.map(fn)`, `Array.from(xs, fn)`, or a `const` holding one of them. */
function fanOutOf(context: Context, argument: ts.Expression, depth: number): FanOut | undefined {
  const expr = skipTransparent(argument);
  if (ts.isCallExpression(expr)) {
    const callee = skipTransparent(expr.expression);
    if (!ts.isPropertyAccessExpression(callee) || expr.arguments.some((a) => ts.isSpreadElement(a))) return undefined;
    if ((callee.name.text === "map" || callee.name.text === "flatMap") && expr.arguments.length >= 1) {
      return { collection: callee.expression, mapper: expr.arguments[0] };
    }
    if (callee.name.text === "from" && expr.arguments.length >= 2) {
      const array = context.analysis.resolver.resolve(callee.expression);
      if (array?.kind === "module" && array.module === "globalThis" && array.path.join(".") === "Array") return { collection: expr.arguments[0], mapper: expr.arguments[1] };
    }
    return undefined;
  }
  if (ts.isIdentifier(expr) && depth === 0) {
    const initializer = constInitializer(context, expr);
    return initializer ? fanOutOf(context, initializer, depth + 1) : undefined;
  }
  return undefined;
}

function constInitializer(context: Context, id: ts.Identifier): ts.Expression | undefined {
  const declaration = context.analysis.resolver.declarationOf(id);
  if (declaration === "global" || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!ts.isVariableDeclarationList(declaration.parent) || !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
  return declaration.initializer;
}

/** A collection whose size the code fixes: a short literal, a const bound to one, a tuple, or a slice (chunking). */
function isBoundedCollection(context: Context, collection: ts.Expression, depth: number): boolean {
  const expr = skipTransparent(collection);
  if (depth > 3) return false;
  if (context.types?.isFixedLengthTuple(expr)) return true;
  // `[a, b, c]`, and spreads of fixed-size arrays: `[...Array(5)]`, `[...Array(5).keys()]`.
  if (ts.isArrayLiteralExpression(expr)) {
    return expr.elements.length <= SMALL_LITERAL_SIZE && expr.elements.every((e) => !ts.isSpreadElement(e) || isBoundedCollection(context, e.expression, depth + 1));
  }
  // `Array(6)`, `new Array(6)`: that many empty slots.
  if ((ts.isCallExpression(expr) || ts.isNewExpression(expr)) && isGlobalArray(context, expr.expression) && expr.arguments?.length === 1) {
    return isSmallNumber(expr.arguments[0]);
  }
  if (ts.isObjectLiteralExpression(expr)) {
    // `Array.from({ length: 3 }, fn)`
    const length = expr.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "length");
    if (!length || !ts.isPropertyAssignment(length)) return false;
    const value = skipTransparent(length.initializer);
    return isSmallNumber(value);
  }
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
    if (namesChunk(expr)) return true;
    if (ts.isIdentifier(expr)) {
      if (isElementOfChunks(context, expr, depth)) return true;
      const initializer = constInitializer(context, expr);
      return !!initializer && isBoundedCollection(context, initializer, depth + 1);
    }
    return false;
  }
  if (ts.isCallExpression(expr)) {
    const callee = skipTransparent(expr.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const name = callee.name.text;
    // `Array.from({ length: 5 })`, `Array.from(small)`: as many elements as its source.
    if (name === "from" && expr.arguments.length >= 1 && isGlobalArray(context, callee.expression)) return isBoundedCollection(context, expr.arguments[0], depth + 1);
    // `Array(6).fill(x)`, `Array(5).keys()`: the same length as the receiver.
    if ((name === "fill" || name === "keys" || name === "values" || name === "entries" || name === "map") && !isGlobalObject(context, callee.expression)) {
      if (isBoundedCollection(context, callee.expression, depth + 1)) return true;
    }
    // `ids.slice(i, i + 50)` is one chunk of a bigger collection.
    if ((name === "slice" || name === "splice") && expr.arguments.length === 2) return true;
    if (name === "filter" || name === "slice" || name === "concat" || name === "reverse" || name === "toSorted" || name === "toReversed" || name === "sort") {
      return isBoundedCollection(context, callee.expression, depth + 1);
    }
    if ((name === "keys" || name === "values" || name === "entries") && expr.arguments.length === 1) {
      const owner = context.analysis.resolver.resolve(callee.expression);
      if (owner?.kind === "module" && owner.module === "globalThis" && owner.path.join(".") === "Object") return isSmallObject(context, expr.arguments[0], depth + 1);
    }
  }
  return false;
}

/**
 * The loop variable of `for (const group of chunk(ids, 10))`: one slice of a collection cut into pieces, by a
 * function named for it (lodash's `chunk`, `chunks`, `inBatches`, `splitIntoBatches`...), called directly or held in
 * a `const`.
 */
function isElementOfChunks(context: Context, id: ts.Identifier, depth: number): boolean {
  const declaration = context.analysis.resolver.declarationOf(id);
  if (declaration === "global" || !ts.isVariableDeclaration(declaration) || declaration.initializer) return false;
  const list = declaration.parent;
  const loop = ts.isVariableDeclarationList(list) ? list.parent : undefined;
  if (!loop || !ts.isForOfStatement(loop) || loop.initializer !== list) return false;
  let iterated = skipTransparent(loop.expression);
  if (ts.isIdentifier(iterated) && depth < 3) iterated = skipTransparent(constInitializer(context, iterated) ?? iterated);
  if (!ts.isCallExpression(iterated)) return false;
  const callee = skipTransparent(iterated.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return !!name && CHUNKING_FUNCTION_NAMES.some((pattern) => pattern.test(name));
}

function isSmallNumber(expression: ts.Expression): boolean {
  const value = skipTransparent(expression);
  return ts.isNumericLiteral(value) && Number(value.text) <= SMALL_LITERAL_SIZE;
}

function isGlobalArray(context: Context, expression: ts.Expression): boolean {
  const resolved = context.analysis.resolver.resolve(expression);
  return resolved?.kind === "module" && resolved.module === "globalThis" && resolved.path.join(".") === "Array";
}

function isGlobalObject(context: Context, expression: ts.Expression): boolean {
  const resolved = context.analysis.resolver.resolve(expression);
  return resolved?.kind === "module" && resolved.module === "globalThis" && resolved.path.join(".") === "Object";
}

function isSmallObject(context: Context, expression: ts.Expression, depth: number): boolean {
  let expr = skipTransparent(expression);
  if (ts.isIdentifier(expr)) {
    const initializer = constInitializer(context, expr);
    if (!initializer) return false;
    expr = skipTransparent(initializer);
  }
  return ts.isObjectLiteralExpression(expr) && expr.properties.length <= SMALL_LITERAL_SIZE && !expr.properties.some((p) => ts.isSpreadAssignment(p)) && depth <= 3;
}

/** `batch`, `chunk`, `currentPage`, `this.pageItems`... anywhere in the chain. */
function namesChunk(expr: ts.Expression): boolean {
  for (let current: ts.Expression = expr; ; ) {
    const name = ts.isIdentifier(current) ? current.text : ts.isPropertyAccessExpression(current) ? current.name.text : undefined;
    if (name && CHUNK_NAMES.some((pattern) => pattern.test(name))) return true;
    if (!ts.isPropertyAccessExpression(current)) return false;
    current = skipTransparent(current.expression);
  }
}

function hasConcurrencyOption(options: ts.Expression | undefined, option: string): boolean {
  if (!options) return false;
  const expr = skipTransparent(options);
  // Options built elsewhere (a variable, a call) are assumed to set it: the rule cannot see them.
  if (!ts.isObjectLiteralExpression(expr)) return true;
  for (const property of expr.properties) {
    if (ts.isSpreadAssignment(property)) return true;
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== option) continue;
    if (ts.isShorthandPropertyAssignment(property)) return true;
    if (!ts.isPropertyAssignment(property)) return true;
    const value = skipTransparent(property.initializer);
    // `concurrency: Infinity` is the default spelled out.
    return !(ts.isIdentifier(value) && value.text === "Infinity") && !(ts.isPropertyAccessExpression(value) && value.getText().replace(/\s+/g, "") === "Number.POSITIVE_INFINITY");
  }
  return false;
}

/** Decides whether a mapper performs I/O, and whether that I/O already goes through a limiter. */
class MapperAnalyzer {
  /**
   * Per function: its verdict, followed into same-file async functions up to the default call depth. A verdict
   * computed nearer the mapper looked further into callees, so it also answers deeper questions.
   */
  private readonly summaries = new FunctionSummaries<FunctionWithBody, MapperVerdict>({ maxDepth: DEFAULT_CALL_DEPTH, reuse: { policy: "same-or-shallower" } });

  constructor(
    private readonly context: Context,
    private readonly ioCalls: readonly ApiPattern[],
    private readonly trackedResolver: () => TsResolver,
  ) {}

  verdict(mapper: ts.Expression): MapperVerdict {
    const expr = skipTransparent(mapper);
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return this.functionVerdict(expr, 0);
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
      // `urls.map(fetch)`, `ids.map(limitedLoad)`, `ids.map(loadUser)`
      if (this.isLimiter(expr)) return "limited";
      const known = this.knownIo(expr, expr);
      if (known) return known;
      // The mapper itself, async or not: its body is what runs per element.
      const fn = calleeFunction(expr, this.context.analysis);
      const inner = fn ? this.functionVerdict(fn, 1) : undefined;
      if (inner === "limited" || !inner) return inner;
      return { call: expr, description: `\`${textOf(expr)}\` (it calls ${inner.description})` };
    }
    return undefined;
  }

  /** A function's verdict; undefined also when the function is already being analysed further up (recursion). */
  private functionVerdict(fn: FunctionWithBody, depth: number): MapperVerdict {
    return this.summaries.summarize(fn, depth, this.scanFunction);
  }

  private readonly scanFunction = (fn: FunctionWithBody, depth: number): MapperVerdict => (fn.body ? this.scan(fn.body, depth, elementParameter(fn)) : undefined);

  /** The body's I/O, "limited" if any of its calls goes through a limiter, undefined if it does no I/O the rule knows. */
  private scan(body: ts.Node, depth: number, element?: string): MapperVerdict {
    let io: IoUse | undefined;
    let limited = false;
    const visit = (node: ts.Node): void => {
      if (limited) return;
      if (ts.isFunctionLike(node) && !this.runsAsPartOfMapper(node)) return;
      // `if (doc.id === id) { await load(doc) }`: the element picked by its identity, at most one per fan-out.
      if (element && ts.isIfStatement(node) && selectsOneElement(node.expression, element)) {
        visit(node.expression);
        if (node.elseStatement) visit(node.elseStatement);
        return;
      }
      if (ts.isCallExpression(node)) {
        if (this.isLimiter(node.expression)) {
          limited = true;
          return;
        }
        if (!io) {
          const verdict = this.ioOfCallee(node.expression, node, depth);
          if (verdict === "limited") {
            limited = true;
            return;
          }
          io = verdict;
        } else if (this.summaries.canFollowFrom(depth)) {
          // Keep looking into called functions only for limiters.
          const fn = calleeFunction(node.expression, this.context.analysis);
          if (fn && this.functionVerdict(fn, depth + 1) === "limited") limited = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    if (limited) return "limited";
    return io;
  }

  /** Nested functions that run as part of the mapper's work: inline callbacks, Promise executors, `.then` continuations. */
  private runsAsPartOfMapper(fn: ts.Node): boolean {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    if (this.context.analysis.asyncContexts.runsInline(fn)) return true;
    let parent = fn.parent;
    while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
    if (!ts.isCallExpression(parent)) return false;
    const callee = skipTransparent(parent.expression);
    const name = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? memberName(callee) : undefined;
    return name === "then" || name === "catch" || name === "finally";
  }

  /** I/O done by calling `callee`: a known I/O API, a method of a known client, or a same-file async function that does I/O. */
  private ioOfCallee(callee: ts.Expression, call: ts.Node, depth: number): MapperVerdict {
    const known = this.knownIo(callee, call);
    if (known) return known;
    if (!this.summaries.canFollowFrom(depth)) return undefined;
    const text = textOf(callee);
    const fn = calleeFunction(callee, this.context.analysis);
    if (!fn || !fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
    const inner = this.functionVerdict(fn, depth + 1);
    if (inner === "limited") return "limited";
    if (inner) return { call, description: `\`${text}()\` (async, it calls ${inner.description})` };
    // Being async is no evidence of I/O by itself: an awaited call whose body the rule cannot see (a package's
    // method, `Document.findAll()`) is. Awaits of functions it can see were judged by their own bodies above.
    const opaque = fn.body ? this.awaitedOpaqueCall(fn) : undefined;
    if (opaque) return { call, description: `\`${text}()\` (async, it awaits \`${textOf(opaque.expression)}()\`)` };
    return undefined;
  }

  /**
   * The first call `fn` awaits (outside nested functions) whose callee's body the rule cannot see and whose name
   * reads as I/O (`findAll`, `del`, `transaction`: IO_CALL_NAMES): not `fn` itself (recursion), not a function with
   * a visible body, not a global (`Promise.all`, `setTimeout`).
   */
  private awaitedOpaqueCall(fn: FunctionWithBody): ts.CallExpression | undefined {
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (found || ts.isFunctionLike(node)) return;
      if (ts.isAwaitExpression(node)) {
        let awaited = skipTransparent(node.expression);
        // `await readdir(dir).then(...)`: the call the continuation waits for.
        while (ts.isCallExpression(awaited) && ts.isPropertyAccessExpression(awaited.expression) && ["then", "catch", "finally"].includes(awaited.expression.name.text)) {
          awaited = skipTransparent(awaited.expression.expression);
        }
        if (ts.isCallExpression(awaited) && this.isOpaqueCallee(awaited.expression, fn)) {
          found = awaited;
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    return found;
  }

  private isOpaqueCallee(callee: ts.Expression, caller: FunctionWithBody): boolean {
    const expr = skipTransparent(callee);
    // An npm package's async API (`await pacote.packument(name)`) waits on what the package does: I/O, as a rule.
    if (this.isPackageFunction(expr)) return true;
    const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
    if (!name || !IO_CALL_NAMES.test(name)) return false;
    const target = calleeFunction(expr, this.context.analysis);
    if (target) return false;
    if (ts.isIdentifier(expr)) {
      if (expr.text === functionNameOf(caller)) return false;
      const declaration = this.context.analysis.resolver.declarationOf(expr);
      // A parameter is whatever the caller passes: no evidence either way.
      if (declaration === "global" || ts.isParameter(declaration)) return false;
    }
    const resolved = this.context.analysis.resolver.resolve(expr);
    if (resolved?.kind === "module" && resolved.module === "globalThis") return false;
    return true;
  }

  /** A function exported by an npm package (not Node's own modules, whose I/O the tables list, nor the project's files). */
  private isPackageFunction(callee: ts.Expression): boolean {
    const resolved = this.context.analysis.resolver.resolve(callee);
    if (!resolved || resolved.kind !== "module" || resolved.path.length === 0) return false;
    const module = resolved.module;
    if (module === "globalThis" || module.startsWith(".") || module.startsWith("/") || NODE_BUILTINS.has(module.split("/")[0])) return false;
    return aliasedImportTargets(this.context.sourceFile.fileName, module).length === 0;
  }

  /** A call of a known I/O API or of a method of a known client. */
  private knownIo(callee: ts.Expression, call: ts.Node): IoUse | undefined {
    if (!matchApi(this.ioCalls, this.trackedResolver().resolve(callee)) && !this.trackedMember(callee, IO_MEMBERS)) return undefined;
    return { call, description: `\`${textOf(callee)}()\`` };
  }

  private isLimiter(callee: ts.Expression): boolean {
    const expr = skipTransparent(callee);
    if (this.trackedMember(expr, LIMITER_MEMBERS)) return true;
    if (ts.isIdentifier(expr)) return LIMITER_NAMES.functions.some((p) => p.test(expr.text));
    if (ts.isPropertyAccessExpression(expr)) {
      const method = expr.name.text;
      if (LIMITER_NAMES.methods.some((p) => p.test(method))) return true;
      const receiver = skipTransparent(expr.expression);
      const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
      return !!receiverName && LIMITER_NAMES.receivers.some((p) => p.test(receiverName)) && LIMITER_NAMES.receiverMethods.some((p) => p.test(method));
    }
    return false;
  }

  /** Matches `a.b.c` against members of tracked objects, trying each prefix as the object (`prisma.user.findMany`). */
  private trackedMember(callee: ts.Expression, members: readonly TrackedMember[]): TrackedMember | undefined {
    const resolver = this.trackedResolver();
    const path: string[] = [];
    let current = skipTransparent(callee);
    for (let steps = 0; steps < 6; steps++) {
      const resolved = resolver.resolve(current);
      let type: string | undefined;
      let memberPath = path;
      if (resolved?.kind === "instance") type = resolved.type;
      else if (resolved?.kind === "instance-member") {
        type = resolved.type;
        memberPath = [resolved.member, ...path];
      } else if (steps > 0) type = this.declaredTrackedType(current);
      if (type) return members.find((m) => m.type === type && pathMatches(m.name, memberPath));
      if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current)) return undefined;
      const name = memberName(current);
      if (name === undefined) return undefined;
      path.unshift(name);
      current = skipTransparent(current.expression);
    }
    return undefined;
  }

  /** Typed mode: the receiver's declared type is a known client class (`this.pool: Pool` from pg). */
  private declaredTrackedType(receiver: ts.Expression): string | undefined {
    const declared = this.context.types?.typeDeclarationOf(receiver);
    if (!declared) return undefined;
    const module = declaringModule(declared.declaration);
    if (!module) return undefined;
    return IO_DECLARED_TYPES.find((t) => t.module === module && t.typeName === declared.name)?.type;
  }
}

/** The package a declaration belongs to: its `declare module "x"` block, or the package folder of its file. */
function declaringModule(declaration: ts.Declaration): string | undefined {
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return normalizeModuleName(node.name.text);
  }
  return packageNameOfPath(declaration.getSourceFile().fileName);
}

/**
 * A callee as written, read from its own file: calls followed into helpers of other files (typed mode) must not
 * be read at offsets of the file being linted.
 */
function textOf(callee: ts.Expression): string {
  return calleeText(skipTransparent(callee), callee.getSourceFile());
}

/** The name of a function's first parameter, the element when it is a mapper. */
function elementParameter(fn: FunctionWithBody): string | undefined {
  const first = fn.parameters[0];
  return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
}

/** `element.id === x` (or `==`, either side; `id`, `uuid`, `key`, `*Id`) where `x` does not depend on the element. */
function selectsOneElement(condition: ts.Expression, element: string): boolean {
  const expr = skipTransparent(condition);
  if (!ts.isBinaryExpression(expr)) return false;
  const op = expr.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const isIdentity = (side: ts.Expression) => {
    const e = skipTransparent(side);
    return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === element && /^(id|uuid|key|_id)$|Id$/.test(e.name.text);
  };
  const mentionsElement = (side: ts.Node): boolean => (ts.isIdentifier(side) && side.text === element) || !!ts.forEachChild(side, (child) => mentionsElement(child) || undefined);
  return (isIdentity(expr.left) && !mentionsElement(expr.right)) || (isIdentity(expr.right) && !mentionsElement(expr.left));
}

/** The name a function can call itself by: its own name, or the `const` it is bound to. */
function functionNameOf(fn: FunctionWithBody): string | undefined {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && (ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
