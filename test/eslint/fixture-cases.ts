// Builds ESLint test cases from a rule's fixtures with the fixture harness, so the CLI's engine is the oracle:
// ESLint must report exactly the engine's findings, with the same messages and ranges, the same suggestions,
// and `eslint --fix` must end where `async-lint --fix` does (the checked-in `.fixed` output).
import { plainTitle } from "../../rules/core/display";
import * as fs from "node:fs";
import * as path from "node:path";
import { RuleTester } from "@typescript-eslint/rule-tester";
import type { InvalidTestCase, TestCaseError, ValidTestCase } from "@typescript-eslint/rule-tester";
import ts from "typescript";
import { afterAll, describe, it } from "vitest";
import type { LintResult } from "../../rules/core/engine";
import { applyFixes, fixesOf } from "../../rules/core/fixes";
import type { Finding, Fix } from "../../rules/core/model";
import type { RuleDefinition } from "../../rules/core/rule";
import { applyAllFixes, firstSafeFix, fixtureOptions, lintFixture, listFixtures, type Mode, programOf } from "../../rules/core/testing/fixtures";
import { readmeExamples } from "../../rules/core/testing/readme";
import { languageOf } from "../../rules/core/engine";
import type { RuleOptions } from "../../eslint-plugin/rule";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const ruleDirOf = (rule: RuleDefinition) => path.join(REPO_ROOT, "rules", rule.meta.id);

/** One file as both front ends see it in one mode. */
export interface FixtureCase {
  name: string;
  filePath: string;
  text: string;
  mode: Mode;
  options: RuleOptions;
  /** The engine's findings for the file (what the CLI reports). */
  findings: Finding[];
  /** Text after each `eslint --fix` pass, computed from the engine's fixes. */
  fixPasses: string[];
  /** What `async-lint --fix` makes of the file: safe fixes in passes, typed passes on a program holding the new text (as cli/run.ts does). */
  cliFixed: string;
  /** The reviewed, checked-in `.fixed` output (syntax mode; the text itself when nothing is fixed); README examples have none. */
  checkedInFixed?: string;
}

/** Every TypeScript-family fixture of the rule (typed mode too under a tsconfig), then its README examples. */
export function fixtureCases(rule: RuleDefinition): FixtureCase[] {
  const ruleDir = ruleDirOf(rule);
  const cases: FixtureCase[] = [];
  for (const fixture of listFixtures(ruleDir)) {
    if (languageOf(fixture.filePath) !== "typescript") continue;
    const text = fs.readFileSync(fixture.filePath, "utf8");
    const modes: Mode[] = fixture.tsconfigPath ? ["syntax", "typed"] : ["syntax"];
    for (const mode of modes) {
      const base = mode === "typed" ? programOf(fixture.tsconfigPath!) : undefined;
      const lint = (source: string) =>
        lintFixture(rule.meta.id, fixture.filePath, source, mode, base && (source === text ? base : programWithText(base, fixture.filePath, source)));
      const checkedIn = mode === "syntax" ? checkedInFixed(fixture.filePath, text) : undefined;
      cases.push(makeCase(rule, path.relative(ruleDir, fixture.filePath), fixture.filePath, text, mode, lint, checkedIn));
    }
  }
  const readmePath = path.join(ruleDir, "README.md");
  const examples = fs.existsSync(readmePath) ? readmeExamples(fs.readFileSync(readmePath, "utf8")) : [];
  examples.forEach((example, index) => {
    if (example.language === "py") return;
    const filePath = path.join(ruleDir, `README.example${index + 1}.${example.language}`);
    const lint = (source: string) => lintFixture(rule.meta.id, filePath, source, "syntax");
    cases.push(makeCase(rule, `README.md line ${example.line} (${example.kind})`, filePath, example.code, "syntax", lint, undefined));
  });
  return cases;
}

function makeCase(
  rule: RuleDefinition,
  name: string,
  filePath: string,
  text: string,
  mode: Mode,
  lint: (text: string) => LintResult,
  checkedInFixed: string | undefined,
): FixtureCase {
  const result = lint(text);
  if (result.internalErrors.length > 0) throw new Error(`${name}: the engine failed: ${result.internalErrors.map((e) => e.message).join("; ")}`);
  if (mode === "typed" && !result.typed) throw new Error(`${name}: not linted in typed mode`);
  const options = fixtureOptions(text);
  const cliFixed = applyAllFixes(lint, text, (finding) => expectedFix(rule, finding)).text;
  return { name: `${name} [${mode}]`, filePath, text, mode, options: options ? [options] : [], findings: result.findings, fixPasses: fixPasses(rule, text, lint), cliFixed, checkedInFixed };
}

