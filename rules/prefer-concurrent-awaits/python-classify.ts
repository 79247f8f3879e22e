// Python: which awaited calls are independent reads, what each statement reads and writes, and which calls share
// a receiver. The Python counterpart of classify.ts (and the reference analysis the TypeScript rule gets from
// references.ts), with the same exclusions ported to Python semantics.
import {
  ORDERED_NAMES,
  SESSION_RECEIVER_NAMES,
  SHARED_STATE_ARGUMENT_NAMES,
} from "../knowledge/node-ordered";
import {
  PY_CONCURRENCY_COMBINATORS,
  PY_ORDERED_FUNCTIONS,
  PY_ORDERED_METHOD_NAMES,
  PY_ORDERED_RECEIVER_TYPES,
  PY_QUEUE_NAME_PATTERN,
  PY_QUEUE_TYPES,
  PY_SESSION_ARGUMENT_NAMES,
  PY_SESSION_RECEIVER_NAMES,
} from "../knowledge/python-ordered";
import { isCoroutineFunction, isPlainCoroutineFunction } from "../lang/python/coroutine";
import type { PyRuleContext } from "../lang/python/detector";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { Scope } from "../lang/python/scope";
import type { PyNode } from "../lang/python/tree";
import { type ReceiverPath, shareReceiver } from "../lang/receiver-sharing";
import { isWriteName, nameMatches } from "./typescript-classify";
import type { PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions } from "./meta";

export type PyContext = PyRuleContext<PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions>;

/**
 * An access path: a binding key (`<scope id>:<name>`, or `free:<name>`) and the attributes and subscripts below it:
 * `self.user.id` → [self-key, ".user", ".id"]; `d[k]` → [d-key, "[]"]; `d["a"]` → [d-key, "['a']"].
 * Two paths touch the same thing when one is a prefix of the other; `[]` (a computed key) matches any subscript.
 */
export type AccessPath = readonly string[];

/** The object a method is called on: a root binding key and the path below it (`self.db.users.find` → [db, users]). */
export interface PyReceiver extends ReceiverPath<string> {
  segments: string[];
}

export interface PyAwaitedCall {
  awaitNode: PyNode;
  call: PyNode;
  /** The callee as written without arguments and whitespace: `self.db.users.find`. */
  calleeText: string;
  receiver?: PyReceiver;
  listedRead: boolean;
}

export type PyCallVerdict = { kind: "candidate"; call: PyAwaitedCall } | { kind: "ordered"; reason: string };

const MAX_ALIAS_DEPTH = 5;
const FUNCTION_LIKE = new Set(["function_definition", "lambda", "class_definition"]);
const SESSION_NAMES = [...SESSION_RECEIVER_NAMES, ...PY_SESSION_RECEIVER_NAMES].map((name) => name.toLowerCase());

export class PyAwaitClassifier {
  private readonly scopeIds = new Map<Scope, number>();
  private readonly orderedPatterns: RegExp[];
  private readonly readPatterns: RegExp[];

  constructor(private readonly context: PyContext) {
    this.orderedPatterns = context.options.orderedCallees.map(calleePattern);
    this.readPatterns = context.options.readCallees.map(calleePattern);
  }

  /** Classifies `await <call>`; anything else awaited (a future, a task, `self._waiter`) keeps its place. */
  classify(awaitNode: PyNode): PyCallVerdict {
    const operand = awaitNode.children[0] && skipParentheses(awaitNode.children[0]);
    if (operand?.type !== "call") return { kind: "ordered", reason: "not a call" };
    const call = operand;
    const calleeNode = call.child("function");
    if (!calleeNode) return { kind: "ordered", reason: "no callee" };
    const callee = skipParentheses(calleeNode);
    if (containsAwaitYieldOrWalrus(call)) return { kind: "ordered", reason: "awaits, yields or binds inside its arguments" };
    const { resolver, coroutines } = this.context.analysis;
    if (callChain(call).some((link) => this.isCombinator(link))) return { kind: "ordered", reason: "already concurrent" };
    // Offloaded functions run in worker threads: running two at once makes their shared state a thread-safety question.
    if (coroutines.isOffloadingCall(call)) return { kind: "ordered", reason: "runs in a thread" };
    const calleeText = calleeTextOf(callee) ?? callee.text.replace(/\s+/g, "");
    if (this.orderedPatterns.some((p) => p.test(calleeText))) return { kind: "ordered", reason: "orderedCallees option" };
    const listedRead = this.readPatterns.some((p) => p.test(calleeText));
    const info: PyAwaitedCall = { awaitNode, call, calleeText, receiver: this.receiverOf(callee), listedRead };
    if (listedRead) return { kind: "candidate", call: info };

    // A function handed in by the caller (`fn(x)`, `handler()`, `task()` of `for task in tasks`): its order is the caller's.
    if (callee.type === "identifier" && this.isParameterOrLoopVariable(callee)) return { kind: "ordered", reason: "a function passed in" };
    if (callArgumentValues(call).some(isSharedStateArgument)) return { kind: "ordered", reason: "passes shared state" };
    for (const link of callChain(call)) {
      const reason = this.orderedReason(link);
      if (reason) return { kind: "ordered", reason };
    }
    return { kind: "candidate", call: info };
  }

