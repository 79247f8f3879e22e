// What rules share about calls in TypeScript and JavaScript: which function a call reaches, when its body can be
// seen (in the file, through relative imports into other files of the lint set, or through the type checker),
// and how a function or a callee is named in messages.
import { truncateForDisplay } from "../../core/display";
import * as path from "node:path";
import ts from "typescript";
import type { ProjectSources } from "../../core/sources";
import type { TypeQuestions } from "./type-questions";
import type { TsFileAnalysis } from "./analysis";
import { aliasedImportTargets } from "./path-aliases";
import { skipTransparent, type TsResolver } from "./resolve";

export type FunctionWithBody = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * The function a callee refers to in its own file, when its definition can be seen: a function or `const`
 * arrow/function in scope, an async IIFE, a method (or arrow-function property) of the class `this` belongs
 * to, and in typed mode anything the checker resolves to a declaration with a body in the program's own files.
 */
export function calleeFunction(callee: ts.Expression, analysis: TsFileAnalysis): FunctionWithBody | undefined {
  const expr = skipTransparent(callee);
  if (ts.isFunctionExpression(expr) || ts.isArrowFunction(expr)) return expr;
  if (ts.isIdentifier(expr)) {
    const declaration = analysis.resolver.declarationOf(expr);
    if (declaration !== "global") {
      const fn = constFunctionOfDeclaration(declaration);
      if (fn) return fn;
      if (!analysis.types) return undefined;
    }
  } else if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = classOfThis(expr);
    if (owner) {
      const member = classMember(owner.cls, expr.name.text, owner.isStatic);
      if (member !== "unknown") return member;
    }
  }
  return analysis.types ? functionFromTypes(expr, analysis.types) : undefined;
}

/** A declaration that is (or is a `const` bound to) a function with a body. */
function constFunctionOfDeclaration(declaration: ts.Node): FunctionWithBody | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration.body ? declaration : implementationOf(declaration);
  if (ts.isFunctionExpression(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isVariableDeclarationList(declaration.parent)) {
    // `let` and `var` bindings may be reassigned to something else.
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** The implementation after a run of overload signatures. */
function implementationOf(signature: ts.FunctionDeclaration): ts.FunctionDeclaration | undefined {
  const name = signature.name?.text;
  const container = signature.parent;
  if (!name || !(ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container))) return undefined;
  return container.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name && !!s.body);
}

/** The class whose instance (or constructor, for static members) `this` is at `node`, if `this` is bound by a class member. */
export function classOfThis(node: ts.Node): { cls: ts.ClassLikeDeclaration; isStatic: boolean } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
    if (
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isGetAccessorDeclaration(current) ||
      ts.isSetAccessorDeclaration(current) ||
      ts.isPropertyDeclaration(current) ||
      ts.isClassStaticBlockDeclaration(current)
    ) {
      if (!ts.isClassLike(current.parent)) return undefined;
      const isStatic = ts.isClassStaticBlockDeclaration(current) || !!current.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      return { cls: current.parent, isStatic };
    }
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/**
 * The function a class member of that name holds: a method with a body or a property initialised with a function.
 * `undefined` when the member exists but holds something else; "unknown" when the class does not declare it
 * (it may be inherited).
 */
