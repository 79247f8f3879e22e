import ts from "typescript";
import {
  CONCURRENCY_COMBINATORS,
  HTTP_REQUEST_APIS,
  LOGGING_METHODS,
  LOGGING_RECEIVERS,
  ORDERED_MODULE_APIS,
  ORDERED_NAMES,
  ORDERED_RECEIVER_TYPES,
  READ_HTTP_METHODS,
  SESSION_RECEIVER_NAMES,
  SHARED_STATE_ARGUMENT_NAMES,
  TRANSACTION_ARGUMENT_NAMES,
  TRANSACTION_CALLBACK_NAMES,
  WRITE_NOUN_SUFFIXES,
  WRITE_VERBS,
} from "../knowledge/node-ordered";
import type { TsRuleContext } from "../lang/typescript/detector";
import { isNodeBuiltin } from "../lang/typescript/imports";
import { type BindingKey, declarationOfBinding, ReferenceAnalysis } from "../lang/typescript/references";
import { type ReceiverPath, shareReceiver } from "../lang/receiver-sharing";
import { type ResolvedValue, skipTransparent, TsResolver } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import type { PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions } from "./meta";

export type Context = TsRuleContext<PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions>;

/**
 * The object a method is called on, as a binding plus the property path from it: `this.knex.select(a).from(b)`
 * is a query on `this.knex`, so its segments are [knex].
 */
export interface ReceiverChain extends ReceiverPath<BindingKey> {
  segments: string[];
}

/** An awaited call that may run concurrently with its neighbours. */
export interface AwaitedCall {
  awaitExpression: ts.AwaitExpression;
  call: ts.CallExpression;
  /** The callee as written, without arguments: `this.db.users.find`. */
  calleeText: string;
  /** Absent for plain functions and module namespaces (`fs.readFile`), which share no state through a receiver. */
  receiver?: ReceiverChain;
  /** Matches the `readCallees` option. */
  listedRead: boolean;
}

export type CallVerdict = { kind: "candidate"; call: AwaitedCall } | { kind: "ordered"; reason: string };

const MAX_ALIAS_DEPTH = 5;
/** How many local functions `localFunctionUsesSharedState` follows from one callee. */
const MAX_LOCAL_FUNCTIONS = 20;

/** Decides which awaited calls are independent reads and which must keep their order. */
export class AwaitClassifier {
  readonly refs: ReferenceAnalysis;
  private readonly orderedPatterns: RegExp[];
  private readonly readPatterns: RegExp[];
  /** Typed mode: a resolver that follows imports by syntax only. */
  private readonly importResolver?: TsResolver;

  constructor(private readonly context: Context) {
    this.refs = new ReferenceAnalysis(context.analysis.resolver, context.types);
    if (context.types) this.importResolver = new TsResolver();
    this.orderedPatterns = context.options.orderedCallees.map(patternToRegExp);
    this.readPatterns = context.options.readCallees.map(patternToRegExp);
  }

  /** Classifies `await <call>`; anything else awaited (a promise variable, `new Promise`) is ordered. */
  classify(awaitExpression: ts.AwaitExpression): CallVerdict {
    const operand = skipTransparent(awaitExpression.expression);
    if (!ts.isCallExpression(operand)) return { kind: "ordered", reason: "not a call" };
    const call = operand;
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword) return { kind: "ordered", reason: "dynamic import: module side effects run in order" };
    if (containsAwaitOrYield(call)) return { kind: "ordered", reason: "awaits inside its arguments" };
    if (callChain(call).some((link) => this.isCombinator(link))) return { kind: "ordered", reason: "already concurrent" };
    const callee = skipTransparent(call.expression);
    const calleeText = calleeTextOf(callee);
    if (calleeText !== undefined && matchesAny(this.orderedPatterns, calleeText)) return { kind: "ordered", reason: "orderedCallees option" };
    const listedRead = calleeText !== undefined && matchesAny(this.readPatterns, calleeText);
    const receiver = this.receiverOf(callee);
    const info: AwaitedCall = { awaitExpression, call, calleeText: calleeText ?? callee.getText(this.context.sourceFile), receiver, listedRead };
    if (listedRead) return { kind: "candidate", call: info };