  /** Why one call of a chain keeps its order: what it resolves to, or its name. */
  private orderedReason(call: PyNode): string | undefined {
    const calleeNode = call.child("function");
    if (!calleeNode) return "no callee";
    const callee = skipParentheses(calleeNode);
    const value = this.context.analysis.resolver.resolve(callee);
    if (value?.kind === "definition") {
      // Only a call of a plain `async def` is known to be a coroutine that does nothing before it is awaited; a
      // `def` returns some awaitable (often a future that is already running), a class an object.
      if (!isPlainCoroutineFunction(value.node, this.context.analysis.resolver)) return "not a coroutine function";
    }
    const name = qualifiedName(value);
    if (name !== undefined) {
      const ordered = PY_ORDERED_FUNCTIONS.find((entry) => entry.name === name);
      if (ordered) return ordered.reason;
      // asyncio's own awaitables are primitives (sleep, wait_for, queues, locks, servers), never independent reads.
      if (/^(asyncio|anyio|trio)\./.test(name)) return "an asyncio primitive";
    }
    if (value?.kind === "instance-member" && PY_ORDERED_RECEIVER_TYPES.includes(value.type)) return "a method of a lock, queue or event";
    const last = callee.type === "attribute" ? callee.child("attribute")?.text : callee.type === "identifier" ? callee.text : undefined;
    if (last === undefined) return undefined;
    const ordered = ORDERED_NAMES.find((entry) => nameMatches(last, entry.name, entry.prefix ?? false));
    if (ordered) return ordered.reason;
    if (isWriteName(last)) return "its name says it writes";
    if (callee.type === "attribute") {
      const method = PY_ORDERED_METHOD_NAMES.find((entry) => nameMatches(last, entry.name, entry.prefix ?? false));
      if (method) return method.reason;
      if (last === "get" || last === "get_nowait") {
        const object = callee.child("object")!;
        const objectValue = this.context.analysis.resolver.resolve(object);
        if (objectValue?.kind === "instance" && PY_QUEUE_TYPES.includes(objectValue.type)) return "takes the next item of a queue";
        const objectName = object.type === "attribute" ? object.child("attribute")?.text : object.type === "identifier" ? object.text : undefined;
        if (objectName !== undefined && PY_QUEUE_NAME_PATTERN.test(objectName)) return "takes the next item of a queue";
      }
    }
    return undefined;
  }

  /** `asyncio.gather(...)`, `asyncio.wait(...)`: their inputs already run concurrently. */
  isCombinator(call: PyNode): boolean {
    const callee = call.child("function");
    const name = callee ? qualifiedName(this.context.analysis.resolver.resolve(callee)) : undefined;
    return name !== undefined && PY_CONCURRENCY_COMBINATORS.includes(name);
  }

  /** A parameter, or a variable bound by a `for` loop or comprehension. */
  private isParameterOrLoopVariable(id: PyNode): boolean {
    const lookup = this.context.analysis.scopes.lookupAt(id.text, id);
    if (lookup.kind !== "bound") return false;
    return lookup.bindings.some((b) => b.kind === "parameter" || b.node.type === "for_statement" || b.node.type === "for_in_clause");
  }

