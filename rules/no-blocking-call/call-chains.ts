// Blocking calls reached through synchronous helper functions: `await handler()` → `loadTemplate()` →
// `readConfig()` → `fs.readFileSync`. Each synchronous function gets a summary (does it block, and by which
// path); summaries are cached per function node and stay valid while the files they looked at are unchanged.
import * as path from "node:path";
import ts from "typescript";
import type { BlockingCallSpec } from "../knowledge/node-blocking";
import { AsyncContextFinder } from "../lang/typescript/async-context";
import { type ProjectSources, resolveRelativeImport } from "../lang/typescript/project-files";
import { skipTransparent, type TsResolver } from "../lang/typescript/resolve";
import { type BlockingMatch, matchBlockingCall } from "./typescript";

type HelperFunction = ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;

export interface BlockingChain {
  /** The helpers, from the one called in async code down to the one that makes the blocking call. */
  functions: HelperFunction[];
  /** `calls[i]` is the call inside `functions[i]` that leads on; the last one is the blocking API call. */
  calls: ts.CallExpression[];
  match: BlockingMatch;
  /** Every blocking path found runs only while a cache is empty (`if (!cache) cache = readFileSync(...)`). */
  guardedByCache: boolean;
}

interface CachedSummary {
  chain: BlockingChain | null;
  /** Files the summary read; it is valid while each is still the current version of its path. */
  files: ts.SourceFile[];
  key: string;
}

const ALLOW_TAG = "@async-lint-allow-blocking";
const summaries = new WeakMap<ts.Node, CachedSummary>();

export interface CallChainOptions {
  table: readonly BlockingCallSpec[];
  maxDepth: number;
  resolver: TsResolver;
  checker?: ts.TypeChecker;
  program?: ts.Program;
  sources?: ProjectSources;
  /** The file being linted (its current parse). */
  sourceFile: ts.SourceFile;
}

export class CallChainAnalyzer {
  private readonly inline: AsyncContextFinder;
  private readonly inProgress = new Set<ts.Node>();
  private readonly key: string;

  constructor(private readonly options: CallChainOptions) {
    this.inline = new AsyncContextFinder((id) => options.resolver.isGlobal(id));
    this.key = JSON.stringify([options.maxDepth, options.table.length, !!options.checker]);
  }

  /** The blocking chain behind a call made in async code, if the callee is a synchronous helper that blocks. */
  chainOfCall(call: ts.CallExpression): BlockingChain | undefined {
    const helper = this.helperCalledBy(call);
    if (!helper) return undefined;
    const chain = this.summary(helper, 1)?.chain;
    return chain && chain.functions.length <= this.options.maxDepth ? chain : undefined;
  }

  private summary(fn: HelperFunction, depth: number): { chain: BlockingChain | null; files: Set<ts.SourceFile> } | undefined {
    const cached = summaries.get(fn);
    if (cached && cached.key === this.key && cached.files.every((file) => this.isCurrent(file))) {
      return { chain: cached.chain, files: new Set(cached.files) };
    }
    if (this.inProgress.has(fn)) return undefined; // recursion: the cycle adds nothing new
    if (depth > this.options.maxDepth) return undefined;
    this.inProgress.add(fn);
    const files = new Set<ts.SourceFile>([fn.getSourceFile()]);
    let best: BlockingChain | null = null;
    let complete = true;
    if (!hasAllowTag(fn)) {
      for (const call of this.callsRunBy(fn)) {
        let chain: BlockingChain | null = null;
        const callee = this.options.resolver.resolve(call.expression);
        const match = callee && matchBlockingCall(this.options.table, callee, call);
        if (match) {
          chain = { functions: [fn], calls: [call], match, guardedByCache: isGuardedByCache(call, fn) };
        } else {
          const helper = this.helperCalledBy(call);
          const inner = helper ? this.summary(helper, depth + 1) : undefined;
          if (helper && !inner) complete = false;
          if (inner) for (const file of inner.files) files.add(file);
          // A cached summary may be longer than the depth left from here.
          const fits = !!inner?.chain && depth + inner.chain.functions.length <= this.options.maxDepth;
          if (inner?.chain && !fits) complete = false; // depends on the depth it was entered at: not cacheable
          if (inner?.chain && fits) {
            chain = {
              functions: [fn, ...inner.chain.functions],
              calls: [call, ...inner.chain.calls],
              match: inner.chain.match,
              guardedByCache: inner.chain.guardedByCache || isGuardedByCache(call, fn),
            };
          }
        }
        if (chain && (!best || isBetter(chain, best))) best = chain;
        if (best && !best.guardedByCache && best.functions.length === 1) break;
      }
    }
    this.inProgress.delete(fn);
    // A summary cut short by recursion or the depth limit depends on where it was entered: do not cache it.
    if (complete || best) summaries.set(fn, { chain: best, files: [...files], key: this.key });
    return { chain: best, files };
  }

  private isCurrent(file: ts.SourceFile): boolean {
    if (file === this.options.sourceFile) return true;
    if (this.options.program) return this.options.program.getSourceFile(file.fileName) === file;
    return this.options.sources?.sourceFile(file.fileName) === file;
  }

