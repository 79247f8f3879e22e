import ts from "typescript";
import { type BindingKey, declarationOfBinding, declaredIdentifiers } from "../lang/typescript/references";
import { skipTransparent } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import { BATCH_ITERABLE_PATTERN } from "../knowledge/node-ordered";
import { type AwaitClassifier, type AwaitedCall, containsAwaitOrYield, type Context, isSessionName } from "./typescript-classify";

/** A loop whose iterations only read: each awaited call depends on the iteration variable and loop-invariant values. */
export type CheckedLoop = ts.ForOfStatement | ts.ForInStatement | ts.ForStatement | ts.WhileStatement;

export interface IndependentLoop {
  loop: CheckedLoop;
  awaits: AwaitedCall[];
}

/**
 * Decides whether a `for...of`, `for...in`, counting `for` or counting `while` loop runs independent iterations one
 * after another.
 * Anything that could make an iteration depend on an earlier one rejects the loop: an early exit,
 * a retry (`try`), a write to an outer variable the awaited calls read, an outer receiver, a discarded
 * (write) await, nested loops with awaits, `for await`.
 */
export function independentLoop(loop: CheckedLoop, classifier: AwaitClassifier, context: Context): IndependentLoop | undefined {
  const refs = classifier.refs;
  const counting = ts.isWhileStatement(loop) ? countingWhile(loop, refs) : undefined;
  const loopVariables =
    ts.isForOfStatement(loop) || ts.isForInStatement(loop)
      ? forOfVariables(loop, refs)
      : ts.isForStatement(loop)
        ? countingForVariables(loop, refs)
        : counting && [counting.counter];
  if (!loopVariables) return undefined;
  if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && BATCH_ITERABLE_PATTERN.test(loop.expression.getText(context.sourceFile))) return undefined;
  const body = loop.statement;
  // A `while` loop's step is its body's last statement: written every iteration, and part of no iteration's work.
  const step = counting?.step;

  const awaitExpressions: ts.AwaitExpression[] = [];
  let rejected = false;
  let firstAwaitAt = Number.POSITIVE_INFINITY;
  walkTree(body, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    switch (node.kind) {
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ReturnStatement:
      case ts.SyntaxKind.ThrowStatement:
      case ts.SyntaxKind.TryStatement:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.WithStatement:
        rejected = true;
        return "stop";
      case ts.SyntaxKind.ContinueStatement:
        // A `continue` before the first await cannot depend on an awaited value of this iteration; in a `while` it
        // would skip the step at the end of the body.
        if ((node as ts.ContinueStatement).label || node.getStart(context.sourceFile) > firstAwaitAt || step) rejected = true;
        return rejected ? "stop" : "skip";
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
        if (containsAwaitOrYield(node)) rejected = true;
        return rejected ? "stop" : "skip";
      case ts.SyntaxKind.AwaitExpression:
        awaitExpressions.push(node as ts.AwaitExpression);
        firstAwaitAt = Math.min(firstAwaitAt, node.getStart(context.sourceFile));
        break;
    }
  });
  if (rejected || awaitExpressions.length === 0) return undefined;

  const isInsideLoop = (key: BindingKey) => declaredWithin(key, loop, context.sourceFile);
  const awaits: AwaitedCall[] = [];
  for (const awaitExpression of awaitExpressions) {
    const verdict = classifier.classify(awaitExpression);
    if (verdict.kind !== "candidate") return undefined;
    const call = verdict.call;
    if (isDiscarded(awaitExpression) && !call.listedRead) return undefined;
    // A receiver made outside the loop is the same receiver in every iteration; calling a function makes a fresh
    // one (`fetch(url).then`), unless the function is a session (`trx("table").select()`).
    const receiver = call.receiver;
    if (receiver && !call.listedRead && !isInsideLoop(receiver.root) && (!receiver.rootCalled || isSessionName(receiver.rootName))) return undefined;
    awaits.push(call);
  }

  const awaitedCalls = new Set<ts.Node>(awaits.map((a) => a.call));
  // A receiver made in the iteration but handed to an outer object (`stage.add(page)`, then `page.canvas.toBuffer()`)
  // is reachable from every iteration, which may reset that object (`stage.destroyChildren()`) while it is awaited.
  const attached = attachedToOuterObjects(body, awaitedCalls, classifier, isInsideLoop);
  if (awaits.some((a) => a.receiver && !a.listedRead && attached.has(a.receiver.root))) return undefined;

  // Loop-carried state: outer bindings the body writes or mutates through a method call that the awaited
  // calls (or the loop's own header) read. A cursor, a counter, a `seen` set.
  const written = new Set<BindingKey>();
  const work = step && ts.isBlock(body) ? body.statements.filter((statement) => statement !== step) : [body];
  const writtenOtherwise = new Set<BindingKey>();
  for (const part of work) {
    for (const key of refs.writes(part)) {
      if (loopVariables.includes(key)) return undefined;
      if (!isInsideLoop(key)) {
        written.add(key);
        writtenOtherwise.add(key);
      }
    }
  }
  const methodReceivers = mutatedReceivers(body, awaitedCalls, refs);
  for (const key of methodReceivers.any) if (!isInsideLoop(key)) written.add(key);
  if (written.size > 0) {
    for (const awaited of awaits) for (const key of classifier.readsOf(awaited.awaitExpression)) if (written.has(key)) return undefined;
    // A condition deciding whether an iteration awaits at all (`if (!deps[id]) deps[id] = await resolve(id)`): what
    // earlier iterations wrote decides what later ones do. Here a method call counts as a write only if it may change
    // its object (`seen.add(id)`, not `seen.has(id)`).
    const changed = new Set([...writtenOtherwise, ...[...methodReceivers.changing].filter((key) => !isInsideLoop(key))]);
    const skips = skipConditions(body);
    for (const awaited of awaits) {
      for (const condition of [...guardsWithin(awaited.awaitExpression, body), ...skips]) for (const key of refs.reads(condition)) if (changed.has(key)) return undefined;
    }
    const header = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? [loop.expression] : ts.isForStatement(loop) ? [loop.condition] : [loop.expression];
    for (const part of header) if (part) for (const key of refs.reads(part)) if (written.has(key)) return undefined;
  }
  return { loop, awaits };
}