    // A function handed in by the caller (`fn(t)`, `next()`, `task()` of `for (const task of tasks)`): its order is
    // the caller's to decide, which is what series helpers and middleware are for.
    // `hook.call(context, server)` and `hook.apply(...)` call `hook` too.
    const invoked = ts.isPropertyAccessExpression(callee) && (callee.name.text === "call" || callee.name.text === "apply") ? skipTransparent(callee.expression) : callee;
    if (ts.isIdentifier(invoked) && this.isParameterOrLoopVariable(invoked)) return { kind: "ordered", reason: "a function passed in" };
    if (call.arguments.some((argument) => isSharedStateArgument(argument))) return { kind: "ordered", reason: "passes shared state" };
    if (call.arguments.some((argument) => mentionsTransaction(argument))) return { kind: "ordered", reason: "a statement of a transaction" };
    if (insideTransactionCallback(awaitExpression)) return { kind: "ordered", reason: "runs inside a transaction callback" };
    if (call.arguments.some((argument) => this.isWritingCallback(argument))) return { kind: "ordered", reason: "runs a callback that writes or is handed a context" };
    if (ts.isIdentifier(callee) && this.localFunctionUsesSharedState(callee)) return { kind: "ordered", reason: "a local function that uses a transaction or context" };
    // Every call of a chain counts: `fetch(url, { method: "POST" }).then(...)`, `knex("t").insert(row).returning("id")`.
    for (const link of callChain(call)) {
      const reason = this.orderedReason(link);
      if (reason) return { kind: "ordered", reason };
    }
    const types = this.context.types;
    if (types) {
      if ((ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && hasOrderedType(types.typeNamesOf(callee.expression))) {
        return { kind: "ordered", reason: "a method of an object whose calls are ordered" };
      }
      if (types.isSettledValue(call)) {
        return { kind: "ordered", reason: "awaits a value that is not a promise" };
      }
    }
    return { kind: "candidate", call: info };
  }

  /** A parameter (or a name destructured from one) or the variable of a `for...of`/`for...in`. */
  private isParameterOrLoopVariable(id: ts.Identifier): boolean {
    for (let node = this.declarationOf(id); node; node = node.parent) {
      if (ts.isParameter(node)) return true;
      if (ts.isVariableDeclarationList(node)) return ts.isForOfStatement(node.parent) || ts.isForInStatement(node.parent);
      if (!ts.isVariableDeclaration(node) && !ts.isBindingElement(node) && !ts.isObjectBindingPattern(node) && !ts.isArrayBindingPattern(node)) return false;
    }
    return false;
  }

  /** Why a single call must keep its order, from the tables: its module export, its HTTP method, its name. */
  private orderedReason(call: ts.CallExpression): string | undefined {
    const callee = skipTransparent(call.expression);
    const resolved = this.context.analysis.resolver.resolve(callee);
    // The checker resolves to where a function is declared (`once` is `EventEmitter.once` in @types/node);
    // the table names exports as they are imported, so the import-based resolution is tried as well.
    const moduleReason = orderedModuleReason(resolved) ?? (this.importResolver ? orderedModuleReason(this.importResolver.resolve(callee)) : undefined);
    if (moduleReason) return moduleReason;
    if (isWriteRequest(resolved, call)) return "an HTTP request that is not a GET";
    const name = lastSegment(callee);
    if (name === undefined) return undefined;
    const ordered = ORDERED_NAMES.find((entry) => nameMatches(name, entry.name, entry.prefix ?? false));
    if (ordered) return ordered.reason;
    if (isWriteName(name)) return "its name says it writes";
    return undefined;
  }

