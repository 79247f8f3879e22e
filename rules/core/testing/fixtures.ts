// The fixture harness every rule's tests use. A fixture is a source file with inline expectations:
//
//   fs.readFileSync(p); // expect: no-blocking-call
//   x(); // expect: no-blocking-call(info), no-blocking-call   (two findings, the first at info severity)
//   y(); // expect[typed]: no-blocking-call                    (typed mode only; [syntax] likewise)
//
// Python fixtures use `# expect: ...`. A first-line comment `options: {...}` sets the rule's options.
// Beside `name.ts`, `name.fixed.ts` is the exact result of applying every safe fix (in passes, like --fix),
// and `name.suggested.ts` the result of applying the first suggestion of every finding that has one.
// A fixture under a folder with a tsconfig.json also runs in typed mode and must give the same findings.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { type LintResult, lintSource, languageOf, type RuleSetting, type RuleSettings } from "../engine";
import { applyFixes, fixesOf } from "../fixes";
import type { ActiveSeverity, Finding, Fix, RuleId } from "../model";
import { ruleById } from "../registry";
import { resolveRuleSettings } from "../config";
import { LintSetSources } from "../sources";
import { parsePython } from "../../lang/python/parser";

export type Mode = "syntax" | "typed";

export interface Expectation {
  line: number;
  ruleId: string;
  severity?: ActiveSeverity;
}

const EXPECT = /(?:\/\/|#)\s*expect(?:\[(typed|syntax)\])?:\s*(.+?)\s*(?:\*\/)?$/;

export function parseExpectations(text: string, mode: Mode): Expectation[] {
  const expectations: Expectation[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const match = EXPECT.exec(lineText);
    if (!match) return;
    if (match[1] && match[1] !== mode) return;
    for (const item of match[2].split(",")) {
      const parsed = /^\s*([a-z-]+)(?:\((info|warning|error)\))?\s*$/.exec(item);
      if (!parsed) throw new Error(`bad expectation on line ${index + 1}: ${item}`);
      expectations.push({ line: index + 1, ruleId: parsed[1], severity: parsed[2] as ActiveSeverity | undefined });
    }
  });
  return expectations;
}

export function fixtureOptions(text: string): Record<string, unknown> | undefined {
  const first = text.split(/\r?\n/, 1)[0];
  const match = /^(?:\/\/|#)\s*options:\s*(\{.*\})\s*$/.exec(first);
  return match ? (JSON.parse(match[1]) as Record<string, unknown>) : undefined;
}

/** Settings with only `ruleId` on, at its default severity, with the fixture's options. */
export function settingsFor(ruleId: RuleId, options?: Record<string, unknown>): RuleSettings {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  const all = resolveRuleSettings(undefined);
  const settings = new Map<RuleId, RuleSetting>([...all].map(([id, setting]) => [id, { ...setting, severity: "off" }]));
  settings.set(ruleId, { severity: rule.meta.defaultSeverity, options: { ...(rule.meta.defaultOptions as object), ...(options ?? {}) } });
  return settings;
}

/**
 * The lint set of a fixture in syntax mode: the files of its folder (relative imports are followed within it).
 * A Python fixture inside a package sees the whole package: every .py file under the first folder up without
 * an `__init__.py` (fix outputs excluded).
 */
const folderSources = new Map<string, LintSetSources>();
export function fixtureSources(filePath: string): LintSetSources {
  const python = languageOf(filePath) === "python";
  let dir = path.dirname(filePath);
  while (python && fs.existsSync(path.join(dir, "__init__.py"))) dir = path.dirname(dir);
  // A TypeScript fixture project with folders (tsconfig `paths` aliases) sees every file under its tsconfig.json.
  const project = python ? undefined : tsconfigProjectOf(dir);
  if (project) dir = project;
  const key = `${python ? "python" : "typescript"}:${dir}`;
  let sources = folderSources.get(key);
  if (!sources) {
    const files = !fs.existsSync(dir)
      ? []
      : python
        ? fs
            .readdirSync(dir, { recursive: true, encoding: "utf8" })
            .map((name) => path.join(dir, name))
            .filter((f) => languageOf(f) === "python" && !/\.(fixed|suggested)\.py$/.test(f))
        : fs
            .readdirSync(dir, { recursive: !!project, encoding: "utf8" })
            .map((name) => path.join(dir, name))
            .filter((f) => languageOf(f) === "typescript");
    sources = new LintSetSources(files);
    folderSources.set(key, sources);
  }
  return sources;
}

/** The nearest folder above a fixture's own folder, inside the fixtures tree, holding a tsconfig.json. */
function tsconfigProjectOf(dir: string): string | undefined {
  for (let current = path.dirname(dir); current.includes(`${path.sep}fixtures`); current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "tsconfig.json"))) return current;
  }
  return undefined;
}