  /**
   * Calls on one receiver keep their order (`conn.execute` twice, `self.load()` then `self.check()`, everything under
   * a session-like name), and so do calls where one's receiver is handed to the other.
   */
  sameReceiver(a: PyAwaitedCall, b: PyAwaitedCall): boolean {
    if (a.listedRead && b.listedRead) return false;
    if (this.passesReceiverOf(a, b) || this.passesReceiverOf(b, a)) return true;
    return !!a.receiver && !!b.receiver && shareReceiver(a.receiver, b.receiver, isSessionName);
  }

  /** `b` mentions the object `a` is called on (`setup(conn)` after `conn.ping()`), so it can act on the same state. */
  private passesReceiverOf(a: PyAwaitedCall, b: PyAwaitedCall): boolean {
    if (!a.receiver || a.receiver.rootCalled || a.receiver.root.startsWith("node:")) return false;
    const root = a.receiver.root;
    return callArgumentValues(b.call).some((argument) => this.readPaths(argument).some((path) => path[0] === root));
  }

  /** The receiver chain of a method call, or undefined for a plain function or a module's function. */
  receiverOf(callee: PyNode): PyReceiver | undefined {
    if (callee.type !== "attribute") return undefined;
    const chain = this.chainOf(callee.child("object")!, 0);
    if (chain === "namespace") return undefined;
    const firstCall = chain.segments.indexOf("()");
    if (firstCall < 0) return { ...chain, rootCalled: false };
    return { ...chain, segments: chain.segments.slice(0, Math.max(0, firstCall - 1)), rootCalled: firstCall === 0 };
  }

  private chainOf(expression: PyNode, depth: number): Omit<PyReceiver, "rootCalled"> | "namespace" {
    const node = skipParentheses(expression);
    switch (node.type) {
      case "identifier": {
        const lookup = this.context.analysis.scopes.lookupAt(node.text, node);
        if (lookup.kind === "bound") {
          // `import m` binds a module namespace, whose functions share no per-object state.
          if (lookup.bindings.every((b) => b.kind === "import")) return "namespace";
          // `repo = self.orders`: an alias of a receiver chain is the receiver.
          const alias = depth < MAX_ALIAS_DEPTH && lookup.bindings.length === 1 ? aliasedChain(lookup.bindings[0].node, lookup.bindings[0].kind) : undefined;
          if (alias) return this.chainOf(alias, depth + 1);
        }
        return { root: this.keyOf(node), rootName: node.text, segments: [] };
      }
      case "attribute": {
        const base = this.chainOf(node.child("object")!, depth);
        if (base === "namespace") return "namespace";
        return { ...base, segments: [...base.segments, node.child("attribute")!.text] };
      }
      case "subscript": {
        const base = this.chainOf(node.child("value")!, depth);
        if (base === "namespace") return { root: `node:${node.start}`, rootName: "", segments: [] };
        const key = node.child("subscript");
        return { ...base, segments: [...base.segments, key && isLiteral(key) ? `[${key.text}]` : "[]"] };
      }
      case "call": {
        const base = this.chainOf(node.child("function")!, depth);
        if (base === "namespace") return { root: `node:${node.start}`, rootName: "", segments: [] };
        return { ...base, segments: [...base.segments, "()"] };
      }
      default:
        return { root: `node:${node.start}`, rootName: "", segments: [] };
    }
  }

  /** The binding a name refers to where it stands, as a key: `<scope id>:<name>`, or `free:<name>`. */
  keyOf(id: PyNode): string {
    const lookup = this.context.analysis.scopes.lookupAt(id.text, id);
    return lookup.kind === "bound" ? this.scopeKey(lookup.scope, id.text) : `free:${id.text}`;
  }

  scopeKey(scope: Scope, name: string): string {
    let id = this.scopeIds.get(scope);
    if (id === undefined) this.scopeIds.set(scope, (id = this.scopeIds.size));
    return `${id}:${name}`;
  }