  /**
   * `withAPIContext(user, (ctx) => pinCreator(ctx, ...))`, `db.tx(async (t) => ...)`: a callback handed a context or
   * transaction, or one that calls something named like a write, makes the call a step that writes.
   */
  private isWritingCallback(argument: ts.Expression): boolean {
    const fn = skipTransparent(argument);
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    if (fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && isSharedStateName(parameter.name.text))) return true;
    let writes = false;
    walkTree(fn.body, (node) => {
      if (ts.isCallExpression(node)) {
        const name = lastSegment(skipTransparent(node.expression));
        if (name !== undefined && isWriteName(name)) writes = true;
      }
      return writes ? "stop" : undefined;
    });
    return writes;
  }

  /**
   * `buildItem(doc)` where `buildItem` is a function of this file that reaches a transaction or request context it
   * does not declare (`...ctx`, `{ transaction }`), directly or through the local functions it calls: its queries
   * belong to that transaction.
   */
  private localFunctionUsesSharedState(callee: ts.Identifier): boolean {
    const start = this.declarationOf(callee);
    const pending: ts.Node[] = [];
    const seen = new Set<ts.Node>();
    const push = (declaration: ts.Node | undefined) => {
      const fn = declaration && declaration.getSourceFile() === this.context.sourceFile ? localFunctionOf(declaration) : undefined;
      if (fn && !seen.has(fn) && seen.size < MAX_LOCAL_FUNCTIONS) {
        seen.add(fn);
        pending.push(fn);
      }
    };
    push(start);
    while (pending.length > 0) {
      const fn = pending.pop()!;
      for (const key of this.refs.reads(fn)) {
        const declaration = declarationOfKey(key);
        if (!declaration || declaration.getSourceFile() !== this.context.sourceFile) continue;
        const captured = declaration.pos < fn.pos || declaration.end > fn.end;
        const name = declaredName(declaration);
        if (captured && name !== undefined && isSharedStateName(name)) return true;
        push(declaration);
      }
    }
    return false;
  }

  /**
   * Calls on one receiver keep their order (`db.query` twice, `page.click` then `page.fill`, everything under
   * `tx`), and so do calls where one's receiver is handed to the other (`isolate.compile()`, `setup(isolate)`).
   */
  sameReceiver(a: AwaitedCall, b: AwaitedCall): boolean {
    if (a.listedRead && b.listedRead) return false;
    if (this.passesReceiverOf(a, b) || this.passesReceiverOf(b, a)) return true;
    return !!a.receiver && !!b.receiver && shareReceiver(a.receiver, b.receiver, isSessionName);
  }

  /** `b` mentions the object `a` is called on, so it can act on the same state. */
  private passesReceiverOf(a: AwaitedCall, b: AwaitedCall): boolean {
    if (!a.receiver || a.receiver.rootCalled || typeof a.receiver.root !== "object") return false;
    return b.call.arguments.some((argument) => this.refs.reads(argument).has(a.receiver!.root));
  }

  /** `Promise.all(...)` and friends: their inputs already run concurrently. */
  isCombinator(call: ts.CallExpression): boolean {
    const resolved = this.context.analysis.resolver.resolve(call.expression);
    if (resolved?.kind !== "module") return false;
    const path = resolved.path.join(".");
    return CONCURRENCY_COMBINATORS.some((entry) => entry.module === resolved.module && (entry.name === "*" || entry.name === path));
  }

  /** True when the node is inside an argument of a combinator call (`Promise.all(ids.map(async (id) => ...))`). */
  insideCombinator(node: ts.Node): boolean {
    for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && this.isCombinator(parent)) return true;
    }
    return false;
  }

  /** `console.log(...)` and logger calls, which do not split a run of awaits. */
  isLoggingCall(call: ts.CallExpression): boolean {
    const callee = skipTransparent(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !LOGGING_METHODS.includes(callee.name.text)) return false;
    const receiverText = calleeTextOf(skipTransparent(callee.expression));
    if (receiverText === undefined || !LOGGING_RECEIVERS.includes(receiverText)) return false;
    const root = skipTransparent(callee.expression);
    // Lexical scoping is enough here (and @types/node declares `console` inside `declare module "console"`).
    if (ts.isIdentifier(root) && root.text === "console") return this.context.analysis.resolver.declarationOf(root) === "global";
    return true;
  }

  /** The receiver chain of a method call, or undefined for a plain function or a module namespace. */
  receiverOf(callee: ts.Expression): ReceiverChain | undefined {
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
    const chain = this.chainOf(callee.expression, 0);
    if (chain === "namespace") return undefined;
    const firstCall = chain.segments.indexOf("()");
    if (firstCall < 0) return { ...chain, rootCalled: false };
    return { ...chain, segments: chain.segments.slice(0, Math.max(0, firstCall - 1)), rootCalled: firstCall === 0 };
  }

  private chainOf(expression: ts.Expression, depth: number): Omit<ReceiverChain, "rootCalled"> | "namespace" {
    const expr = skipTransparent(expression);
    if (ts.isIdentifier(expr)) {
      const alias = depth < MAX_ALIAS_DEPTH ? this.constAliasOf(expr) : undefined;
      if (alias) return this.chainOf(alias, depth + 1);
      if (this.isNamespace(expr)) return "namespace";
      return { root: this.refs.keyOf(expr), rootName: expr.text, segments: [] };
    }
    if (expr.kind === ts.SyntaxKind.ThisKeyword || expr.kind === ts.SyntaxKind.SuperKeyword) {
      return { root: this.refs.thisKeyAt(expr), rootName: "this", segments: [] };
    }
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const base = this.chainOf(expr.expression, depth);
      if (base === "namespace") return "namespace";
      const segment = ts.isPropertyAccessExpression(expr)
        ? expr.name.text
        : ts.isStringLiteralLike(expr.argumentExpression) || ts.isNumericLiteral(expr.argumentExpression)
          ? expr.argumentExpression.text
          : "[]";
      return { ...base, segments: [...base.segments, segment] };
    }
    if (ts.isCallExpression(expr)) {
      const base = this.chainOf(expr.expression, depth);
      if (base === "namespace") return { root: expr, rootName: "", segments: [] };
      return { ...base, segments: [...base.segments, "()"] };
    }
    return { root: expr, rootName: "", segments: [] };
  }

  /** `const repo = this.orders` → `this.orders`: a const alias of a property chain is the same object. */
  private constAliasOf(id: ts.Identifier): ts.Expression | undefined {
    const declaration = this.declarationOf(id);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    let expr = skipTransparent(declaration.initializer);
    while (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) expr = skipTransparent(expr.expression);
    const isChain = ts.isIdentifier(expr) || expr.kind === ts.SyntaxKind.ThisKeyword;
    return isChain ? declaration.initializer : undefined;
  }

  private declarationOf(id: ts.Identifier): ts.Node | undefined {
    return declarationOfKey(this.refs.keyOf(id));
  }

  /**
   * What an awaited expression reads, including what the local functions it calls read: a function declared in the
   * same function body can see its locals (`const team = await loadTeam()` where `loadTeam` reads `user`).
   */
  readsOf(node: ts.Node): Set<BindingKey> {
    const reads = this.refs.reads(node);
    const scope = enclosingFunctionBody(node);
    if (!scope) return reads;
    const seen = new Set<ts.Node>();
    const pending = [...reads];
    while (pending.length > 0) {
      const declaration = declarationOfKey(pending.pop()!);
      if (!declaration || seen.has(declaration) || declaration.pos < scope.pos || declaration.end > scope.end) continue;
      seen.add(declaration);
      const body = localFunctionOf(declaration);
      if (!body) continue;
      for (const key of this.refs.reads(body)) {
        if (!reads.has(key)) pending.push(key);
        reads.add(key);
      }
    }
    return reads;
  }

  /** A module namespace or a Node built-in module: its functions share no per-object state. */
  private isNamespace(id: ts.Identifier): boolean {
    const types = this.context.types;
    if (types) {
      const symbol = types.symbolAt(id);
      if (symbol?.declarations().some((d) => ts.isNamespaceImport(d))) return true;
      if (symbol && symbol.isAlias && symbol.aliased()?.isModuleOnly) return true;
    } else {
      const declaration = this.context.analysis.resolver.declarationOf(id);
      if (declaration !== "global" && ts.isNamespaceImport(declaration)) return true;
    }
    const resolved = this.context.analysis.resolver.resolve(id);
    return resolved?.kind === "module" && isNodeBuiltin(resolved.module);
  }
}

