// Python: runs of independent awaits that could be one `asyncio.gather`, and `for` loops whose iterations could
// run concurrently. Ports the TypeScript detector's exclusions (typescript-runs.ts, typescript-loops.ts) to Python semantics.
import { BATCH_ITERABLE_PATTERN } from "../knowledge/node-ordered";
import { PY_CONCURRENCY_NEUTRAL_CONTEXTS, PY_SINK_NAMES } from "../knowledge/python-ordered";
import { PY_EXPECTED_RAISE_CONTEXTS } from "../knowledge/python-asyncio";
import type { PyDetector } from "../lang/python/detector";
import { displayCallee } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import { nameMatches } from "./typescript-classify";
import { CONCURRENT_ALTERNATIVE, type PreferConcurrentAwaitsMessageId, type PreferConcurrentAwaitsOptions } from "./meta";
import {
  type AccessPath,
  anyOverlap,
  containsAwaitYieldOrWalrus,
  isSessionName,
  PyAwaitClassifier,
  type PyAwaitedCall,
  type PyContext,
} from "./python-classify";
import { type PyCandidate, type PyIndependentLoop, pyLoopFix, pyRunFix } from "./python-fixes";

const NESTED_SCOPES = new Set(["function_definition", "lambda", "class_definition"]);
const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);

export const detectPythonSerialAwaits: PyDetector<PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions> = (context) => {
  const classifier = new PyAwaitClassifier(context);
  // A reported loop's body would move into a generator expression, where runs are not reported either.
  const reportedLoopBodies = new Set<PyNode>();
  const minAwaits = Math.max(2, context.options.minAwaits);

  const checkBlock = (block: PyNode) => {
    const statements = block.children;
    // Cheap shape test first: most blocks do not hold two statements that await.
    if (statements.filter(isAwaitStatement).length < minAwaits) return;
    if (reportedLoopBodies.has(block) || !context.analysis.coroutines.coroutineOf(block) || orderedRegion(block, context)) return;
    for (const run of findRuns(statements, classifier)) {
      if (run.length < context.options.minAwaits) continue;
      const first = run[0].call.awaitNode;
      context.report({
        range: first.range,
        messageId: "serialAwaits",
        data: { count: run.length, alternative: CONCURRENT_ALTERNATIVE.python.awaits },
        related: run.slice(1).map((c, i) => ({
          range: c.call.awaitNode.range,
          message: `Independent await ${i + 2} of ${run.length}: uses no result of the awaits before it.`,
        })),
        fixes: () => {
          const fix = pyRunFix(context, run);
          return fix ? [fix] : [];
        },
      });
    }
  };

  return {
    block: checkBlock,
    for_statement(loop) {
      if (!context.options.checkLoops || loop.hasToken("async")) return;
      if (!context.analysis.coroutines.coroutineOf(loop) || orderedRegion(loop, context)) return;
      const verdict = loopVerdict(loop, classifier, context);
      if (verdict.kind !== "independent") return;
      const found = verdict.loop;
      const body = loop.child("body");
      if (body) reportedLoopBodies.add(body);
      const [first, ...others] = found.awaits;
      const keyword = loop.tokens.find((t) => t.type === "for")!;
      context.report({
        range: first.awaitNode.range,
        messageId: "serialLoop",
        data: { callee: `\`${displayCallee(skipParentheses(first.call.child("function")!))}\``, alternative: CONCURRENT_ALTERNATIVE.python.loop },
        related: [
          { range: keyword.range, message: "The loop waits for each iteration's awaits before starting the next." },
          ...others.map((a) => ({ range: a.awaitNode.range, message: "Also awaited in every iteration." })),
        ],
        fixes: () => {
          const fix = pyLoopFix(context, classifier, found);
          return fix ? [fix] : [];
        },
      });
    },
  };
};

/** `x = await f()`, `x: T = await f()`, `await f()`: the statement shapes a run is made of. */
function isAwaitStatement(statement: PyNode): boolean {
  return awaitOfStatement(statement) !== undefined;
}

