// Fix safety on real files: apply every safe fix (in passes, as --fix does) with the strict checks of
// checkInput (no new syntax errors, the fixed findings gone, no new findings, convergence), then check that a
// second run changes nothing and, for files under a tsconfig.json, that no type error appears.
import * as path from "node:path";
import ts from "typescript";
import { programWithText, typeErrorsWithText } from "../../rules/core/testing/fixtures";
import { checkInput, type Problem } from "./check";
import { type CorpusFile, readCorpusText } from "./corpus";

export interface FixSafetyFailure {
  filePath: string;
  problems: Problem[];
}

export interface FixSafetyReport {
  files: number;
  filesFixed: number;
  fixesApplied: number;
  typedChecked: number;
  failures: FixSafetyFailure[];
}

export function fixSafetyOf(file: CorpusFile, text: string, report: FixSafetyReport): void {
  report.files++;
  // Files a tsconfig covers are linted typed, as the CLI does by default: their fixes must keep them type-checking.
  const tsconfigPath = file.tsconfigPath && file.language === "typescript" && inProgram(file.tsconfigPath, file.filePath) ? file.tsconfigPath : undefined;
  const programFor = tsconfigPath ? (source: string) => programWithText(tsconfigPath, file.filePath, source) : undefined;
  const result = checkInput(file.filePath, text, { strictFixes: true, timeBudget: false, programFor });
  const problems = [...result.problems];
  if (problems.length === 0 && result.fixedText !== undefined && result.fixedText !== text) {
    report.filesFixed++;
    report.fixesApplied += result.fixesApplied;
    const again = checkInput(file.filePath, result.fixedText, { strictFixes: true, timeBudget: false, programFor });
    problems.push(...again.problems);
    if (again.fixedText !== result.fixedText) problems.push({ kind: "fix-not-converging", message: `a second --fix changed the file again (${again.fixesApplied} fixes)` });
    if (tsconfigPath) {
      report.typedChecked++;
      // Compared without line numbers: fixes add lines (imports), which moves every error below them.
      const withoutLine = (errors: string[]) => errors.map((e) => e.replace(/^\d+: /, ""));
      const before = withoutLine(typeErrorsWithText(tsconfigPath, file.filePath, text));
      const after = withoutLine(typeErrorsWithText(tsconfigPath, file.filePath, result.fixedText));
      const added = after.filter((e) => !before.includes(e));
      if (after.length > before.length || added.length > 0) {
        problems.push({ kind: "fix-types", message: `type errors after fixing (${path.relative(path.dirname(file.filePath), tsconfigPath)}): ${added.slice(0, 3).join("; ")}` });
      }
    }
  }
  if (problems.length > 0) report.failures.push({ filePath: file.filePath, problems });
}

/** Whether the tsconfig's program holds the file (a tsconfig in a parent folder may not include it). */
function inProgram(tsconfigPath: string, filePath: string): boolean {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return parsed.fileNames.some((name) => path.resolve(name) === path.resolve(filePath));
}

export function fixSafety(corpus: readonly CorpusFile[]): FixSafetyReport {
  const report: FixSafetyReport = { files: 0, filesFixed: 0, fixesApplied: 0, typedChecked: 0, failures: [] };
  for (const file of corpus) {
    const text = readCorpusText(file.filePath);
    if (text !== undefined) fixSafetyOf(file, text, report);
  }
  return report;
}