function declarationOfKey(key: BindingKey): ts.Node | undefined {
  return declarationOfBinding(key, "value-or-first");
}

/** The body of the nearest enclosing function, or the file for top-level code. */
function enclosingFunctionBody(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return (current as ts.FunctionLikeDeclaration).body;
    if (ts.isSourceFile(current)) return current;
  }
  return undefined;
}

/** `function f() {}` or `const f = () => ...` declared as a local: the function it names. */
function localFunctionOf(declaration: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** `fs.promises.writeFile` resolves to fs with path [promises, writeFile]: look it up as fs/promises. */
function orderedModuleReason(resolved: ResolvedValue | undefined): string | undefined {
  if (resolved?.kind !== "module") return undefined;
  let { module, path } = resolved;
  if (path[0] === "promises") {
    module = `${module}/promises`;
    path = path.slice(1);
  }
  const dotted = path.join(".");
  return ORDERED_MODULE_APIS.find((entry) => entry.module === module && (entry.name === "*" || entry.name === dotted))?.reason;
}

/** A root named like a transaction, connection or client: every call under it is on one session. */
export function isSessionName(name: string): boolean {
  return SESSION_RECEIVER_NAMES.some((session) => session.toLowerCase() === name.toLowerCase());
}

/** `ctx`, `this.context`, `state.cursor`: an argument that carries state from one step to the next. */
function isSharedStateArgument(argument: ts.Expression): boolean {
  const expr = skipTransparent(argument);
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
  return name !== undefined && SHARED_STATE_ARGUMENT_NAMES.some((shared) => shared.toLowerCase() === name.toLowerCase());
}

function isSharedStateName(name: string): boolean {
  return SHARED_STATE_ARGUMENT_NAMES.some((shared) => shared.toLowerCase() === name.toLowerCase()) || isTransactionName(name);
}

function isTransactionName(name: string): boolean {
  return TRANSACTION_ARGUMENT_NAMES.some((transaction) => transaction.toLowerCase() === name.toLowerCase());
}

/** The name a declaration binds, when it is a plain identifier (a parameter, a variable, a binding element). */
function declaredName(declaration: ts.Node): string | undefined {
  const name = (declaration as ts.NamedDeclaration).name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/**
 * An argument that hands the call a transaction: `{ where, transaction }`, `{ transaction: ctx.transaction }`,
 * `{ ...ctx }` (a context that carries one), `{ lock: transaction.LOCK.UPDATE }`. Nested functions are not looked into.
 */
function mentionsTransaction(argument: ts.Expression): boolean {
  let found = false;
  walkTree(argument, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    if (ts.isSpreadAssignment(node) && isSharedStateArgument(node.expression)) found = true;
    else if (ts.isShorthandPropertyAssignment(node) && isSharedStateName(node.name.text)) found = true;
    else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && isTransactionName(node.name.text) && !isLiteralValue(node.initializer)) found = true;
    else if (ts.isIdentifier(node) && isTransactionName(node.text) && !isPropertyKey(node)) found = true;
    return found ? "stop" : undefined;
  });
  return found;
}