function awaitOfStatement(statement: PyNode): { await: PyNode; assignment?: PyNode } | undefined {
  if (statement.type !== "expression_statement" || statement.children.length !== 1) return undefined;
  const expression = skipParentheses(statement.children[0]);
  if (expression.type === "await") return { await: expression };
  if (expression.type !== "assignment") return undefined;
  const right = expression.child("right");
  const value = right && skipParentheses(right);
  return value?.type === "await" ? { await: value, assignment: expression } : undefined;
}

/**
 * Code whose awaits keep their order whatever they call: a `try` (the handler assumes the calls after a failing one
 * did not run), and a `with` / `async with` other than a timeout or an HTTP session (a lock or semaphore would cover
 * two calls at once, a transaction interleave, `assertRaises` expect the first call to end the block).
 */
function orderedRegion(node: PyNode, context: PyContext): boolean {
  for (const ancestor of node.ancestors()) {
    if (NESTED_SCOPES.has(ancestor.type)) return false;
    if (ancestor.type === "try_statement") return true;
    if (ancestor.type === "with_statement" && !isNeutralWith(ancestor, context)) return true;
  }
  return false;
}

function isNeutralWith(statement: PyNode, context: PyContext): boolean {
  const items = statement.childOfType("with_clause")?.childrenOfType("with_item") ?? [];
  return items.every((item) => {
    const value = item.child("value");
    const manager = value?.type === "as_pattern" ? value.children[0] : value;
    const call = manager && skipParentheses(manager);
    if (call?.type !== "call") return false;
    const callee = skipParentheses(call.child("function")!);
    if (callee.type === "attribute" && PY_EXPECTED_RAISE_CONTEXTS.methods.includes(callee.child("attribute")!.text)) return false;
    const name = qualifiedName(context.analysis.resolver.resolve(callee));
    return name !== undefined && PY_CONCURRENCY_NEUTRAL_CONTEXTS.includes(name);
  });
}

/**
 * Splits a block's statements into runs of consecutive independent awaits. A run ends at any other statement, and a
 * candidate that depends on the run (reads what it wrote, writes what it read or wrote, or calls the same receiver)
 * starts a new one.
 */
function findRuns(statements: readonly PyNode[], classifier: PyAwaitClassifier): PyCandidate[][] {
  const runs: PyCandidate[][] = [];
  let run: PyCandidate[] = [];
  const close = () => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  for (const statement of statements) {
    const item = candidateOf(statement, classifier);
    if (!item) {
      close();
      continue;
    }
    if (run.some((earlier) => dependsOn(item, earlier, classifier))) close();
    run.push(item);
  }
  close();
  return runs;
}