  /**
   * What an expression reads, as access paths. A method call also reads its receiver as a whole (`self.refresh()`
   * may read any attribute of `self`), and calling a function defined in the enclosing function reads what its body
   * reads (`load_team()` that reads the local `user`).
   */
  readPaths(node: PyNode, seen = new Set<PyNode>()): AccessPath[] {
    const paths: AccessPath[] = [];
    const visit = (current: PyNode): void => {
      switch (current.type) {
        case "identifier":
          paths.push([this.keyOf(current)]);
          // A local function (called or handed on) reads what its body reads.
          for (const body of this.localFunctionBodies(current)) {
            if (seen.has(body)) continue;
            seen.add(body);
            paths.push(...this.readPaths(body, seen));
          }
          return;
        case "attribute":
        case "subscript": {
          const path = this.accessPath(current);
          if (path) {
            paths.push(path);
            if (current.type === "subscript") for (const child of current.children) if (child.field === "subscript") visit(child);
            return;
          }
          break;
        }
        case "parameters":
        case "lambda_parameters":
          // Parameter names bind; only default values are evaluated (where the function is defined).
          for (const parameter of current.children) {
            const value = parameter.child("value");
            if (value) visit(value);
          }
          return;
        case "keyword_argument": {
          const value = current.child("value");
          if (value) visit(value);
          return;
        }
        case "call": {
          const callee = skipParentheses(current.child("function")!);
          if (callee.type === "attribute") {
            const receiver = this.accessPath(skipParentheses(callee.child("object")!));
            if (receiver) paths.push(receiver);
          }
          break;
        }
      }
      for (const child of current.children) {
        // `f().name`: the attribute's name is not a variable.
        if (!(current.type === "attribute" && child.field === "attribute")) visit(child);
      }
    };
    visit(node);
    return paths;
  }

  /** Functions and lambdas a name is bound to inside a function (not module-level ones, which see no locals). */
  private localFunctionBodies(id: PyNode): PyNode[] {
    const lookup = this.context.analysis.scopes.lookupAt(id.text, id);
    if (lookup.kind !== "bound" || lookup.scope.kind === "module" || lookup.scope.kind === "class") return [];
    const bodies: PyNode[] = [];
    for (const binding of lookup.bindings) {
      if (binding.kind === "function") bodies.push(binding.node);
      else if (binding.kind === "assignment") {
        const right = binding.node.child("right");
        if (right && skipParentheses(right).type === "lambda") bodies.push(skipParentheses(right));
      }
    }
    return bodies;
  }

  /** `a.b[0].c` → [a-key, .b, [0], .c]; undefined when the chain does not start at a name. */
  accessPath(node: PyNode): AccessPath | undefined {
    const expr = skipParentheses(node);
    if (expr.type === "identifier") return [this.keyOf(expr)];
    if (expr.type === "attribute") {
      const base = this.accessPath(expr.child("object")!);
      return base && [...base, "." + expr.child("attribute")!.text];
    }
    if (expr.type === "subscript") {
      const base = this.accessPath(expr.child("value")!);
      const key = expr.child("subscript");
      return base && [...base, key && isLiteral(key) ? `[${key.text}]` : "[]"];
    }
    return undefined;
  }

  /**
   * What an assignment target writes (as paths) and reads (subscript keys): undefined for targets the rewrite
   * cannot carry over (starred or nested targets are fine; calls, slices with side effects are not).
   */
  targetAccess(target: PyNode): { writes: AccessPath[]; reads: AccessPath[] } | undefined {
    const writes: AccessPath[] = [];
    const reads: AccessPath[] = [];
    const visit = (node: PyNode): boolean => {
      switch (node.type) {
        case "identifier":
          writes.push([this.keyOf(node)]);
          return true;
        case "attribute":
        case "subscript": {
          if (!isSimpleTargetBase(node)) return false;
          const path = this.accessPath(node);
          if (!path) return false;
          writes.push(path);
          if (node.type === "subscript") for (const child of node.children) if (child.field === "subscript") reads.push(...this.readPaths(child));
          return true;
        }
        case "pattern_list":
        case "tuple_pattern":
        case "list_pattern":
        case "list_splat_pattern":
        case "tuple":
        case "list":
        case "list_splat":
        case "parenthesized_expression":
          return node.children.length > 0 && node.children.every(visit);
        default:
          return false;
      }
    };
    return visit(target) ? { writes, reads } : undefined;
  }
}

/** `x.a.b`, `x[k]`, `x["a"]`: attribute and subscript chains over names, with name or literal keys. */
function isSimpleTargetBase(node: PyNode): boolean {
  const expr = skipParentheses(node);
  if (expr.type === "identifier") return true;
  if (expr.type === "attribute") return isSimpleTargetBase(expr.child("object")!);
  if (expr.type === "subscript") {
    const keys = expr.children.filter((c) => c.field === "subscript");
    return keys.length === 1 && (keys[0].type === "identifier" || isLiteral(keys[0])) && isSimpleTargetBase(expr.child("value")!);
  }
  return false;
}