/** `{ transaction: null }`, `{ session: false }`: an option that names no transaction. */
function isLiteralValue(expression: ts.Expression): boolean {
  const expr = skipTransparent(expression);
  return (
    ts.isLiteralExpression(expr) ||
    expr.kind === ts.SyntaxKind.NullKeyword ||
    expr.kind === ts.SyntaxKind.TrueKeyword ||
    expr.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(expr) && expr.text === "undefined")
  );
}

/** The `key` of `{ key: value }` (checked apart), not a value: `transaction` in `{ transaction: null }`. */
function isPropertyKey(id: ts.Identifier): boolean {
  return (ts.isPropertyAssignment(id.parent) || ts.isMethodDeclaration(id.parent)) && id.parent.name === id;
}

/**
 * The await sits in a function passed to `sequelize.transaction(...)`, `prisma.$transaction(...)` and the like
 * (a nested function in between counts too: `items.map(async (i) => ...)` inside the transaction is still in it).
 */
function insideTransactionCallback(node: ts.Node): boolean {
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (!ts.isCallExpression(parent) || !parent.arguments.includes(child as ts.Expression) || !ts.isFunctionLike(skipTransparent(child as ts.Expression))) continue;
    const name = lastSegment(skipTransparent(parent.expression));
    if (name !== undefined && TRANSACTION_CALLBACK_NAMES.some((callback) => nameMatches(name, callback, true))) return true;
  }
  return false;
}