function dependsOn(item: PyCandidate, earlier: PyCandidate, classifier: PyAwaitClassifier): boolean {
  return (
    anyOverlap(item.reads, earlier.writes) ||
    anyOverlap(item.writes, earlier.reads) ||
    anyOverlap(item.writes, earlier.writes) ||
    classifier.sameReceiver(item.call, earlier.call) ||
    // The same call twice (`await fetch()` again, the same arguments): the second is meant to see the first's effect
    // (a cache, a counter, a mock's next `side_effect`), which is what tests of idempotence and caching check.
    compact(item.call.call.text) === compact(earlier.call.call.text)
  );
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

function candidateOf(statement: PyNode, classifier: PyAwaitClassifier): PyCandidate | undefined {
  const found = awaitOfStatement(statement);
  if (!found) return undefined;
  const verdict = classifier.classify(found.await);
  if (verdict.kind !== "candidate") return undefined;
  const call = verdict.call;
  const reads = classifier.readPaths(found.await);
  if (!found.assignment) {
    // A discarded result means a write until the options say the callee is a read.
    return call.listedRead ? { statement, call, reads, writes: [] } : undefined;
  }
  const target = found.assignment.child("left");
  if (!target || containsAwaitYieldOrWalrus(target)) return undefined;
  const access = classifier.targetAccess(target);
  if (!access) return undefined;
  const annotation = found.assignment.child("type");
  if (annotation) reads.push(...classifier.readPaths(annotation));
  return { statement, assignment: found.assignment, target, call, reads: [...reads, ...access.reads], writes: access.writes };
}

export type LoopVerdict = { kind: "independent"; loop: PyIndependentLoop } | { kind: "dependent"; reason: string };

function dependent(reason: string): LoopVerdict {
  return { kind: "dependent", reason };
}

/**
 * Decides whether a `for` loop runs independent iterations one after another. Anything that could make an iteration
 * depend on an earlier one rejects it: an early exit (`break`, `return`, `raise`, `continue` after an await), a retry
 * (`try`), a `with` (locks, semaphores), nested loops that await, a write to an outer variable the awaited calls or the
 * iterable read (a cursor, a counter, a `seen` set), a receiver made outside the loop, a discarded (write) await, a
 * call that does not use the loop variable (the same work repeated), an output written per iteration, `async for`.
 */
export function loopVerdict(loop: PyNode, classifier: PyAwaitClassifier, context: PyContext): LoopVerdict {
  const target = loop.child("left");
  const iterable = loop.child("right");
  const body = loop.child("body");
  if (!target || !iterable || !body) return dependent("incomplete loop");
  // `else` runs only when the loop did not break: its meaning is tied to iterating one by one.
  if (loop.child("alternative")) return dependent("for ... else");
  if (BATCH_ITERABLE_PATTERN.test(iterable.text) || containsAwaitYieldOrWalrus(iterable)) return dependent("batches, or awaits in the iterable");
  const targetAccess = classifier.targetAccess(target);
  if (!targetAccess || targetAccess.writes.some((path) => path.length > 1)) return dependent("the loop assigns an attribute or item");
  const loopKeys = targetAccess.writes.map((path) => path[0]);

  const awaitNodes: PyNode[] = [];
  let firstAwaitAt = Number.POSITIVE_INFINITY;
  let rejected: string | undefined;
  const sinkCalls: PyNode[] = [];
  const visit = (node: PyNode): void => {
    if (rejected !== undefined || NESTED_SCOPES.has(node.type)) return;
    switch (node.type) {
      case "break_statement":
      case "return_statement":
      case "raise_statement":
      case "try_statement":
      case "with_statement":
      case "yield":
      case "global_statement":
      case "nonlocal_statement":
        rejected = node.type;
        return;
      case "continue_statement":
        // A `continue` before the first await cannot depend on an awaited value of this iteration.
        if (node.start > firstAwaitAt) rejected = "continue after an await";
        return;
      case "for_statement":
      case "while_statement":
        if (node.hasToken("async") || containsAwaitYieldOrWalrus(node)) rejected = "a nested loop that awaits";
        return;
      case "await":
        if (insideComprehension(node, loop)) {
          rejected = "an await in a comprehension";
          return;
        }
        awaitNodes.push(node);
        firstAwaitAt = Math.min(firstAwaitAt, node.start);
        break;
      case "call":
        sinkCalls.push(node);
        break;
    }
    for (const child of node.children) visit(child);
  };
  visit(body);
  if (rejected) return dependent(rejected);
  if (awaitNodes.length === 0) return dependent("no await");

  // The loop variables are rebound by every iteration, whatever else binds the same names in the function.
  const isInsideLoop = (key: string) => loopKeys.includes(key) || declaredWithin(key, loop, classifier, context);
  const awaits: PyAwaitedCall[] = [];
  for (const awaitNode of awaitNodes) {
    const verdict = classifier.classify(awaitNode);
    if (verdict.kind !== "candidate") return dependent(verdict.reason);
    const call = verdict.call;
    if (isDiscarded(awaitNode) && !call.listedRead) return dependent("a discarded result (a write)");
    // A receiver made outside the loop is the same receiver in every iteration; calling a function makes a fresh one.
    const receiver = call.receiver;
    if (receiver && !call.listedRead && !isInsideLoop(receiver.root) && (!receiver.rootCalled || isSessionName(receiver.rootName))) return dependent("a receiver made outside the loop");
    // A call that does not use the loop variable repeats the same work (a retry, a poll, a load test).
    const reads = classifier.readPaths(awaitNode);
    if (!reads.some((path) => loopKeys.includes(path[0]) || isInsideLoop(path[0]))) return dependent("the call does not use the loop variable");
    awaits.push(call);
  }
  const awaitedCalls = new Set(awaits.map((a) => a.call));

  // Output written per iteration (`print`, `writer.write`, `ws.send`) would come all at once at the end.
  for (const call of sinkCalls) {
    if (awaitedCalls.has(call)) continue;
    const callee = skipParentheses(call.child("function")!);
    const name = callee.type === "attribute" ? callee.child("attribute")!.text : callee.type === "identifier" ? callee.text : undefined;
    if (name !== undefined && isSinkName(name)) return dependent("output written per iteration");
  }

  // Loop-carried state: outer bindings the body writes, or mutates through a method call, that the awaited calls (or
  // the iterable) read.
  const written: AccessPath[] = [];
  /** What the body surely changes: assignments, and method calls other than the standard read-only ones. */
  const changed: AccessPath[] = [];
  const itemWritten: AccessPath[] = [];
  for (const path of writesIn(body, classifier)) {
    if (loopKeys.includes(path[0]) && path.length === 1) return dependent("the body reassigns the loop variable");
    // Objects of this iteration (`item.result = ...`, a local made in the body) carry nothing to the next one.
    if (!isInsideLoop(path[0])) {
      written.push(path);
      changed.push(path);
    } else if (loopKeys.includes(path[0])) itemWritten.push(path);
  }
  for (const call of sinkCalls) {
    if (awaitedCalls.has(call)) continue;
    const callee = skipParentheses(call.child("function")!);
    if (callee.type !== "attribute") continue;
    const receiver = classifier.accessPath(callee.child("object")!);
    if (receiver && !isInsideLoop(receiver[0])) {
      written.push(receiver);
      if (!PY_READ_ONLY_METHODS.has(callee.child("attribute")!.text)) changed.push(receiver);
    } else if (receiver && loopKeys.includes(receiver[0])) itemWritten.push(receiver);
  }
  // A lazy iterable (`walk(tree)`, a generator) may look at what earlier iterations did to its items (a tree walk
  // over children the body loads); gathered, it would be drained before any iteration ran.
  if (itemWritten.length > 0 && !isEagerIterable(iterable, context)) return dependent("a lazy iterable over items the body changes");
  if (written.length > 0) {
    for (const awaited of awaits) if (anyOverlap(classifier.readPaths(awaited.awaitNode), written)) return dependent("loop-carried state");
    // A condition deciding whether an iteration awaits at all (`if key not in deps: deps[key] = await load(key)`):
    // what earlier iterations wrote decides what later ones do.
    const skips = skipConditions(body);
    for (const awaited of awaits) {
      for (const condition of [...guardsWithin(awaited.awaitNode, body), ...skips]) {
        if (anyOverlap(classifier.readPaths(condition), changed)) return dependent("a condition reads what earlier iterations wrote");
      }
    }
    if (anyOverlap(classifier.readPaths(iterable), written)) return dependent("the body changes what it iterates");
  }
  return { kind: "independent", loop: { loop, awaits, loopKeys } };
}

/** Methods of the standard containers and strings that only read their object (`seen.get(key)`, `names.count(x)`). */
const PY_READ_ONLY_METHODS = new Set([
  "get", "keys", "values", "items", "count", "index", "copy", "startswith", "endswith", "lower", "upper", "strip",
  "split", "join", "format", "issubset", "issuperset", "isdisjoint", "union", "intersection", "difference",
]);

/**
 * The conditions inside `body` that decide whether `node` runs: an `if`/`elif` condition around it, a conditional
 * expression's, the left side of an `and`/`or` whose right side holds it.
 */
function guardsWithin(node: PyNode, body: PyNode): PyNode[] {
  const guards: PyNode[] = [];
  for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
    if ((parent.type === "if_statement" || parent.type === "elif_clause") && child.field !== "condition") {
      const condition = parent.child("condition");
      if (condition) guards.push(condition);
    } else if (parent.type === "conditional_expression" && parent.children.length === 3 && child !== parent.children[1]) {
      guards.push(parent.children[1]);
    } else if (parent.type === "boolean_operator" && child.field === "right") {
      const left = parent.child("left");
      if (left) guards.push(left);
    }
  }
  return guards;
}

