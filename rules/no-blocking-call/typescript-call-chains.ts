// Blocking calls reached through synchronous helper functions: `await handler()` → `loadTemplate()` →
// `readConfig()` → `fs.readFileSync`. Each synchronous function gets a summary (does it block, and by which
// path); the summaries engine keeps them per function node, valid while the files they looked at are unchanged.
import ts from "typescript";
import { FunctionSummaries, type SharedSummaries } from "../core/summaries";
import type { ProjectSources } from "../core/sources";
import type { BlockingCallSpec } from "../knowledge/node-blocking";
import { AsyncContextFinder } from "../lang/typescript/async-context";
import { TsCrossFileCallees, type FunctionWithBody, isAsyncOrGenerator } from "../lang/typescript/calls";
import { skipTransparent, type TsResolver } from "../lang/typescript/resolve";
import type { TypeQuestions } from "../lang/typescript/type-questions";
import { walkTree } from "../lang/typescript/walk";
import { bestChain, type Chain } from "./chains";
import { type BlockingMatch, matchBlockingCall } from "./typescript-match";

/** A path to a blocking call; a cache guard is `if (!cache) cache = readFileSync(...)`, `cache ??= f()`. */
export interface BlockingChain extends Chain<FunctionWithBody, ts.CallExpression> {
  match: BlockingMatch;
}

const ALLOW_TAG = "@async-lint-allow-blocking";
/** Summaries outlive one lint: a helper in another file is summarized once while that file is unchanged. */
const summaryEntries: SharedSummaries<FunctionWithBody, BlockingChain | null, ts.SourceFile>["entries"] = new WeakMap();

export interface CallChainOptions {
  table: readonly BlockingCallSpec[];
  maxDepth: number;
  resolver: TsResolver;
  types?: TypeQuestions;
  program?: ts.Program;
  sources?: ProjectSources;
  /** The file being linted (its current parse). */
  sourceFile: ts.SourceFile;
}

export class CallChainAnalyzer {
  private readonly inline: AsyncContextFinder;
  private readonly callees: TsCrossFileCallees;
  private readonly summaries: FunctionSummaries<FunctionWithBody, BlockingChain | null, ts.SourceFile>;

  constructor(private readonly options: CallChainOptions) {
    this.inline = new AsyncContextFinder((id) => options.resolver.isGlobal(id));
    this.callees = new TsCrossFileCallees(options);
    this.summaries = new FunctionSummaries({
      maxDepth: options.maxDepth,
      // A chain found while a path was cut short is kept: the caller checks it fits the depth left.
      reuse: { policy: "complete-or-found", found: (chain: BlockingChain | null) => chain !== null },
      shared: {
        entries: summaryEntries,
        // The whole table: two configurations with custom tables of the same length must not share summaries.
        key: JSON.stringify([options.maxDepth, options.table, !!options.types]),
        isCurrent: (file) => this.isCurrent(file),
      },
    });
  }

  /** The blocking chain behind a call made in async code, if the callee is a synchronous helper that blocks. */
  chainOfCall(call: ts.CallExpression): BlockingChain | undefined {
    const helper = this.helperCalledBy(call);
    if (!helper) return undefined;
    const chain = this.summaries.summarize(helper, 1, this.summarize);
    return chain && chain.functions.length <= this.options.maxDepth ? chain : undefined;
  }

  /** The best blocking path through `fn`'s calls, entered at `depth`. */
  private readonly summarize = (fn: FunctionWithBody, depth: number): BlockingChain | null => {
    this.summaries.read(fn.getSourceFile());
    if (hasAllowTag(fn)) return null;
    return bestChain(fn, this.callsRunBy(fn), depth, this.options.maxDepth, {
      direct: (call) => {
        const callee = this.options.resolver.resolve(call.expression);
        const match = callee && matchBlockingCall(this.options.table, callee, call);
        return match ? { functions: [fn], calls: [call], match, guardedByCache: isGuardedByCache(call, fn) } : undefined;
      },
      helperCalledBy: (call) => this.helperCalledBy(call),
      summaryOf: (helper) => this.summaries.summarize(helper, depth + 1, this.summarize),
      isGuardedByCache: (call) => isGuardedByCache(call, fn),
      dependsOnDepth: () => this.summaries.dependsOnDepth(),
    });
  };