function classMember(cls: ts.ClassLikeDeclaration, name: string, isStatic: boolean): FunctionWithBody | undefined | "unknown" {
  let found: FunctionWithBody | undefined | "unknown" = "unknown";
  for (const member of cls.members) {
    if (!member.name || memberNameText(member.name) !== name) continue;
    const memberIsStatic = !!ts.getModifiers(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (memberIsStatic !== isStatic) continue;
    if (ts.isMethodDeclaration(member)) {
      if (member.body) return member;
      found = undefined;
    } else if (ts.isPropertyDeclaration(member) && member.initializer) {
      const init = skipTransparent(member.initializer);
      return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init : undefined;
    } else {
      found = undefined;
    }
  }
  return found;
}

function memberNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function functionFromTypes(callee: ts.Expression, types: TypeQuestions): FunctionWithBody | undefined {
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!target) return undefined;
  const declaration = types.valueDeclarationOf(target);
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration.body ? declaration : undefined;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    if (ts.isVariableDeclaration(declaration) && !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

export interface TsCrossFileCalleeOptions {
  resolver: TsResolver;
  /** Typed mode: declarations come from the type questions (any file of the program). */
  types?: TypeQuestions;
  /** Syntax mode: relative imports are followed into these files. */
  sources?: ProjectSources;
}

/**
 * The function a call reaches across files: in typed mode the checker's declaration; in syntax mode a
 * declaration in scope (any binding, not only `const`), a method of the class of `this`, or an export of another
 * file of the lint set reached through relative imports and re-exports. Declaration files have no body to read.
 */
export class TsCrossFileCallees {
  constructor(private readonly options: TsCrossFileCalleeOptions) {}

  functionCalledBy(callee: ts.Expression): FunctionWithBody | undefined {
    const target = skipTransparent(callee);
    const declaration = this.options.types ? this.declarationWithTypes(target) : this.declarationWithoutTypes(target);
    const fn = declaration && functionOfDeclaration(declaration);
    if (!fn || fn.getSourceFile().isDeclarationFile) return undefined;
    return fn;
  }

  private declarationWithTypes(callee: ts.Expression): ts.Node | undefined {
    const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = this.options.types!.symbolAt(target);
    if (symbol && symbol.isAlias) symbol = symbol.aliased();
    return symbol?.valueDeclaration() ?? symbol?.declarations()[0];
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
  private importedDeclaration(declaration: ts.ImportSpecifier | ts.ImportClause): ts.Node | undefined {
    const importDeclaration = ts.isImportClause(declaration) ? declaration.parent : declaration.parent.parent.parent;
    if (!ts.isImportDeclaration(importDeclaration) || !ts.isStringLiteralLike(importDeclaration.moduleSpecifier)) return undefined;
    const name = ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text;
    return this.exportedDeclaration(importDeclaration.getSourceFile().fileName, importDeclaration.moduleSpecifier.text, name, 0);
  }

  private exportedDeclaration(fromFile: string, specifier: string, name: string, hops: number): ts.Node | undefined {
    const sources = this.options.sources;
    if (!sources || hops > 4) return undefined;
    const target = resolveProjectImport(fromFile, specifier, (candidate) => !!sources.sourceFile(candidate));
    const file = target ? sources.sourceFile(target) : undefined;
    if (!file) return undefined;
    for (const statement of file.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (exported && ts.isFunctionDeclaration(statement) && (isDefault ? name === "default" : statement.name?.text === name)) return statement;
      // `export default readManifestFile;`
      if (name === "default" && ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
        return localDeclaration(file, statement.expression.text);
      }
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

const RESOLUTION_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** The file a relative import specifier refers to, among the files `exists` accepts. */
export function resolveRelativeImport(fromFile: string, specifier: string, exists: (filePath: string) => boolean): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  return resolveImportTarget(path.resolve(path.dirname(fromFile), specifier), exists);
}

/** A relative import, or one through the nearest tsconfig's `paths` aliases (`@server/utils/x`), among the files `exists` accepts. */
export function resolveProjectImport(fromFile: string, specifier: string, exists: (filePath: string) => boolean): string | undefined {
  const relative = resolveRelativeImport(fromFile, specifier, exists);
  if (relative) return relative;
  for (const target of aliasedImportTargets(fromFile, specifier)) {
    const found = resolveImportTarget(target, exists);
    if (found) return found;
  }
  return undefined;
}

function resolveImportTarget(target: string, exists: (filePath: string) => boolean): string | undefined {
  const withoutJs = target.replace(/\.(m|c)?js$/, "");
  const candidates = [
    target,
    ...RESOLUTION_EXTENSIONS.map((ext) => withoutJs + ext),
    ...RESOLUTION_EXTENSIONS.map((ext) => path.join(target, "index" + ext)),
  ];
  return candidates.find(exists);
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

/** The function a declaration holds: a function or method, or a variable or property initialised with one. */
function functionOfDeclaration(declaration: ts.Node): FunctionWithBody | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = skipTransparent(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

export function isAsyncOrGenerator(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.asteriskToken || !!ts.getModifiers(fn as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** The name a function is known by: its own, or that of the variable or property it is assigned to. */
export function functionName(fn: FunctionWithBody): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))) {
    return parent.name.text;
  }
  return undefined;
}

/** `method 'load'`, `arrow function 'handler'`, `function (line 12)`: the function a finding is in. */
export function describeFunction(fn: ts.FunctionLikeDeclaration, sourceFile: ts.SourceFile): string {
  const kind = ts.isMethodDeclaration(fn) ? "method" : ts.isArrowFunction(fn) ? "arrow function" : "function";
  let name = fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name.text : undefined;
  if (!name && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    const parent = fn.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) name = parent.name.text;
    else if (ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) name = parent.name.text;
  }
  if (name) return `${kind} '${name}'`;
  const line = sourceFile.getLineAndCharacterOfPosition(fn.getStart(sourceFile)).line + 1;
  return `${kind} (line ${line})`;
}

/** `file.ts:12`, relative to the folder of the file of the finding. */
export function describeLocation(node: ts.Node, fromFile: string): string {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const relative = path.relative(path.dirname(fromFile), file.fileName) || path.basename(file.fileName);
  return `${relative.replace(/\\/g, "/")}:${line}`;
}

/** Short display text of a callee: whitespace removed, long chains shortened. */
export function calleeText(callee: ts.Expression, sourceFile: ts.SourceFile): string {
  let inner = callee;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  // An immediately invoked function: its body is no name for it.
  if (ts.isArrowFunction(inner)) return `(${isAsync(inner) ? "async " : ""}() => {...})`;
  if (ts.isFunctionExpression(inner)) return `(${isAsync(inner) ? "async " : ""}function${inner.name ? " " + inner.name.text : ""}() {...})`;
  const text = callee.getText(sourceFile).replace(/\s*\.\s*/g, ".").replace(/\s+/g, " ");
  return truncateForDisplay(text, { keep: "end" });
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}