export function lintFixture(ruleId: RuleId, filePath: string, text: string, mode: Mode, program?: ts.Program): LintResult {
  return lintSource({
    filePath,
    text,
    rules: settingsFor(ruleId, fixtureOptions(text)),
    program: mode === "typed" ? program : undefined,
    sources: mode === "syntax" ? fixtureSources(filePath) : undefined,
  });
}

/** Findings as comparable lines: `12: rule-id(severity)`. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.location.line}: ${f.ruleId}(${f.severity})`).sort(byLine);
}

export function describeExpectations(expectations: readonly Expectation[], defaultSeverity: ActiveSeverity): string[] {
  return expectations.map((e) => `${e.line}: ${e.ruleId}(${e.severity ?? defaultSeverity})`).sort(byLine);
}

function byLine(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

/** Applies fixes chosen by `pick` in passes until none apply, as `--fix` does. */
export function applyAllFixes(
  lint: (text: string) => LintResult,
  text: string,
  pick: (finding: Finding) => Fix | undefined,
  maxPasses = 10,
): { text: string; passes: number } {
  let current = text;
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixes = lint(current).findings.map(pick).filter((f): f is Fix => !!f);
    if (fixes.length === 0) return { text: current, passes: pass };
    const { text: next, applied } = applyFixes(current, fixes);
    if (applied.length === 0 || next === current) return { text: current, passes: pass };
    current = next;
  }
  return { text: current, passes: maxPasses };
}

export const firstSafeFix = (finding: Finding): Fix | undefined => fixesOf(finding).find((f) => f.safety === "safe");
export const firstSuggestion = (finding: Finding): Fix | undefined => fixesOf(finding).find((f) => f.safety === "unsafe");

export interface FixtureFile {
  filePath: string;
  /** The tsconfig of the fixture's folder, when it has one (typed mode runs too). */
  tsconfigPath?: string;
}

export function listFixtures(ruleDir: string): FixtureFile[] {
  const root = path.join(ruleDir, "fixtures");
  if (!fs.existsSync(root)) return [];
  const files: FixtureFile[] = [];
  const visit = (dir: string, tsconfigPath?: string) => {
    const here = path.join(dir, "tsconfig.json");
    const config = fs.existsSync(here) ? here : tsconfigPath;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full, config);
      else if (languageOf(full) && !/\.(fixed|suggested)(\.typed)?\.[a-z]+$/.test(entry.name)) files.push({ filePath: full, tsconfigPath: config });
    }
  };
  visit(root);
  return files;
}

const programs = new Map<string, ts.Program>();
export function programOf(tsconfigPath: string): ts.Program {
  let program = programs.get(tsconfigPath);
  if (!program) {
    const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
    program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
    programs.set(tsconfigPath, program);
  }
  return program;
}

/** Syntax errors the parser (TypeScript's, or tree-sitter's for Python) reports for a text, to check fixes never introduce one. */
export function syntaxErrorsOf(filePath: string, text: string): string[] {
  if (languageOf(filePath) === "python") {
    const tree = parsePython(text);
    return tree.errorRanges.map((range) => `syntax error at ${range.start}: ${JSON.stringify(text.slice(range.start, range.end + 20))}`);
  }
  const output = ts.transpileModule(text, { fileName: filePath, reportDiagnostics: true, compilerOptions: { allowJs: true } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

/** Type errors of a file inside a program built from `tsconfigPath`, with the file's text replaced. */
export function typeErrorsWithText(tsconfigPath: string, filePath: string, text: string): string[] {
  const program = programWithText(tsconfigPath, filePath, text);
  const sourceFile = program.getSourceFile(filePath)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((d) => {
    const at = d.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${at}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

/** The tsconfig's program with one file's text replaced. */
export function programWithText(tsconfigPath: string, filePath: string, text: string): ts.Program {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  const options = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options, true);
  const original = host.getSourceFile;
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    path.resolve(name) === path.resolve(filePath) ? ts.createSourceFile(name, text, languageVersion, true) : original(name, languageVersion, onError, shouldCreate);
  return ts.createProgram({ rootNames: parsed.fileNames, options, host });
}
