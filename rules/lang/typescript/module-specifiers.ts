// Which modules a file imports, by the string literals that name them: shared by both engines' answer to
// "which of the project's files does this file import" (type-questions.ts, typescript7-questions.ts).
import ts from "typescript";

/** `import`, `export ... from`, `import x = require()`, `require()` and `import()` with a literal: their specifiers, in order. */
export function moduleSpecifiersOf(file: ts.SourceFile): ts.StringLiteralLike[] {
  const specifiers: ts.StringLiteralLike[] = [];
  const add = (specifier: ts.Expression | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) specifiers.push(specifier);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.arguments.length === 1 && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      add(node.arguments[0]);
    }
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) ts.forEachChild(node, visit);
  };
  if (file.text.includes("import") || file.text.includes("require")) visit(file);
  return specifiers;
}

const resolutionCaches = new WeakMap<ts.Program, ts.ModuleResolutionCache>();

/** TypeScript 6: the files of the program (not of packages) that a file's specifiers resolve to. */
export function importedFilesByResolution(program: ts.Program, file: ts.SourceFile): string[] {
  let cache = resolutionCaches.get(program);
  if (!cache) {
    cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), program.getCompilerOptions());
    resolutionCaches.set(program, cache);
  }
  const files: string[] = [];
  for (const specifier of moduleSpecifiersOf(file)) {
    const resolved = ts.resolveModuleName(specifier.text, file.fileName, program.getCompilerOptions(), ts.sys, cache).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport) files.push(resolved.resolvedFileName);
  }
  return files;
}
