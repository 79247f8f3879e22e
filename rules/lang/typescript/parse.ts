import ts from "typescript";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

export function isTypeScriptFamilyFile(filePath: string): boolean {
  if (/\.d\.[cm]?ts$/.test(filePath)) return false;
  return TS_EXTENSIONS.some((ext) => filePath.endsWith(ext));
}

export function scriptKindOf(filePath: string): ts.ScriptKind {
  if (filePath.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (filePath.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(filePath)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Syntax mode: one parse, parent pointers set so rules can look up the tree. */
export function parseTypeScript(filePath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(filePath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(filePath));
}

/** The same parse without parent pointers, for a caller that sets them in its own pass over the tree. */
export function parseTypeScriptWithoutParents(filePath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(filePath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(filePath));
}