/** The conditions of `if ...: continue` in the loop's body: they decide whether an iteration gets to its awaits. */
function skipConditions(body: PyNode): PyNode[] {
  const conditions: PyNode[] = [];
  for (const node of body.descendants((n) => NESTED_SCOPES.has(n.type))) {
    if (node.type !== "if_statement" && node.type !== "elif_clause") continue;
    const statements = node.child("consequence")?.children ?? [];
    const condition = node.child("condition");
    if (condition && statements[statements.length - 1]?.type === "continue_statement") conditions.push(condition);
  }
  return conditions;
}

/** Data that is there before the loop starts: names, attributes, literals, and builtins over them (`range`, `enumerate`, `d.items()`). */
function isEagerIterable(iterable: PyNode, context: PyContext): boolean {
  const node = skipParentheses(iterable);
  switch (node.type) {
    case "identifier":
    case "attribute":
    case "subscript":
    case "list":
    case "tuple":
    case "set":
    case "dictionary":
    case "string":
    case "list_comprehension":
    case "set_comprehension":
    case "dictionary_comprehension":
      return true;
    case "call": {
      const callee = skipParentheses(node.child("function")!);
      const args = node.child("arguments");
      const argumentsEager = args?.type === "argument_list" && args.children.every((a) => isEagerIterable(a.type === "keyword_argument" ? a.child("value")! : a, context) || isLiteralValue(a));
      if (callee.type === "attribute" && ["items", "keys", "values"].includes(callee.child("attribute")!.text)) return isEagerIterable(callee.child("object")!, context);
      const name = qualifiedName(context.analysis.resolver.resolve(callee));
      return argumentsEager && name !== undefined && EAGER_BUILTINS.includes(name);
    }
    default:
      return false;
  }
}