function forOfVariables(loop: ts.ForOfStatement | ts.ForInStatement, refs: AwaitClassifier["refs"]): BindingKey[] | undefined {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return undefined;
  const list = loop.initializer;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return undefined;
  if (!(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)) || list.flags & ts.NodeFlags.Using) return undefined;
  return declaredIdentifiers(list.declarations[0].name).map((id) => refs.keyOf(id));
}

/**
 * `let i = 0; while (i < n) { ...; i++; }`: a counter declared with `let` right before the loop, compared in the
 * condition and stepped by the body's last statement (`i++`, `i += 2`), and written nowhere else in the body.
 */
function countingWhile(loop: ts.WhileStatement, refs: AwaitClassifier["refs"]): { counter: BindingKey; step: ts.Statement } | undefined {
  const body = loop.statement;
  if (!ts.isBlock(body) || body.statements.length < 2) return undefined;
  const condition = skipTransparent(loop.expression);
  if (!ts.isBinaryExpression(condition) || !isComparison(condition.operatorToken.kind) || containsAwaitOrYield(condition)) return undefined;
  const step = body.statements[body.statements.length - 1];
  if (!ts.isExpressionStatement(step)) return undefined;
  const counterOf = (expr: ts.Expression) => {
    const e = skipTransparent(expr);
    return ts.isIdentifier(e) ? e : undefined;
  };
  const stepped = steppedCounter(skipTransparent(step.expression), counterOf);
  if (!stepped) return undefined;
  const counter = refs.keyOf(stepped);
  const compared = [condition.left, condition.right].some((side) => {
    const id = counterOf(side);
    return id !== undefined && refs.keyOf(id) === counter;
  });
  if (!compared) return undefined;
  // Declared with `let` in the statement right before the loop (so nothing else sets it up in between).
  let declaration = declarationOfBinding(counter, "value");
  if (declaration && ts.isIdentifier(declaration)) declaration = declaration.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !(declaration.parent.flags & ts.NodeFlags.Let)) return undefined;
  const container = loop.parent;
  const statements = ts.isBlock(container) || ts.isSourceFile(container) ? container.statements : undefined;
  const index = statements?.indexOf(loop) ?? -1;
  if (index < 1 || statements![index - 1] !== declaration.parent.parent) return undefined;
  return { counter, step };
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken || kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** The counter of `i++`, `--i`, `i += 2`, or undefined. */
function steppedCounter(step: ts.Expression, counterOf: (expr: ts.Expression) => ts.Identifier | undefined): ts.Identifier | undefined {
  if ((ts.isPrefixUnaryExpression(step) || ts.isPostfixUnaryExpression(step)) && (step.operator === ts.SyntaxKind.PlusPlusToken || step.operator === ts.SyntaxKind.MinusMinusToken)) {
    return counterOf(step.operand);
  }
  if (
    ts.isBinaryExpression(step) &&
    (step.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || step.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) &&
    ts.isNumericLiteral(skipTransparent(step.right))
  ) {
    return counterOf(step.left);
  }
  return undefined;
}