const READER_PREFIXES = ["get", "find", "fetch", "load", "read", "list", "lookup", "query", "search", "count", "is", "has"];
// nameMatches lower-cases the first letter only, and snake_case names start lower-case: one list serves both.

/** First words that ask rather than act: `canDeleteUser(...)`, `validateCreateInput(...)` read. */
const QUESTION_PREFIXES = ["can", "should", "must", "check", "validate", "verify", "assert", "parse", "format", "render", "to", "as"];

/**
 * `createUser`, `revisionCreator`, and a write verb after one qualifier word: `apiCreateRecipients`,
 * `adminDeleteUser`, `db_insert_row` (helpers named after the API or layer they go through).
 */
export function isWriteName(rawName: string): boolean {
  let answer = writeNameAnswers.get(rawName);
  if (answer === undefined) {
    if (writeNameAnswers.size >= MAX_WRITE_NAME_ANSWERS) writeNameAnswers.clear();
    writeNameAnswers.set(rawName, (answer = nameSaysItWrites(rawName)));
  }
  return answer;
}

/**
 * `isWriteName` answers by name: it is asked for every awaited call and each answer matches the name against every
 * verb and noun of the tables, while a project awaits a few hundred names. Bounded for a long-running server.
 */
const writeNameAnswers = new Map<string, boolean>();
const MAX_WRITE_NAME_ANSWERS = 10_000;

