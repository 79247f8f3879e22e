import ts from "typescript";
import { nodeBlockingSpec } from "../knowledge/api-match";
import { truncateForDisplay } from "../core/display";
import { CLOCK_READS, NODE_BLOCKING_CALLS } from "../knowledge/node-blocking";
import type { AsyncContext } from "../lang/typescript/async-context";
import { describeFunction, describeLocation, functionName } from "../lang/typescript/calls";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { skipTransparent } from "../lang/typescript/resolve";
import { type BlockingChain, CallChainAnalyzer, isGuardedByCache } from "./typescript-call-chains";
import { fixesFor } from "./typescript-fixes";
import type { NoBlockingCallMessageId, NoBlockingCallOptions } from "./meta";
import { type BlockingMatch, matchBlockingCall } from "./typescript-match";

type Context = TsRuleContext<NoBlockingCallMessageId, NoBlockingCallOptions>;

export const detectBlockingCalls: TsDetector<NoBlockingCallMessageId, NoBlockingCallOptions> = (context) => {
  const table = [...NODE_BLOCKING_CALLS, ...context.options.blocking.map(nodeBlockingSpec)];
  const { analysis } = context;

  const checkCall = (node: ts.Node) => {
    const call = node as ts.CallExpression;
    const asyncContext = analysis.asyncContexts.contextOf(call);
    if (!asyncContext) return;
    const callee = analysis.resolver.resolve(call.expression);
    const match = callee && matchBlockingCall(table, callee, call);
    if (match) {
      report(context, call, match, asyncContext);
      return;
    }
    // `fs.readFileSync.call(fs, path)`, `readFileSync.apply(null, args)`: the same call, its arguments shifted.
    const invoked = functionInvokedThroughCallOrApply(call);
    if (invoked) {
      const target = analysis.resolver.resolve(invoked);
      const viaCallOrApply = target && matchBlockingCall(table, target, undefined);
      if (viaCallOrApply) {
        report(context, call, viaCallOrApply, asyncContext, invoked);
        return;
      }
    }
    if (!context.options.followCalls) return;
    chains ??= new CallChainAnalyzer({
      table,
      maxDepth: context.options.maxDepth,
      resolver: analysis.resolver,
      types: context.types,
      program: context.program,
      sources: context.sources,
      sourceFile: context.sourceFile,
    });
    const chain = chains.chainOfCall(call);
    if (chain) reportChain(context, call, chain, asyncContext);
  };
  let chains: CallChainAnalyzer | undefined;

  const checkLoop = (node: ts.Node) => {
    const loop = node as ts.WhileStatement | ts.DoStatement | ts.ForStatement;
    if (!isBusyWait(loop, context)) return;
    const asyncContext = analysis.asyncContexts.contextOf(loop);
    if (!asyncContext) return;
    const keyword = loop.getStart(context.sourceFile);
    context.report({
      range: { start: keyword, end: keyword + (ts.isForStatement(loop) ? 3 : ts.isDoStatement(loop) ? 2 : 5) },
      messageId: "busyWait",
      data: { context: describeFunction(asyncContext.asyncFunction, context.sourceFile) },
    });
  };

  return {
    [ts.SyntaxKind.CallExpression]: checkCall,
    [ts.SyntaxKind.WhileStatement]: checkLoop,
    [ts.SyntaxKind.DoStatement]: checkLoop,
    [ts.SyntaxKind.ForStatement]: checkLoop,
  };
};

/** The function `f` of `f.call(...)` / `f.apply(...)`. */
function functionInvokedThroughCallOrApply(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== "call" && callee.name.text !== "apply")) return undefined;
  return callee.expression;
}

/** `invoked` is set for `f.call(...)` / `f.apply(...)`: the finding names `f`, and no fix is offered (the arguments differ). */
function report(context: Context, call: ts.CallExpression, match: BlockingMatch, asyncContext: AsyncContext, invoked?: ts.Expression): void {
  const sourceFile = context.sourceFile;
  const callee = skipTransparent(invoked ?? call.expression);
  const calleeText = callee.getText(sourceFile).replace(/\s+/g, "");
  const data = {
    callee: truncateForDisplay(calleeText),
    context: describeFunction(asyncContext.asyncFunction, sourceFile),
    reason: match.spec.reason,
    replacement: match.spec.replacement.replace(/\{\{base\}\}/g, match.base),
    callback: describeCallback(asyncContext.inlineCallbacks[0]),
  };
  const inline = asyncContext.inlineCallbacks.length > 0;
  // `if (!initialized) { init(readFileSync(...)); initialized = true; }`: blocks on the first call only.
  const firstCallOnly = !inline && isGuardedByCache(call, asyncContext.asyncFunction);
  context.report({
    range: { start: callee.getStart(sourceFile), end: callee.end },
    messageId: inline ? "blockingCallInCallback" : firstCallOnly ? "blockingCallFirstCall" : "blockingCall",
    severity: firstCallOnly ? "info" : undefined,
    data,
    fixes: inline || invoked ? undefined : () => fixesFor(context, call, match),
    maySafelyFix: !inline && !invoked && match.spec.fix === "fs-promises",
  });
}

