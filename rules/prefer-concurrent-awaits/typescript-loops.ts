import ts from "typescript";
import { type BindingKey, declaredIdentifiers } from "../lang/typescript/references";
import { skipTransparent } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import { BATCH_ITERABLE_PATTERN } from "../knowledge/node-ordered";
import { type AwaitClassifier, type AwaitedCall, containsAwaitOrYield, type Context, isSessionName } from "./typescript-classify";

/** A loop whose iterations only read: each awaited call depends on the iteration variable and loop-invariant values. */
export interface IndependentLoop {
  loop: ts.ForOfStatement | ts.ForStatement;
  awaits: AwaitedCall[];
}

/**
 * Decides whether a `for...of` or counting `for` loop runs independent iterations one after another.
 * Anything that could make an iteration depend on an earlier one rejects the loop: an early exit,
 * a retry (`try`), a write to an outer variable the awaited calls read, an outer receiver, a discarded
 * (write) await, nested loops with awaits, `for await`.
 */
export function independentLoop(loop: ts.ForOfStatement | ts.ForStatement, classifier: AwaitClassifier, context: Context): IndependentLoop | undefined {
  const refs = classifier.refs;
  const loopVariables = ts.isForOfStatement(loop) ? forOfVariables(loop, refs) : countingForVariables(loop, refs);
  if (!loopVariables) return undefined;
  if (ts.isForOfStatement(loop) && BATCH_ITERABLE_PATTERN.test(loop.expression.getText(context.sourceFile))) return undefined;
  const body = loop.statement;

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
        // A `continue` before the first await cannot depend on an awaited value of this iteration.
        if ((node as ts.ContinueStatement).label || node.getStart(context.sourceFile) > firstAwaitAt) rejected = true;
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

  // Loop-carried state: outer bindings the body writes or mutates through a method call that the awaited
  // calls (or the loop's own header) read. A cursor, a counter, a `seen` set.
  const awaitedCalls = new Set<ts.Node>(awaits.map((a) => a.call));
  const written = new Set<BindingKey>();
  for (const key of refs.writes(body)) {
    if (loopVariables.includes(key)) return undefined;
    if (!isInsideLoop(key)) written.add(key);
  }
  for (const key of mutatedReceivers(body, awaitedCalls, refs)) if (!isInsideLoop(key)) written.add(key);
  if (written.size > 0) {
    for (const awaited of awaits) for (const key of classifier.readsOf(awaited.awaitExpression)) if (written.has(key)) return undefined;
    const header = ts.isForOfStatement(loop) ? [loop.expression] : [loop.condition];
    for (const part of header) if (part) for (const key of refs.reads(part)) if (written.has(key)) return undefined;
  }
  return { loop, awaits };
}

function forOfVariables(loop: ts.ForOfStatement, refs: AwaitClassifier["refs"]): BindingKey[] | undefined {
  if (loop.awaitModifier) return undefined;
  const list = loop.initializer;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return undefined;
  if (!(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)) || list.flags & ts.NodeFlags.Using) return undefined;
  return declaredIdentifiers(list.declarations[0].name).map((id) => refs.keyOf(id));
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

/** Receivers of the body's other method calls (`out.push(x)`, `seen.add(id)`), which may mutate them. */
function mutatedReceivers(body: ts.Node, awaitedCalls: ReadonlySet<ts.Node>, refs: AwaitClassifier["refs"]): Set<BindingKey> {
  const keys = new Set<BindingKey>();
  walkTree(body, (node) => {
    if (ts.isCallExpression(node) && !awaitedCalls.has(node)) {
      const callee = skipTransparent(node.expression);
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
        const root = refs.rootOf(callee.expression);
        if (root !== undefined) keys.add(root);
      }
    }
  });
  return keys;
}

/** True when the binding is declared inside `container` (a loop's own variables and its body's locals). */
export function declaredWithin(key: BindingKey, container: ts.Node, sourceFile: ts.SourceFile): boolean {
  if (typeof key === "string") return false;
  let declaration: ts.Node | undefined;
  if ("escapedName" in key) {
    const symbol = key as ts.Symbol;
    declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  } else {
    declaration = key as ts.Node;
  }
  if (!declaration || declaration.getSourceFile() !== sourceFile) return false;
  // A `this` key is the function or class that binds it: inside the loop only when that is.
  return declaration.pos >= container.pos && declaration.end <= container.end && declaration !== container;
}