function nameSaysItWrites(rawName: string): boolean {
  if (WRITE_VERBS.some((verb) => nameMatches(rawName, verb, true)) || isWriterName(rawName)) return true;
  const name = rawName.replace(/^[#_$]+/, "");
  const qualifier = /^[A-Za-z][a-z0-9]*(?=[A-Z])|^[a-z][a-z0-9]*_(?=[a-z])/.exec(name)?.[0];
  if (qualifier === undefined) return false;
  const first = qualifier.replace(/_$/, "");
  if ([...READER_PREFIXES, ...QUESTION_PREFIXES].some((word) => nameMatches(first, word, false))) return false;
  const rest = name.slice(qualifier.length);
  return WRITE_VERBS.some((verb) => nameMatches(rest, verb, true));
}

/** `revisionCreator`, `documentUpdater`, `creator`: an actor that writes, named by the noun that ends its name. */
export function isWriterName(rawName: string): boolean {
  const name = rawName.startsWith("#") ? rawName.slice(1) : rawName;
  // `getCreator(doc)`, `findUploader(id)`: reads of who did it.
  if (READER_PREFIXES.some((verb) => nameMatches(name, verb, true))) return false;
  return WRITE_NOUN_SUFFIXES.some((suffix) => {
    const lower = suffix.toLowerCase();
    // camelCase (`revisionCreator`), PascalCase, snake_case (`revision_creator`), or the noun alone.
    return name === suffix || name === lower || (name.endsWith(suffix) && name.length > suffix.length) || name.endsWith(`_${lower}`);
  });
}

/** `fetch(url, { method: "POST" })`: only GET, HEAD and OPTIONS requests are reads; an unknown method is not. */
function isWriteRequest(resolved: ResolvedValue | undefined, call: ts.CallExpression): boolean {
  if (resolved?.kind !== "module") return false;
  const dotted = resolved.path.join(".");
  const api = HTTP_REQUEST_APIS.find((entry) => entry.module === resolved.module && (entry.name === "*" || entry.name === dotted));
  if (!api) return false;
  const argument = call.arguments[api.optionsArgument];
  if (!argument) return false;
  const options = skipTransparent(argument);
  if (!ts.isObjectLiteralExpression(options)) return true;
  let method: ts.Expression | undefined;
  for (const property of options.properties) {
    if (ts.isSpreadAssignment(property)) return true;
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== "method") continue;
    if (!ts.isPropertyAssignment(property)) return true;
    method = skipTransparent(property.initializer);
  }
  if (!method) return false;
  return !(ts.isStringLiteralLike(method) && READ_HTTP_METHODS.includes(method.text.toUpperCase()));
}

const ORDERED_TYPE_PATTERNS = ORDERED_RECEIVER_TYPES.map((pattern) => new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`));

/** A receiver whose type (or one member of its union) is in the ordered-types table: `Page`, `PoolClient`... */
/** Some member of the type (by its alias's or its own name, from `typeNamesOf`) is a known ordered kind of object. */
function hasOrderedType(typeNames: readonly string[]): boolean {
  return typeNames.some((name) => name !== "__type" && name !== "__object" && ORDERED_TYPE_PATTERNS.some((pattern) => pattern.test(name)));
}

/** `name` is `word`, or starts with it at a camelCase or snake_case boundary (`createUser`, `create_user`). */
export function nameMatches(rawName: string, word: string, prefix: boolean): boolean {
  const bare = rawName.startsWith("#") ? rawName.slice(1) : rawName;
  const name = bare.charAt(0).toLowerCase() + bare.slice(1);
  if (name === word) return true;
  if (!prefix || !name.startsWith(word)) return false;
  return /[A-Z0-9_$]/.test(name.charAt(word.length));
}

/** The call and the calls its callee is chained on, outermost first: `a.b(1).c(2)` → `c(2)`, `a.b(1)`. */
function callChain(call: ts.CallExpression): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  for (let expr: ts.Expression = call; ; ) {
    expr = skipTransparent(expr);
    if (ts.isCallExpression(expr)) {
      calls.push(expr);
      expr = expr.expression;
    } else if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      expr = expr.expression;
    } else {
      return calls;
    }
  }
}

function lastSegment(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** `this.db.users.find`; calls in the chain are dropped (`db.collection("x").find` → `db.collection.find`). */
export function calleeTextOf(expression: ts.Expression): string | undefined {
  const expr = skipTransparent(expression);
  if (ts.isIdentifier(expr) || ts.isPrivateIdentifier(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (expr.kind === ts.SyntaxKind.SuperKeyword) return "super";
  if (ts.isPropertyAccessExpression(expr)) {
    const base = calleeTextOf(expr.expression);
    return base === undefined ? undefined : `${base}.${expr.name.text}`;
  }
  if (ts.isElementAccessExpression(expr)) {
    const base = calleeTextOf(expr.expression);
    const key = ts.isStringLiteralLike(expr.argumentExpression) ? expr.argumentExpression.text : undefined;
    return base === undefined || key === undefined ? undefined : `${base}.${key}`;
  }
  if (ts.isCallExpression(expr)) return calleeTextOf(expr.expression);
  return undefined;
}

/** A pattern over callee text: `*` matches anything, including dots; `this.` before the text is optional. */
export function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:this\\.)?${pattern.split("*").map(escapeRegExp).join(".*")}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/** An `await` or `yield` evaluated as part of the node (not inside a nested function). */
export function containsAwaitOrYield(node: ts.Node): boolean {
  let found = false;
  walkTree(node, (current) => {
    if (ts.isAwaitExpression(current) || ts.isYieldExpression(current)) {
      found = true;
      return "stop";
    }
    if (ts.isFunctionLike(current) || ts.isClassLike(current)) return "skip";
    if (ts.isForOfStatement(current) && current.awaitModifier) {
      found = true;
      return "stop";
    }
  });
  return found;
}