  private isCurrent(file: ts.SourceFile): boolean {
    if (file === this.options.sourceFile) return true;
    if (this.options.program) return this.options.program.getSourceFile(file.fileName) === file;
    return this.options.sources?.sourceFile(file.fileName) === file;
  }

  /** Calls that run when the function runs: its body, and callbacks in it that run inline (`.map(...)`). */
  private callsRunBy(fn: FunctionWithBody): ts.CallExpression[] {
    const calls: ts.CallExpression[] = [];
    if (!fn.body) return calls;
    walkTree(fn.body, (node) => {
      if (node !== fn.body && ts.isFunctionLike(node)) {
        const nested = node as ts.FunctionLikeDeclaration;
        if (!this.inline.runsInline(nested) || isAsyncOrGenerator(nested)) return "skip";
      }
      if (ts.isClassLike(node)) return "skip";
      if (ts.isCallExpression(node)) calls.push(node);
    });
    return calls;
  }

  /** The synchronous function a call invokes, when it is one we can see the body of. */
  private helperCalledBy(call: ts.CallExpression): FunctionWithBody | undefined {
    const fn = this.callees.functionCalledBy(call.expression);
    return fn && !isAsyncOrGenerator(fn) && fn.body ? fn : undefined;
  }
}

/** A `/** @async-lint-allow-blocking reason *\/` JSDoc tag on the function (or on its `const` for arrows). */
function hasAllowTag(fn: FunctionWithBody): boolean {
  let holder: ts.Node = fn;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent)) holder = fn.parent.parent.parent;
  const file = fn.getSourceFile();
  const comments = ts.getLeadingCommentRanges(file.text, holder.pos) ?? [];
  return comments.some((c) => file.text.slice(c.pos, c.end).includes(ALLOW_TAG));
}

/**
 * True when the blocking call only runs while a cache is empty: `if (!cache) cache = f()`,
 * `cache ??= f()`, `cache ||= f()`, `if (!map.has(k)) map.set(k, f())`. It still blocks, the first time.
 */
export function isGuardedByCache(call: ts.CallExpression, fn: ts.Node, caller?: ts.Node): boolean {
  // A closure's cache declared in the async function that made it (`let memo; const get = () => (memo ??= ...)`)
  // lives for one call of that function: every call of it fills the cache again.
  const enclosing = caller && caller !== fn && caller.getSourceFile() === fn.getSourceFile() && caller.pos <= fn.pos && fn.end <= caller.end ? caller : undefined;
  const outlivesEnclosing = (target: ts.Expression) => !enclosing || outlivesCall(target, enclosing);
  const outlives = (target: ts.Expression) => outlivesCall(target, fn) && outlivesEnclosing(target);
  if (isAfterEarlyReturnOnFlag(call, fn, outlives, outlivesEnclosing)) return true;
  for (let node: ts.Node = call; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === node &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken) &&
      outlives(parent.left)
    ) {
      return true;
    }
    // A local or parameter filled when empty is reset on every call: no cache.
    if (ts.isIfStatement(parent) && parent.thenStatement === node) {
      const target = emptinessTarget(parent.expression);
      if (target && outlives(target.node) && assignsTo(parent.thenStatement, target)) return true;
    }
  }
  return false;
}

const normalized = (node: ts.Node) => node.getText().replace(/\s+/g, "");

/**
 * `if (this.loaded) return; ...blocking work...; this.loaded = true;`: the work runs only until a flag that outlives
 * the call is set (a property of `this` or of an object, or a variable declared outside the function). The flag may
 * be read into a local first: `const cached = byLang[lang]; if (cached) return cached; ... byLang[lang] = found`, or
 * `let result = cache.get(key); if (result !== undefined) return result; ... cache.set(key, result)`.
 */