function checkedInFixed(filePath: string, text: string): string {
  const ext = path.extname(filePath);
  const fixedPath = `${filePath.slice(0, -ext.length)}.fixed${ext}`;
  return fs.existsSync(fixedPath) ? fs.readFileSync(fixedPath, "utf8") : text;
}

/** The fix `eslint --fix` applies for a finding: the first safe one, when the rule declares safe fixes. */
export function expectedFix(rule: RuleDefinition, finding: Finding): Fix | undefined {
  return rule.meta.fixable === "safe" ? firstSafeFix(finding) : undefined;
}

/** The suggestions ESLint offers: unsafe fixes, then safe alternatives to the applied fix. */
export function expectedSuggestions(rule: RuleDefinition, finding: Finding): Fix[] {
  if (rule.meta.fixable === "none") return [];
  const fix = expectedFix(rule, finding);
  const fixes = fixesOf(finding);
  return [...fixes.filter((f) => f.safety === "unsafe"), ...fixes.filter((f) => f.safety === "safe" && f !== fix)];
}

/**
 * ESLint's --fix passes (as its SourceCodeFixer does them): a report's edits are applied as one span from the
 * first edit to the last, fixes go in order of their spans, and a fix starting at or before the end of the
 * previous applied one waits for the next pass, which lints the new text again.
 */
function fixPasses(rule: RuleDefinition, text: string, lint: (text: string) => LintResult): string[] {
  const outputs: string[] = [];
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const spans = lint(current)
      .findings.map((finding) => expectedFix(rule, finding))
      .filter((fix): fix is Fix => !!fix)
      .map((fix) => asOneSpan(current, fix))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    let output = "";
    let lastEnd = Number.NEGATIVE_INFINITY;
    for (const span of spans) {
      if (lastEnd >= span.start) continue;
      output += current.slice(Math.max(0, lastEnd), span.start) + span.text;
      lastEnd = span.end;
    }
    if (spans.length === 0) break;
    output += current.slice(Math.max(0, lastEnd));
    if (output === current) break;
    outputs.push(output);
    current = output;
  }
  return outputs;
}

function asOneSpan(text: string, fix: Fix): { start: number; end: number; text: string } {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let merged = "";
  for (let i = 0; i < edits.length; i++) merged += (i > 0 ? text.slice(edits[i - 1].end, edits[i].start) : "") + edits[i].text;
  return { start: edits[0].start, end: edits[edits.length - 1].end, text: merged };
}

/** The same program with one file's text replaced, as typed linting sees the file after a fix pass. */
function programWithText(base: ts.Program, filePath: string, text: string): ts.Program {
  const options = base.getCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    path.resolve(name) === path.resolve(filePath) ? ts.createSourceFile(name, text, languageVersion, true) : original(name, languageVersion, onError, shouldCreate);
  return ts.createProgram({ rootNames: base.getRootFileNames(), options, host, oldProgram: base });
}

/** The case as a RuleTester test: the engine's findings are the expected errors, its fixes the expected outputs. */
export function ruleTesterCase(rule: RuleDefinition, fixtureCase: FixtureCase): { valid?: ValidTestCase<RuleOptions>; invalid?: InvalidTestCase<string, RuleOptions> } {
  const { name, filePath: filename, text: code, options } = fixtureCase;
  if (fixtureCase.findings.length === 0) return { valid: { name, code, filename, options } };
  const errors = fixtureCase.findings.map((finding) => expectedError(rule, finding, code));
  return { invalid: { name, code, filename, options, errors, output: fixtureCase.fixPasses.length > 0 ? fixtureCase.fixPasses : null } };
}

function expectedError(rule: RuleDefinition, finding: Finding, code: string): TestCaseError<string> {
  // RuleTester renders the template with the finding's data and checks ESLint's message is that text.
  const data = finding.data;
  const suggestions = expectedSuggestions(rule, finding).map((fix) => ({ desc: plainTitle(fix.title), output: applyFixes(code, [fix]).text }));
  return {
    messageId: finding.messageId,
    data,
    line: finding.location.line,
    column: finding.location.column,
    endLine: finding.location.endLine,
    endColumn: finding.location.endColumn,
    // RuleTester accepts `desc`; its types only name `messageId`.
    suggestions: suggestions as unknown as TestCaseError<string>["suggestions"],
  };
}
