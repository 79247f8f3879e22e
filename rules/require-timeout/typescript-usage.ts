// How a request object, a response or a waiting promise is used after the call that makes it: whether
// something later gives it a deadline (`req.setTimeout(ms)`, `.timeout(ms)` in a chain, a timer that
// destroys it, `Promise.race`), or whether it leaves the function where the rule can no longer see it.
import ts from "typescript";
import { EVENT_LISTENER_METHODS, PROMISE_JOINERS, PROMISE_RACERS, REQUEST_CONSUMERS, TIMER_FUNCTIONS } from "../knowledge/node-timeouts";
import { GLOBAL_MODULE } from "../knowledge/node-instances";
import type { ResolvedValue, TsResolver } from "../lang/typescript/resolve";
import { skipTransparent } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";

export interface RequestUsage {
  /** A timeout is set later: a chained or later timeout method, a 'timeout' listener, a timer that touches it. */
  timeout: boolean;
  /** The request is returned, stored or handed to unknown code, which may set a timeout the rule cannot see. */
  escapes: boolean;
  /** An 'error' listener is attached, so an abort surfaces where the code already handles failures. */
  errorListener: boolean;
  /** A streaming property of the response is read (fetch's `res.body`): a total deadline could cut it. */
  readsBody: boolean;
}

/** Chain methods after which the value is no longer the request (a promise, a boolean, the piped stream). */
const CHAIN_ENDS: ReadonlySet<string> = new Set(["then", "catch", "finally", "pipe", "write"]);

/** Event emitted when an idle timeout set elsewhere (an Agent's `timeout`) expires: listening for it means one is set. */
const TIMEOUT_EVENT = "timeout";

export class UsageTracker {
  private streamingBody?: string;

  constructor(
    private readonly resolver: TsResolver,
    private readonly resolveAll: (expr: ts.Expression) => ResolvedValue[],
  ) {}

  /** Follows the value of `start` (a call) through chains, awaits and local variables. */
  follow(start: ts.Expression, timeoutMethods: ReadonlySet<string>, streamingBody?: string): RequestUsage {
    const usage: RequestUsage = { timeout: false, escapes: false, errorListener: false, readsBody: false };
    this.streamingBody = streamingBody;
    this.walkUp(start, timeoutMethods, usage, false, new Set());
    return usage;
  }