/** `for (let i = a; i < n; i++)` with nothing else in the header: the counter is the only loop-carried value. */
function countingForVariables(loop: ts.ForStatement, refs: AwaitClassifier["refs"]): BindingKey[] | undefined {
  const list = loop.initializer;
  if (!list || !ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !(list.flags & ts.NodeFlags.Let)) return undefined;
  const declaration = list.declarations[0];
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer || containsAwaitOrYield(declaration.initializer)) return undefined;
  const counter = refs.keyOf(declaration.name);
  const isCounter = (expr: ts.Expression) => {
    const e = skipTransparent(expr);
    return ts.isIdentifier(e) && refs.keyOf(e) === counter;
  };
  const condition = loop.condition && skipTransparent(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition) || containsAwaitOrYield(condition)) return undefined;
  const comparison = [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken];
  if (!comparison.includes(condition.operatorToken.kind) || (!isCounter(condition.left) && !isCounter(condition.right))) return undefined;
  const step = loop.incrementor && skipTransparent(loop.incrementor);
  if (!step) return undefined;
  const isStep =
    ((ts.isPrefixUnaryExpression(step) || ts.isPostfixUnaryExpression(step)) &&
      (step.operator === ts.SyntaxKind.PlusPlusToken || step.operator === ts.SyntaxKind.MinusMinusToken) &&
      isCounter(step.operand)) ||
    (ts.isBinaryExpression(step) &&
      (step.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || step.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) &&
      isCounter(step.left) &&
      ts.isNumericLiteral(skipTransparent(step.right)));
  return isStep ? [counter] : undefined;
}

/** An await whose value nobody uses: `await save(x);`. */
export function isDiscarded(awaitExpression: ts.AwaitExpression): boolean {
  let node: ts.Node = awaitExpression;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent) || ts.isVoidExpression(node.parent);
}

/**
 * Outer objects the body may change: receivers of its method calls (`any`: every call, as a method may change its
 * object; `changing`: calls of methods other than the standard read-only ones) and objects whose properties or
 * elements it assigns or deletes (in both).
 */
function mutatedReceivers(body: ts.Node, awaitedCalls: ReadonlySet<ts.Node>, refs: AwaitClassifier["refs"]): { any: Set<BindingKey>; changing: Set<BindingKey> } {
  const any = new Set<BindingKey>();
  const changing = new Set<BindingKey>();
  const addRootOf = (target: ts.Expression, readOnly: boolean) => {
    const member = skipTransparent(target);
    if (!ts.isPropertyAccessExpression(member) && !ts.isElementAccessExpression(member)) return;
    const root = refs.rootOf(member.expression);
    if (root === undefined) return;
    any.add(root);
    if (!readOnly) changing.add(root);
  };
  walkTree(body, (node) => {
    if (ts.isCallExpression(node) && !awaitedCalls.has(node)) {
      const callee = skipTransparent(node.expression);
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
      addRootOf(node.expression, method !== undefined && READ_ONLY_METHODS.has(method));
    }
    // `deps[id] = entry`, `stats.count += 1`, `delete cache[key]`, `++totals.n`: the object's contents change.
    else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) addRootOf(node.left, false);
    else if (ts.isDeleteExpression(node)) addRootOf(node.expression, false);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) addRootOf(node.operand, false);
  });
  return { any, changing };
}

/** Methods of the standard collections and strings that only read their object. */
const READ_ONLY_METHODS = new Set([
  "has", "get", "includes", "indexOf", "lastIndexOf", "find", "findIndex", "findLast", "findLastIndex", "some", "every",
  "at", "slice", "keys", "values", "entries", "join", "concat", "map", "filter", "reduce", "reduceRight", "flatMap",
  "startsWith", "endsWith", "charAt", "charCodeAt", "codePointAt", "trim", "toLowerCase", "toUpperCase", "toString",
  "hasOwnProperty", "test",
]);

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * The conditions inside `body` that decide whether `node` runs: an `if`'s condition around it, a `?:`'s, the left
 * side of a `&&`/`||`/`??` whose right side holds it, a `switch`'s expression.
 */
function guardsWithin(node: ts.Node, body: ts.Node): ts.Expression[] {
  const guards: ts.Expression[] = [];
  for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) guards.push(parent.expression);
    else if (ts.isConditionalExpression(parent) && child !== parent.condition) guards.push(parent.condition);
    else if (ts.isBinaryExpression(parent) && child === parent.right && isShortCircuit(parent.operatorToken.kind)) guards.push(parent.left);
    else if (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) guards.push(parent.parent.parent.expression);
  }
  return guards;
}

/** The conditions of `if (...) continue;` in the loop's body: they decide whether an iteration gets to its awaits. */
function skipConditions(body: ts.Node): ts.Expression[] {
  const conditions: ts.Expression[] = [];
  walkTree(body, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    if (ts.isIfStatement(node) && [node.thenStatement, node.elseStatement].some((branch) => branch && endsInContinue(branch))) conditions.push(node.expression);
    return undefined;
  });
  return conditions;
}

