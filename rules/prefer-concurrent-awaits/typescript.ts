import ts from "typescript";
import { truncateForDisplay } from "../core/display";
import type { TsDetector } from "../lang/typescript/detector";
import { isAsyncFunction } from "../lang/typescript/async-context";
import { AwaitClassifier, containsAwaitOrYield } from "./typescript-classify";
import { loopFix, runFix } from "./typescript-fixes";
import { awaitedLoopPromise, type CheckedLoop, disposalOnlyLoop, independentLoop } from "./typescript-loops";
import { CONCURRENT_ALTERNATIVE, type PreferConcurrentAwaitsMessageId, type PreferConcurrentAwaitsOptions } from "./meta";
import { type CandidateItem, findRuns } from "./typescript-runs";

export const detectSerialAwaits: TsDetector<PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions> = (context) => {
  const classifier = new AwaitClassifier(context);
  const { sourceFile } = context;
  // A reported loop's rewrite moves its body into a Promise.all callback, where runs are not reported either.
  const reportedLoopBodies = new Set<ts.Node>();

  const checkStatements = (container: ts.Node, statements: readonly ts.Statement[]) => {
    // Cheap shape test first: most blocks do not hold two statements that await.
    if (statements.filter(isAwaitStatement).length < Math.max(2, context.options.minAwaits)) return;
    if (reportedLoopBodies.has(container) || !canAwait(container) || classifier.insideCombinator(container)) return;
    for (const run of findRuns(statements, classifier)) {
      const candidates = run.filter((item): item is CandidateItem => item.kind === "candidate");
      if (candidates.length < context.options.minAwaits) continue;
      const first = candidates[0].call.awaitExpression;
      context.report({
        range: { start: first.getStart(sourceFile), end: first.end },
        messageId: "serialAwaits",
        data: { count: candidates.length, alternative: CONCURRENT_ALTERNATIVE.typescript.awaits },
        related: candidates.slice(1).map((c, i) => ({
          range: { start: c.call.awaitExpression.getStart(sourceFile), end: c.call.awaitExpression.end },
          message: `Independent await ${i + 2} of ${candidates.length}: uses no result of the awaits before it.`,
        })),
        fixes: () => {
          const fix = runFix(context, classifier, run);
          return fix ? [fix] : [];
        },
      });
    }
  };

  const checkLoop = (node: ts.Node) => {
    if (!context.options.checkLoops) return;
    const loop = node as CheckedLoop;
    const awaitsInBody = containsAwaitOrYield(loop.statement);
    // `await using` disposes at the end of each iteration without an await expression.
    if (!awaitsInBody && !/\bawait\s+using\b/.test(loop.statement.getText(sourceFile))) return;
    if (!canAwait(loop) || classifier.insideCombinator(loop)) return;
    const pending = ts.isForOfStatement(loop) ? awaitedLoopPromise(loop, classifier, context) : undefined;
    if (pending) {
      const keyword = loop.getStart(sourceFile);
      context.report({
        range: { start: pending.getStart(sourceFile), end: pending.end },
        messageId: "pendingInOrder",
        data: { name: `\`${shorten(pending.expression.getText(sourceFile))}\``, alternative: CONCURRENT_ALTERNATIVE.typescript.loop },
        related: [{ range: { start: keyword, end: keyword + 3 }, message: "The promises iterated here are all running while the loop waits for one of them." }],
      });
      return;
    }
    const disposed = disposalOnlyLoop(loop, classifier);
    if (disposed) {
      const keyword = loop.getStart(sourceFile);
      context.report({
        range: { start: disposed.parent.getStart(sourceFile), end: disposed.end },
        messageId: "serialLoop",
        data: { callee: `the disposal of \`${shorten(disposed.name.getText(sourceFile))}\``, alternative: CONCURRENT_ALTERNATIVE.typescript.loop },
        related: [{ range: { start: keyword, end: keyword + 3 }, message: "The loop waits for each iteration's disposal before starting the next." }],
      });
      return;
    }
    if (!awaitsInBody) return;
    const found = independentLoop(loop, classifier, context);
    if (!found) return;
    reportedLoopBodies.add(loop.statement);
    const [first, ...others] = found.awaits;
    const keyword = loop.getStart(sourceFile);
    context.report({
      range: { start: first.awaitExpression.getStart(sourceFile), end: first.awaitExpression.end },
      messageId: "serialLoop",
      data: { callee: `\`${shorten(first.calleeText)}\``, alternative: CONCURRENT_ALTERNATIVE.typescript.loop },
      related: [
        { range: { start: keyword, end: keyword + 3 }, message: "The loop waits for each iteration's awaits before starting the next." },
        ...others.map((a) => ({ range: { start: a.awaitExpression.getStart(sourceFile), end: a.awaitExpression.end }, message: "Also awaited in every iteration." })),
      ],
      fixes: () => {
        const fix = loopFix(context, classifier, found);
        return fix ? [fix] : [];
      },
    });
  };

  return {
    [ts.SyntaxKind.SourceFile]: (node) => checkStatements(node, (node as ts.SourceFile).statements),
    [ts.SyntaxKind.Block]: (node) => checkStatements(node, (node as ts.Block).statements),
    [ts.SyntaxKind.CaseClause]: (node) => checkStatements(node, (node as ts.CaseClause).statements),
    [ts.SyntaxKind.DefaultClause]: (node) => checkStatements(node, (node as ts.DefaultClause).statements),
    [ts.SyntaxKind.ForOfStatement]: checkLoop,
    [ts.SyntaxKind.ForStatement]: checkLoop,
    [ts.SyntaxKind.ForInStatement]: checkLoop,
    [ts.SyntaxKind.WhileStatement]: checkLoop,
  };
};

/** `const a = await f()`, `a = await f()`, `await f();`: the statement shapes a run is made of. */
function isAwaitStatement(statement: ts.Statement): boolean {
  let expression: ts.Expression | undefined;
  if (ts.isVariableStatement(statement)) expression = statement.declarationList.declarations[0]?.initializer;
  else if (ts.isExpressionStatement(statement)) {
    expression = statement.expression;
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) expression = expression.right;
  }
  while (expression && ts.isParenthesizedExpression(expression)) expression = expression.expression;
  return !!expression && ts.isAwaitExpression(expression);
}

/** Code where `await` is valid: directly in an async function's body, or at the top level of a module. */
function canAwait(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return isAsyncFunction(current);
    if (ts.isClassStaticBlockDeclaration(current) || ts.isClassLike(current)) return false;
  }
  return true;
}

function shorten(text: string): string {
  const compact = text.replace(/\s+/g, "");
  return truncateForDisplay(compact);
}


