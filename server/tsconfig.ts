// Reading a tsconfig.json the way tsc does, for the editor's projects.
import * as path from "node:path";
import ts from "typescript";

/** Reads a tsconfig (following `extends`); any error-category problem makes it unusable, like for tsc. */
export function parseTsconfig(tsconfigPath: string): ts.ParsedCommandLine | { problem: string } {
  let problem: string | undefined;
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => path.dirname(tsconfigPath),
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      problem = flatten(diagnostic);
    },
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, undefined, host);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (problem || !parsed) return { problem: problem ?? "unreadable" };
  const fatal = parsed.errors.filter((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18003 /* no inputs */);
  if (fatal.length > 0) return { problem: fatal.map(flatten).join("; ") };
  return parsed;
}

function flatten(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.basename(diagnostic.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
  }
  return message;
}