function endsInContinue(statement: ts.Statement): boolean {
  if (ts.isContinueStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && ts.isContinueStatement(statement.statements[statement.statements.length - 1]);
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** Bindings of the iteration passed as themselves to a method of an object made outside the loop: `stage.add(page)`. */
function attachedToOuterObjects(
  body: ts.Node,
  awaitedCalls: ReadonlySet<ts.Node>,
  classifier: AwaitClassifier,
  isInsideLoop: (key: BindingKey) => boolean,
): Set<BindingKey> {
  const refs = classifier.refs;
  const keys = new Set<BindingKey>();
  walkTree(body, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    if (!ts.isCallExpression(node) || awaitedCalls.has(node) || node.arguments.length === 0 || classifier.isLoggingCall(node)) return undefined;
    const callee = skipTransparent(node.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
    const root = refs.rootOf(callee.expression);
    if (root === undefined || isInsideLoop(root)) return undefined;
    // The object itself, not a value read from it (`t.assert.ok(result.ok)` hands over a boolean).
    for (const argument of node.arguments) {
      const passed = skipTransparent(argument);
      if (!ts.isIdentifier(passed)) continue;
      const key = refs.keyOf(passed);
      if (isInsideLoop(key)) keys.add(key);
    }
    return undefined;
  });
  return keys;
}

/** True when the binding is declared inside `container` (a loop's own variables and its body's locals). */
export function declaredWithin(key: BindingKey, container: ts.Node, sourceFile: ts.SourceFile): boolean {
  const declaration = declarationOfBinding(key, "value-or-first");
  if (!declaration || declaration.getSourceFile() !== sourceFile) return false;
  // A `this` key is the function or class that binds it: inside the loop only when that is.
  return declaration.pos >= container.pos && declaration.end <= container.end && declaration !== container;
}

/**
 * `for (const p of pending) { const v = await p; ... }`: the loop awaits its own variable, promises that were all
 * started before the loop (an array of calls already made). Not when the body adds to what it iterates (a queue), or
 * in typed mode when the element type is known and not a promise. The await, or undefined.
 */
export function awaitedLoopPromise(loop: ts.ForOfStatement, classifier: AwaitClassifier, context: Context): ts.AwaitExpression | undefined {
  // As for the other loops, a `var` (one binding for the whole function, often read after the loop) is left alone.
  if (!forOfVariables(loop, classifier.refs)) return undefined;
  const name = (loop.initializer as ts.VariableDeclarationList).declarations[0].name;
  if (!ts.isIdentifier(name)) return undefined;
  const refs = classifier.refs;
  const variable = refs.keyOf(name);
  let found: ts.AwaitExpression | undefined;
  walkTree(loop.statement, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    if (ts.isAwaitExpression(node)) {
      const operand = skipTransparent(node.expression);
      if (ts.isIdentifier(operand) && refs.keyOf(operand) === variable) {
        found = node;
        return "stop";
      }
    }
  });
  if (!found) return undefined;
  const iterableRoot = refs.rootOf(loop.expression);
  if (iterableRoot !== undefined && (refs.writes(loop.statement).has(iterableRoot) || mutatedReceivers(loop.statement, new Set(), refs).any.has(iterableRoot))) return undefined;
  if (context.types?.isSettledValue(name)) return undefined;
  return found;
}

/**
 * `for (const thing of things) { await using resource = open(thing); ... }` with no other await: each iteration
 * waits for its resource's disposal (at the end of the block) before the next one starts. Reported when nothing else
 * in the body could tie iterations together: no exit, no write to outer state, no await. The declaration, or undefined.
 */
export function disposalOnlyLoop(loop: CheckedLoop, classifier: AwaitClassifier): ts.VariableDeclaration | undefined {
  const refs = classifier.refs;
  if (!(ts.isForOfStatement(loop) || ts.isForInStatement(loop)) || !forOfVariables(loop, refs)) return undefined;
  let disposed: ts.VariableDeclaration | undefined;
  let rejected = false;
  walkTree(loop.statement, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return "skip";
    switch (node.kind) {
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement:
      case ts.SyntaxKind.ReturnStatement:
      case ts.SyntaxKind.ThrowStatement:
      case ts.SyntaxKind.TryStatement:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
        rejected = true;
        return "stop";
      case ts.SyntaxKind.VariableDeclarationList:
        if ((node.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing) disposed ??= (node as ts.VariableDeclarationList).declarations[0];
        break;
    }
  });
  if (rejected || !disposed) return undefined;
  const isOuter = (key: BindingKey) => !declaredWithin(key, loop, loop.getSourceFile());
  if ([...refs.writes(loop.statement)].some(isOuter) || [...mutatedReceivers(loop.statement, new Set(), refs).any].some(isOuter)) return undefined;
  return disposed;
}