  /** Calls that run when the function runs: its body, and callbacks in it that run inline (`.map(...)`). */
  private *callsRunBy(fn: HelperFunction): Generator<ts.CallExpression> {
    if (!fn.body) return;
    const stack: ts.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== fn.body && ts.isFunctionLike(node)) {
        const nested = node as ts.FunctionLikeDeclaration;
        if (!this.inline.runsInline(nested) || isAsyncOrGenerator(nested)) continue;
      }
      if (ts.isClassLike(node)) continue;
      if (ts.isCallExpression(node)) yield node;
      const children: ts.Node[] = [];
      ts.forEachChild(node, (child) => {
        children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  /** The synchronous function a call invokes, when it is one we can see the body of. */
  private helperCalledBy(call: ts.CallExpression): HelperFunction | undefined {
    const callee = skipTransparent(call.expression);
    const declaration = this.options.checker ? this.declarationWithChecker(callee) : this.declarationWithoutTypes(callee);
    const fn = declaration && functionOfDeclaration(declaration);
    if (!fn || isAsyncOrGenerator(fn) || !fn.body || fn.getSourceFile().isDeclarationFile) return undefined;
    return fn;
  }

  private declarationWithChecker(callee: ts.Expression): ts.Node | undefined {
    const checker = this.options.checker!;
    const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = checker.getSymbolAtLocation(target);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  private declarationWithoutTypes(callee: ts.Expression): ts.Node | undefined {
    if (ts.isIdentifier(callee)) {
      const declaration = this.options.resolver.declarationOf(callee);
      if (declaration === "global") return undefined;
      if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) return this.importedDeclaration(declaration);
      return declaration;
    }
    // `this.helper()` inside a class: the method of that class.
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = enclosingClassOfThis(callee);
      return owner?.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === callee.name.text);
    }
    return undefined;
  }

  /** Follows a relative import into another file of the lint set (syntax mode). */
  private importedDeclaration(declaration: ts.ImportSpecifier | ts.ImportClause, hops = 0): ts.Node | undefined {
    const importDeclaration = ts.isImportClause(declaration) ? declaration.parent : declaration.parent.parent.parent;
    if (!ts.isImportDeclaration(importDeclaration) || !ts.isStringLiteralLike(importDeclaration.moduleSpecifier)) return undefined;
    const name = ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text;
    return this.exportedDeclaration(importDeclaration.getSourceFile().fileName, importDeclaration.moduleSpecifier.text, name, hops);
  }

  private exportedDeclaration(fromFile: string, specifier: string, name: string, hops: number): ts.Node | undefined {
    const sources = this.options.sources;
    if (!sources || hops > 4) return undefined;
    const target = resolveRelativeImport(fromFile, specifier, (candidate) => !!sources.sourceFile(candidate));
    const file = target ? sources.sourceFile(target) : undefined;
    if (!file) return undefined;
    for (const statement of file.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (exported && ts.isFunctionDeclaration(statement) && (isDefault ? name === "default" : statement.name?.text === name)) return statement;
      if (exported && ts.isVariableStatement(statement)) {
        const match = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (match) return match;
      }
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        if (!element) continue;
        const local = (element.propertyName ?? element.name).text;
        if (statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier)) {
          return this.exportedDeclaration(file.fileName, statement.moduleSpecifier.text, local, hops + 1);
        }
        return localDeclaration(file, local);
      }
    }
    return undefined;
  }
}

/** An unconditional path beats one that only runs while a cache is empty; then the shorter path wins. */
function isBetter(candidate: BlockingChain, current: BlockingChain): boolean {
  if (candidate.guardedByCache !== current.guardedByCache) return !candidate.guardedByCache;
  return candidate.functions.length < current.functions.length;
}

function localDeclaration(file: ts.SourceFile, name: string): ts.Node | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (ts.isVariableStatement(statement)) {
      const match = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
      if (match) return match;
    }
  }
  return undefined;
}

function enclosingClassOfThis(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    // Arrow functions keep the class's `this`; other functions rebind it.
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

function functionOfDeclaration(declaration: ts.Node): HelperFunction | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

function isAsyncOrGenerator(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.asteriskToken || !!ts.getModifiers(fn as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** A `/** @async-lint-allow-blocking reason *\/` JSDoc tag on the function (or on its `const` for arrows). */
function hasAllowTag(fn: HelperFunction): boolean {
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
export function isGuardedByCache(call: ts.CallExpression, fn: ts.Node): boolean {
  for (let node: ts.Node = call; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === node &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken)
    ) {
      return true;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === node) {
      const target = emptinessTarget(parent.expression);
      if (target && assignsTo(parent.thenStatement, target)) return true;
    }
  }
  return false;
}

const normalized = (node: ts.Node) => node.getText().replace(/\s+/g, "");

/** What an `if` condition checks to be empty: `!x`, `x === undefined`, `x == null`, `!m.has(k)` (→ `m`). */
function emptinessTarget(condition: ts.Expression): { text: string; viaMapHas: boolean } | undefined {
  const expr = skipTransparent(condition);
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipTransparent(expr.operand);
    if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === "has") {
      return { text: normalized(operand.expression.expression), viaMapHas: true };
    }
    return { text: normalized(operand), viaMapHas: false };
  }
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    const equality = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const isNullish = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
    if (equality && isNullish(expr.right)) return { text: normalized(expr.left), viaMapHas: false };
    if (equality && isNullish(expr.left)) return { text: normalized(expr.right), viaMapHas: false };
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

/** `file.ts:12`, relative to the file of the finding when in another folder. */
export function describeLocation(node: ts.Node, fromFile: string): string {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const relative = path.relative(path.dirname(fromFile), file.fileName) || path.basename(file.fileName);
  return `${relative.replace(/\\/g, "/")}:${line}`;
}

export function helperName(fn: HelperFunction): string {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}
