import ts from "typescript";
import type { TextEdit } from "../../core/model";
import { normalizeModuleName } from "./resolve";

/** One top-level way the file brings in a module. */
interface ModuleBinding {
  module: string;
  /** Local name of the whole module (namespace, default or `const x = require(...)`). */
  namespace?: string;
  /** Named imports: exported name → local name. */
  named: Map<string, string>;
}

/**
 * The file's imports and its import style, for fixes that need a module: reuse an existing binding
 * when there is one, otherwise add an import written the way the file already writes them.
 */
export class ImportPlanner {
  private bindingsCache?: ModuleBinding[];

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** A local expression for `module` as a whole, if the file already has one at top level. */
  namespaceOf(module: string): string | undefined {
    return this.bindings().find((b) => b.module === module && b.namespace)?.namespace;
  }

  /** The local name of `module`'s export `name`, if already imported at top level. */
  namedOf(module: string, name: string): string | undefined {
    for (const binding of this.bindings()) if (binding.module === module && binding.named.has(name)) return binding.named.get(name);
    return undefined;
  }

  /** True if the name is used anywhere in the file, so adding a binding with it could clash. */
  isNameTaken(name: string): boolean {
    return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}($|[^\\w$])`).test(this.sourceFile.text);
  }

  /**
   * An expression for `module`.`name` and the edits that make it available.
   * Prefers an existing named import, then `<namespace>.name`, then a new named import.
   */
  reference(module: string, name: string): { expression: string; edits: TextEdit[] } | undefined {
    const named = this.namedOf(module, name);
    if (named) return { expression: named, edits: [] };
    const namespace = this.namespaceOf(module);
    if (namespace) return { expression: `${namespace}.${name}`, edits: [] };
    if (this.isNameTaken(name)) return undefined;
    return { expression: name, edits: [this.addNamedImport(module, name)] };
  }

  addNamedImport(module: string, name: string): TextEdit {
    const existing = this.extendableImport(module);
    if (existing) return existing(name);
    const file = this.sourceFile;
    const style = this.style();
    const specifier = style.quote + (isNodeBuiltin(module) && style.nodePrefix ? "node:" : "") + module + style.quote;
    const semicolon = style.semicolons ? ";" : "";
    const statement = style.commonJs
      ? `const { ${name} } = require(${specifier})${semicolon}`
      : `import { ${name} } from ${specifier}${semicolon}`;
    const anchor = style.lastImport;
    const newline = file.text.includes("\r\n") ? "\r\n" : "\n";
    if (anchor) return { start: anchor.end, end: anchor.end, text: newline + statement };
    const at = insertionPointAtTop(file);
    return { start: at, end: at, text: statement + newline };
  }

  /** An edit adding a name to an existing `import { a } from "m"` / `const { a } = require("m")` of the module. */
  private extendableImport(module: string): ((name: string) => TextEdit) | undefined {
    for (const statement of this.sourceFile.statements) {
      let elements: ts.NodeArray<ts.ImportSpecifier | ts.BindingElement> | undefined;
      if (ts.isImportDeclaration(statement) && ts.isStringLiteralLike(statement.moduleSpecifier) && normalizeModuleName(statement.moduleSpecifier.text) === module) {
        const bindings = statement.importClause?.namedBindings;
        if (!statement.importClause?.isTypeOnly && bindings && ts.isNamedImports(bindings)) elements = bindings.elements;
      } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
        const declaration = statement.declarationList.declarations[0];
        const required = declaration.initializer && requireArgument(declaration.initializer);
        if (required !== undefined && normalizeModuleName(required) === module && ts.isObjectBindingPattern(declaration.name)) elements = declaration.name.elements;
      }
      if (elements && elements.length > 0 && !elements.some((e) => ts.isBindingElement(e) && e.dotDotDotToken)) {
        const last = elements[elements.length - 1];
        return (name) => ({ start: last.end, end: last.end, text: `, ${name}` });
      }
    }
    return undefined;
  }

  private style() {
    const file = this.sourceFile;
    let lastImport: ts.Statement | undefined;
    let sample: ts.Statement | undefined;
    let nodePrefix: boolean | undefined;
    for (const statement of file.statements) {
      const module = importedModuleOf(statement);
      if (module === undefined) {
        if (lastImport) break;
        continue;
      }
      lastImport = statement;
      sample ??= statement;
      if (nodePrefix === undefined && isNodeBuiltin(normalizeModuleName(module))) nodePrefix = module.startsWith("node:");
    }
    const commonJs = sample ? ts.isVariableStatement(sample) : isCommonJsFile(file);
    const sampleText = sample?.getText(file) ?? "";
    const quote = /['"]/.exec(sampleText)?.[0] ?? '"';
    const semicolons = sample ? sampleText.trimEnd().endsWith(";") : true;
    return { lastImport, commonJs, nodePrefix: nodePrefix ?? true, quote, semicolons };
  }

  private bindings(): ModuleBinding[] {
    if (this.bindingsCache) return this.bindingsCache;
    const result: ModuleBinding[] = [];
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteralLike(statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
        const binding: ModuleBinding = { module: normalizeModuleName(statement.moduleSpecifier.text), named: new Map() };
        const clause = statement.importClause;
        if (clause.name) binding.namespace = clause.name.text;
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) binding.namespace = named.name.text;
        if (named && ts.isNamedImports(named)) {
          for (const element of named.elements) if (!element.isTypeOnly) binding.named.set((element.propertyName ?? element.name).text, element.name.text);
        }
        result.push(binding);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const module = declaration.initializer && requireArgument(declaration.initializer);
          if (module === undefined) continue;
          const binding: ModuleBinding = { module: normalizeModuleName(module), named: new Map() };
          if (ts.isIdentifier(declaration.name)) binding.namespace = declaration.name.text;
          else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              const key = element.propertyName ?? element.name;
              if (ts.isIdentifier(key) && ts.isIdentifier(element.name) && !element.dotDotDotToken) binding.named.set(key.text, element.name.text);
            }
          }
          result.push(binding);
        }
      }
    }
    return (this.bindingsCache = result);
  }
}

function requireArgument(expression: ts.Expression): string | undefined {
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === "require") {
    const argument = expression.arguments[0];
    if (argument && ts.isStringLiteralLike(argument)) return argument.text;
  }
  return undefined;
}

function importedModuleOf(statement: ts.Statement): string | undefined {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteralLike(statement.moduleSpecifier)) return statement.moduleSpecifier.text;
  if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
    const expression = statement.moduleReference.expression;
    return ts.isStringLiteralLike(expression) ? expression.text : undefined;
  }
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      const module = declaration.initializer && requireArgument(declaration.initializer);
      if (module !== undefined) return module;
    }
  }
  return undefined;
}

function isCommonJsFile(file: ts.SourceFile): boolean {
  if (/\.(cjs|cts)$/.test(file.fileName)) return true;
  if (/\.(mjs|mts)$/.test(file.fileName)) return false;
  return /\brequire\s*\(|\bmodule\.exports\b/.test(file.text) && !/^\s*(import|export)\b/m.test(file.text);
}

/** After a shebang, a `"use strict"` prologue and the file's leading comment block. */
function insertionPointAtTop(file: ts.SourceFile): number {
  const first = file.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  const prologueEnd = file.statements.filter((s) => ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && s.end <= (first?.pos ?? file.end)).pop();
  if (prologueEnd) {
    const lineEnd = file.text.indexOf("\n", prologueEnd.end);
    return lineEnd < 0 ? file.text.length : lineEnd + 1;
  }
  return first ? first.getStart(file) : file.text.startsWith("#!") ? file.text.indexOf("\n") + 1 : 0;
}

const NODE_BUILTINS = new Set([
  "assert", "async_hooks", "buffer", "child_process", "cluster", "crypto", "dgram", "dns", "events", "fs", "fs/promises", "http", "http2",
  "https", "net", "os", "path", "perf_hooks", "process", "readline", "stream", "stream/promises", "string_decoder", "timers",
  "timers/promises", "tls", "url", "util", "v8", "vm", "worker_threads", "zlib",
]);

export function isNodeBuiltin(module: string): boolean {
  return NODE_BUILTINS.has(module);
}