function isLiteral(node: PyNode): boolean {
  return (node.type === "integer" || node.type === "string") && !node.children.some((c) => c.type === "interpolation");
}

/** `repo = self.orders` (one assignment): the receiver chain it aliases. */
function aliasedChain(bindingNode: PyNode, kind: string): PyNode | undefined {
  if (kind !== "assignment" || bindingNode.type !== "assignment") return undefined;
  const right = bindingNode.child("right");
  if (!right || right.type === "assignment") return undefined;
  let expr = skipParentheses(right);
  if (expr.type !== "attribute" && expr.type !== "subscript") return undefined;
  while (expr.type === "attribute" || expr.type === "subscript") expr = skipParentheses(expr.child(expr.type === "attribute" ? "object" : "value")!);
  return expr.type === "identifier" ? right : undefined;
}

/** Index (into segments, -1 for the root) of the first session-like name in a receiver chain. */
export function isSessionName(name: string): boolean {
  return SESSION_NAMES.includes(name.toLowerCase());
}

/** The values passed to a call: positional arguments, keyword values, splats. */
function callArgumentValues(call: PyNode): PyNode[] {
  const list = call.child("arguments");
  if (!list) return [];
  if (list.type !== "argument_list") return [list];
  return list.children.map((argument) => (argument.type === "keyword_argument" ? argument.child("value") : argument)).filter((v): v is PyNode => !!v);
}

/** `ctx`, `self.state`, `cursor`, `db`, `db_session`: an argument that carries state or a connection from one step to the next. */
function isSharedStateArgument(argument: PyNode): boolean {
  const expr = skipParentheses(argument);
  const raw = expr.type === "identifier" ? expr.text : expr.type === "attribute" ? expr.child("attribute")?.text : undefined;
  if (raw === undefined) return false;
  const name = raw.replace(/^_+/, "").toLowerCase();
  if (SHARED_STATE_ARGUMENT_NAMES.some((shared) => shared.toLowerCase() === name)) return true;
  return PY_SESSION_ARGUMENT_NAMES.some((session) => name === session || name.endsWith(`_${session}`));
}

/** The call and the calls its callee is chained on, outermost first: `a.b(1).c(2)` → `c(2)`, `a.b(1)`. */
export function callChain(call: PyNode): PyNode[] {
  const calls: PyNode[] = [];
  for (let expr: PyNode | undefined = call; expr; ) {
    expr = skipParentheses(expr);
    if (expr.type === "call") {
      calls.push(expr);
      expr = expr.child("function");
    } else if (expr.type === "attribute") expr = expr.child("object");
    else if (expr.type === "subscript") expr = expr.child("value");
    else break;
  }
  return calls;
}

/** `self.db.users.find`; calls in the chain are dropped (`db.collection("x").find` → `db.collection.find`). */
export function calleeTextOf(node: PyNode): string | undefined {
  const expr = skipParentheses(node);
  if (expr.type === "identifier") return expr.text;
  if (expr.type === "attribute") {
    const base = calleeTextOf(expr.child("object")!);
    return base === undefined ? undefined : `${base}.${expr.child("attribute")!.text}`;
  }
  if (expr.type === "call") return calleeTextOf(expr.child("function")!);
  return undefined;
}

/** An `await`, `yield` or walrus evaluated as part of the node (not inside a nested function or class). */
export function containsAwaitYieldOrWalrus(node: PyNode): boolean {
  for (const inner of node.descendants((n) => FUNCTION_LIKE.has(n.type))) {
    if (inner.type === "await" || inner.type === "yield" || inner.type === "named_expression") return true;
  }
  return false;
}

/** Two access paths reach the same object, or one is inside the other. */
export function overlaps(a: AccessPath, b: AccessPath): boolean {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (!segmentsMatch(a[i], b[i])) return false;
  return true;
}

function segmentsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  return (a === "[]" && b.startsWith("[")) || (b === "[]" && a.startsWith("["));
}

export function anyOverlap(a: readonly AccessPath[], b: readonly AccessPath[]): boolean {
  return a.some((x) => b.some((y) => overlaps(x, y)));
}

/** A pattern over callee text: `*` matches anything, including dots; `self.` before the text is optional. */
function calleePattern(pattern: string): RegExp {
  return new RegExp(`^(?:self\\.)?${pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