  private walkUp(start: ts.Node, methods: ReadonlySet<string>, usage: RequestUsage, awaited: boolean, seen: Set<ts.Node>): void {
    let node = start;
    for (;;) {
      const parent = node.parent;
      if (isTransparent(parent)) {
        node = parent;
        continue;
      }
      if (ts.isAwaitExpression(parent)) {
        // After an await the value is the response: only how its body is read still matters.
        awaited = true;
        node = parent;
        continue;
      }
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        const name = parent.name.text;
        if (name === this.streamingBody) usage.readsBody = true;
        const call = parent.parent;
        if (!ts.isCallExpression(call) || call.expression !== parent) return;
        if (!awaited) this.noteMethodCall(call, name, methods, usage);
        if (CHAIN_ENDS.has(name)) return;
        node = call;
        continue;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
        if (seen.has(parent)) return;
        seen.add(parent);
        for (const reference of this.referencesOf(parent)) {
          if (!awaited && this.insideTimerCallback(reference, parent)) usage.timeout = true;
          this.walkUp(reference, methods, usage, awaited, seen);
        }
        return;
      }
      if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return;
      if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) && this.onlyConsumes(parent)) return;
      if (!awaited) usage.escapes = true;
      return;
    }
  }

  private noteMethodCall(call: ts.CallExpression, name: string, methods: ReadonlySet<string>, usage: RequestUsage): void {
    if (methods.has(name)) usage.timeout = true;
    if (!EVENT_LISTENER_METHODS.has(name)) return;
    const event = call.arguments[0] && skipTransparent(call.arguments[0]);
    const eventName = event && ts.isStringLiteralLike(event) ? event.text : undefined;
    if (eventName === "error") usage.errorListener = true;
    if (eventName === TIMEOUT_EVENT) usage.timeout = true;
    // `req.on("socket", (s) => s.setTimeout(ms))`
    const listener = call.arguments[1] && skipTransparent(call.arguments[1]);
    if (listener && (ts.isArrowFunction(listener) || ts.isFunctionExpression(listener)) && callsMethod(listener, methods)) usage.timeout = true;
  }

  /** `src.pipe(req)` and `pipeline(src, req)` only write into the request. */
  private onlyConsumes(call: ts.CallExpression): boolean {
    const callee = skipTransparent(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe") return true;
    return this.resolveAll(callee).some((r) => r.kind === "module" && REQUEST_CONSUMERS.some((c) => c.module === r.module && samePath(c.path, r.path)));
  }

  /** `setTimeout(() => req.destroy(), ms)`: a hand-written deadline. */
  private insideTimerCallback(reference: ts.Identifier, declaration: ts.VariableDeclaration): boolean {
    for (let node: ts.Node = reference; node && node !== declaration.parent; node = node.parent) {
      if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent) && node.parent.arguments.includes(node)) {
        if (this.isTimer(node.parent.expression)) return true;
      }
    }
    return false;
  }

  isTimer(callee: ts.Expression): boolean {
    return this.resolveAll(callee).some((r) => r.kind === "module" && TIMER_FUNCTIONS.some((t) => t.module === r.module && samePath(t.path, r.path)));
  }

  /** Identifiers in the declaration's scope that refer to it (not the declaration's own name). */
  referencesOf(declaration: ts.VariableDeclaration): ts.Identifier[] {
    const name = (declaration.name as ts.Identifier).text;
    const scope = declaringScope(declaration);
    const references: ts.Identifier[] = [];
    walkTree(scope, (node) => {
      if (ts.isIdentifier(node) && node.text === name && node !== declaration.name && this.resolver.declarationOf(node) === declaration && isReference(node)) {
        references.push(node);
      }
    });
    return references;
  }

  /**
   * A wait that only ends on an event is given a way out when it is raced (`Promise.race([wait, timer])`)
   * or handed to another function (a timeout wrapper the rule cannot see into). Joining it with
   * `Promise.all` or chaining `.then` passes the wait on.
   */
  waitIsBounded(start: ts.Node, seen = new Set<ts.Node>(), racedOnly = false): boolean {
    let node = start;
    for (;;) {
      const parent = node.parent;
      if (isTransparent(parent) || ts.isArrayLiteralExpression(parent)) {
        node = parent;
        continue;
      }
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ["then", "catch", "finally"].includes(parent.name.text)) {
        if (!ts.isCallExpression(parent.parent)) return false;
        node = parent.parent;
        continue;
      }
      if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
        const combinator = this.promiseStatic(parent.expression);
        // Not a Promise combinator: a function that may add a timeout the rule cannot see.
        if (combinator === undefined) return !racedOnly;
        if (PROMISE_RACERS.has(combinator)) return true;
        if (!PROMISE_JOINERS.has(combinator)) return false;
        node = parent;
        continue;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
        if (seen.has(parent)) return false;
        seen.add(parent);
        return this.referencesOf(parent).some((reference) => this.waitIsBounded(reference, seen, racedOnly));
      }
      return false;
    }
  }

  /**
   * `await Promise.race([fetch(url).catch(() => null), delay(150)])`: whoever awaits the race is not held by the
   * request. Only a race counts here: a request handed to an unknown function is not a request with a deadline.
   */
  isRaced(start: ts.Node): boolean {
    return this.waitIsBounded(start, new Set(), true);
  }

  /** `Promise.race` → "race", for the global Promise only. */
  private promiseStatic(callee: ts.Expression): string | undefined {
    for (const r of this.resolveAll(callee)) {
      if (r.kind === "module" && r.module === GLOBAL_MODULE && r.path.length === 2 && r.path[0] === "Promise") return r.path[1];
    }
    return undefined;
  }
}

export function isTransparent(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/** True if a method with one of these names is called anywhere inside the node. */
export function callsMethod(root: ts.Node, methods: ReadonlySet<string>): boolean {
  let found = false;
  walkTree(root, (node) => {
    if (ts.isCallExpression(node)) {
      const callee = skipTransparent(node.expression);
      if (ts.isPropertyAccessExpression(callee) && methods.has(callee.name.text)) {
        found = true;
        return "stop";
      }
    }
  });
  return found;
}

/** The function body or file a variable's references can appear in. */
export function declaringScope(declaration: ts.Node): ts.Node {
  for (let node = declaration.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isSourceFile(node)) return node;
  }
  return declaration.getSourceFile();
}

/** Excludes property names (`x.req`, `{ req: 1 }`) that merely share the text. */
function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === id) return false;
  if ((ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  return true;
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