function isLiteralValue(node: PyNode): boolean {
  return ["integer", "float", "string", "true", "false", "none"].includes(node.type) || (node.type === "unary_operator" && isLiteralValue(node.children[0]));
}

const EAGER_BUILTINS = ["range", "enumerate", "zip", "sorted", "reversed", "list", "tuple", "set", "frozenset", "dict"].map((name) => `builtins.${name}`);

function insideComprehension(node: PyNode, stop: PyNode): boolean {
  for (const ancestor of node.ancestors()) {
    if (ancestor === stop) return false;
    if (COMPREHENSIONS.has(ancestor.type)) return true;
  }
  return false;
}

/** Every access path assigned in the body (targets of assignments, augmented assignments, `for`, `with ... as`, `del`, walrus). */
function writesIn(body: PyNode, classifier: PyAwaitClassifier): AccessPath[] {
  const paths: AccessPath[] = [];
  const addTarget = (target: PyNode | undefined) => {
    if (!target) return;
    const access = classifier.targetAccess(target);
    if (access) paths.push(...access.writes);
    else for (const id of [target, ...target.descendants()]) if (id.type === "identifier") paths.push([classifier.keyOf(id)]);
  };
  for (const node of body.descendants((n) => NESTED_SCOPES.has(n.type))) {
    switch (node.type) {
      case "assignment":
      case "augmented_assignment":
      case "for_statement":
        addTarget(node.child("left"));
        break;
      case "named_expression":
        addTarget(node.child("name"));
        break;
      case "as_pattern_target":
        addTarget(node.children[0]);
        break;
      case "delete_statement":
        for (const child of node.children) addTarget(child);
        break;
    }
  }
  return paths;
}

/** True when every binding of the key lies inside the loop (its variables and the body's own locals). */
function declaredWithin(key: string, loop: PyNode, classifier: PyAwaitClassifier, context: PyContext): boolean {
  if (key.startsWith("free:")) return false;
  if (key.startsWith("node:")) {
    const at = Number(key.slice(5));
    return at >= loop.start && at < loop.end;
  }
  const name = key.slice(key.indexOf(":") + 1);
  const scope = context.analysis.scopes.scopeAt(loop);
  const lookup = context.analysis.scopes.lookup(name, scope);
  if (lookup.kind !== "bound" || classifier.scopeKey(lookup.scope, name) !== key) return false;
  return lookup.bindings.every((binding) => binding.nameNode.start >= loop.start && binding.nameNode.end <= loop.end);
}

/** An await whose value nobody uses: `await save(x)`. */
function isDiscarded(awaitNode: PyNode): boolean {
  let node = awaitNode;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  return node.parent?.type === "expression_statement";
}

/** Calls that emit something per iteration: output, messages, events, stream writes. */
function isSinkName(name: string): boolean {
  return PY_SINK_NAMES.some((sink) => nameMatches(name, sink.name, sink.prefix));
}