function isAfterEarlyReturnOnFlag(
  call: ts.CallExpression,
  fn: ts.Node,
  outlives: (target: ts.Expression) => boolean,
  outlivesEnclosing: (target: ts.Expression) => boolean,
): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body)) return false;
  const statementOfCall = body.statements.find((statement) => statement.pos <= call.pos && call.end <= statement.end);
  if (!statementOfCall) return false;
  const earlier = body.statements.slice(0, body.statements.indexOf(statementOfCall));
  for (const statement of earlier) {
    if (!ts.isIfStatement(statement) || statement.elseStatement || !onlyReturns(statement.thenStatement)) continue;
    const flag = fullnessChecked(statement.expression);
    if (!flag) continue;
    if (ts.isPropertyAccessExpression(flag) || (ts.isIdentifier(flag) && !declaredWithin(flag, fn))) {
      if (outlivesEnclosing(flag) && assignsTo(body, { text: normalized(flag), viaMapHas: false })) return true;
      continue;
    }
    const cache = ts.isIdentifier(flag) ? cacheReadInto(flag, earlier, outlives) : undefined;
    if (cache && assignsTo(body, cache)) return true;
  }
  return false;
}

/** What a condition checks to be filled: `x`, `x !== undefined`, `x != null`, `x !== null` (→ `x`). */
function fullnessChecked(condition: ts.Expression): ts.Expression | undefined {
  const expr = skipTransparent(condition);
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) return expr;
  if (!ts.isBinaryExpression(expr)) return undefined;
  const op = expr.operatorToken.kind;
  if (op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
  const isNullish = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
  const checked = isNullish(expr.right) ? expr.left : isNullish(expr.left) ? expr.right : undefined;
  return checked && skipTransparent(checked);
}

/**
 * The cache a local was read from, in the statements before the guard: `const cached = byLang[lang]` (→ the element,
 * filled by assigning it) or `let result = cache.get(key)` (→ the map, filled by `set`), when the object outlives
 * the call (declared outside the function, or `this`).
 */
function cacheReadInto(local: ts.Identifier, statements: readonly ts.Statement[], outlives: (target: ts.Expression) => boolean): { text: string; viaMapHas: boolean } | undefined {
  for (const statement of statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== local.text || !declaration.initializer) continue;
      const read = skipTransparent(declaration.initializer);
      if ((ts.isElementAccessExpression(read) || ts.isPropertyAccessExpression(read)) && outlives(read.expression)) return { text: normalized(read), viaMapHas: false };
      if (ts.isCallExpression(read) && ts.isPropertyAccessExpression(read.expression) && read.expression.name.text === "get" && outlives(read.expression.expression)) {
        return { text: normalized(read.expression.expression), viaMapHas: true };
      }
      return undefined;
    }
  }
  return undefined;
}

/** An object reached from `this` or from a name declared outside the function. */
function outlivesCall(object: ts.Expression, fn: ts.Node): boolean {
  let root = skipTransparent(object);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipTransparent(root.expression);
  return root.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(root) && !declaredWithin(root, fn));
}

function onlyReturns(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length === 1 && ts.isReturnStatement(statement.statements[0]);
}

/** A parameter or local of `fn` of that name: reset on every call, so no cache. */
function declaredWithin(id: ts.Identifier, fn: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === id.text) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** What an `if` condition checks to be empty: `!x`, `x === undefined`, `x == null`, `!m.has(k)` (→ `m`). */
function emptinessTarget(condition: ts.Expression): { text: string; viaMapHas: boolean; node: ts.Expression } | undefined {
  const expr = skipTransparent(condition);
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipTransparent(expr.operand);
    if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === "has") {
      return { text: normalized(operand.expression.expression), viaMapHas: true, node: operand.expression.expression };
    }
    return { text: normalized(operand), viaMapHas: false, node: operand };
  }
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    const equality = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const isNullish = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
    if (equality && isNullish(expr.right)) return { text: normalized(expr.left), viaMapHas: false, node: expr.left };
    if (equality && isNullish(expr.left)) return { text: normalized(expr.right), viaMapHas: false, node: expr.right };
  }
  return undefined;
}

function assignsTo(branch: ts.Node, target: { text: string; viaMapHas: boolean }): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (!target.viaMapHas && ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && normalized(node.left) === target.text) {
      found = true;
      return;
    }
    if (target.viaMapHas && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "set" && normalized(node.expression.expression) === target.text) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(branch);
  return found;
}