/** A call to a synchronous helper that blocks, somewhere down its calls. No fix: the helper needs an async version. */
function reportChain(context: Context, call: ts.CallExpression, chain: BlockingChain, asyncContext: AsyncContext): void {
  const sourceFile = context.sourceFile;
  const callee = skipTransparent(call.expression);
  const blockingCall = chain.calls[chain.calls.length - 1];
  const api = skipTransparent(blockingCall.expression).getText(blockingCall.getSourceFile()).replace(/\s+/g, "");
  const via = chain.functions.slice(1).map((fn) => `${helperName(fn)}()`);
  const related = chain.calls.map((hop, index) => {
    const file = hop.getSourceFile();
    const isLast = index === chain.calls.length - 1;
    const target = skipTransparent(hop.expression);
    return {
      range: { start: target.getStart(file), end: target.end },
      filePath: file === sourceFile ? undefined : file.fileName,
      text: file === sourceFile ? undefined : file.text,
      message: isLast
        ? `${helperName(chain.functions[index])}() blocks here: \`${api}\` ${chain.match.spec.reason}`
        : `${helperName(chain.functions[index])}() calls ${helperName(chain.functions[index + 1])}()`,
    };
  });
  const text = callee.getText(sourceFile).replace(/\s+/g, "");
  // A cache may guard the helper's blocking call, or this call of the helper (`if (cached) return cached` before it);
  // not a closure's cache declared in this async function, which each of its calls fills again.
  const asyncFunction = asyncContext.asyncFunction;
  const helperCached = chain.guardedByCache && chain.functions.some((fn, i) => isGuardedByCache(chain.calls[i], fn, asyncFunction));
  const firstCallOnly = helperCached || (asyncContext.inlineCallbacks.length === 0 && isGuardedByCache(call, asyncFunction));
  context.report({
    range: { start: callee.getStart(sourceFile), end: callee.end },
    messageId: firstCallOnly ? "blockingHelperFirstCall" : "blockingHelper",
    data: {
      callee: truncateForDisplay(text),
      context: describeFunction(asyncContext.asyncFunction, sourceFile),
      api,
      location: describeLocation(blockingCall, sourceFile.fileName),
      via: via.length > 0 ? ` via ${via.join(" → ")}` : "",
    },
    related,
    severity: firstCallOnly ? "info" : undefined,
  });
}

function helperName(fn: BlockingChain["functions"][number]): string {
  return functionName(fn) ?? "(anonymous)";
}

function describeCallback(callback: ts.FunctionLikeDeclaration | undefined): string {
  if (!callback) return "callback";
  let parent = callback.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (ts.isNewExpression(parent)) return "Promise executor";
  if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression)) return `\`.${parent.expression.name.text}\` callback`;
  return "callback";
}

/** A loop whose condition reads a clock and whose body does nothing: it only burns time. */
function isBusyWait(loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement, context: Context): boolean {
  if (!isEmptyBody(loop.statement)) return false;
  if (ts.isForStatement(loop) && loop.incrementor) return false;
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (!condition) return false;
  let readsClock = false;
  const visit = (node: ts.Node): void => {
    if (readsClock) return;
    if (ts.isCallExpression(node)) {
      const callee = context.analysis.resolver.resolve(node.expression);
      if (callee?.kind === "module" && CLOCK_READS.some((c) => c.module === callee.module && c.path.join(".") === callee.path.join("."))) {
        readsClock = true;
        return;
      }
      // `new Date().getTime()` / `new Date().valueOf()`
      const target = skipTransparent(node.expression);
      if (ts.isPropertyAccessExpression(target) && (target.name.text === "getTime" || target.name.text === "valueOf") && isNewDate(target.expression, context)) {
        readsClock = true;
        return;
      }
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.PlusToken && isNewDate(node.operand, context)) {
      readsClock = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(condition);
  return readsClock;
}

function isNewDate(expression: ts.Expression, context: Context): boolean {
  const expr = skipTransparent(expression);
  if (!ts.isNewExpression(expr) || (expr.arguments && expr.arguments.length > 0)) return false;
  const callee = context.analysis.resolver.resolve(expr.expression);
  return callee?.kind === "module" && callee.path.length === 1 && callee.path[0] === "Date" && callee.module === "globalThis";
}

function isEmptyBody(statement: ts.Statement): boolean {
  return ts.isEmptyStatement(statement) || (ts.isBlock(statement) && statement.statements.every((s) => ts.isEmptyStatement(s)));
}
