// The in-process checks: lint a text with every rule on (as a default config does) and verify what the CLI
// and the server rely on: no throw, no rule crash, findings and fixes inside the text, fixes that never
// overlap, re-parse with no new syntax errors, disappear once applied, converge, and stay within a time budget.
import ts from "typescript";
import { resolveRuleSettings } from "../../rules/core/config";
import { type LintResult, lintSource, type RuleSettings } from "../../rules/core/engine";
import { applyFixes, fixesOf, safeFixesOf } from "../../rules/core/fixes";
import type { Finding, Fix, RuleId, TextEdit, TextRange } from "../../rules/core/model";
import { RULES } from "../../rules/core/registry";
import { parsePython } from "../../rules/lang/python/parser";
import { scriptKindOf } from "../../rules/lang/typescript/parse";

/** Every rule on, at least at "warning", with default options: the widest net. */
export function allRulesSettings(): RuleSettings {
  const settings = resolveRuleSettings(undefined);
  const on = new Map(settings);
  for (const rule of RULES) {
    const setting = settings.get(rule.meta.id)!;
    on.set(rule.meta.id, { ...setting, severity: setting.severity === "off" ? "warning" : setting.severity });
  }
  return on;
}

/** The CLI's own limit on --fix passes. */
export const MAX_PASSES = 10;

/**
 * A hang guard for one lint of an input, per MB of text, plus a fixed allowance: it catches super-linear behaviour
 * (the regressions it guards took minutes), not slowdowns. Speed targets live in `npm run bench`; this is loose
 * enough that a loaded 2-core machine (load 15+) never reaches it with linear code.
 */
export const BUDGET_MS_PER_MB = 100_000;
export const BUDGET_BASE_MS = 15_000;

export function budgetMs(text: string): number {
  return BUDGET_BASE_MS + (text.length / (1024 * 1024)) * BUDGET_MS_PER_MB;
}

export interface Problem {
  kind:
    | "throw"
    | "internal-error"
    | "range"
    | "fix-edit"
    | "fix-corrupt"
    | "fix-syntax"
    | "fix-types"
    | "fix-not-converging"
    | "fix-finding-remains"
    | "fix-new-finding"
    | "slow";
  message: string;
}

export interface CheckOptions {
  settings?: RuleSettings;
  /** Also apply safe fixes and check them (on by default). */
  fixes?: boolean;
  /** Check that fixed findings are gone and no new ones appear (fix safety on real code; noisy on garbage input). */
  strictFixes?: boolean;
  timeBudget?: boolean;
  /** Typed mode, as the CLI lints a file a tsconfig covers: the program with the given text of the file. */
  programFor?: (text: string) => ts.Program | undefined;
}

export interface CheckResult {
  problems: Problem[];
  findings: number;
  fixesApplied: number;
  lintMs: number;
  fixedText?: string;
  notAnalyzed?: boolean;
}

/** Syntax errors a parser reports for a text: TypeScript's parse diagnostics, or tree-sitter's ERROR/MISSING nodes. */
export function syntaxErrorCount(filePath: string, text: string): number {
  if (filePath.endsWith(".py")) return parsePython(text).errorRanges.length;
  const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false, scriptKindOf(filePath));
  return (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.length ?? 0;
}

function inside(range: TextRange, length: number): boolean {
  return Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length;
}

function describe(finding: Finding): string {
  return `${finding.ruleId}:${finding.messageId}@${finding.location.line}:${finding.location.column}`;
}

/** What a text should be after applying exactly these fixes, computed independently of applyFixes. */
function spliceAll(text: string, fixes: readonly Fix[]): { text: string; overlap?: string } {
  const edits: TextEdit[] = fixes.flatMap((fix) => fix.edits).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end || (edits[i].start === edits[i - 1].start && edits[i].start === edits[i - 1].end)) {
      return { text, overlap: `edits ${edits[i - 1].start}-${edits[i - 1].end} and ${edits[i].start}-${edits[i].end}` };
    }
  }
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { text: out + text.slice(at) };
}

function checkFindings(result: LintResult, text: string, problems: Problem[]): void {
  for (const error of result.internalErrors) problems.push({ kind: "internal-error", message: `${error.ruleId}: ${error.message}\n${error.stack ?? ""}` });
  for (const finding of result.findings) {
    if (!inside(finding.range, text.length)) problems.push({ kind: "range", message: `${describe(finding)} range ${finding.range.start}-${finding.range.end} outside 0-${text.length}` });
    for (const related of finding.related) {
      if (!related.filePath && !inside(related.range, text.length)) problems.push({ kind: "range", message: `${describe(finding)} related range ${related.range.start}-${related.range.end}` });
    }
    for (const fix of fixesOf(finding)) {
      if (fix.edits.length === 0) problems.push({ kind: "fix-edit", message: `${describe(finding)} fix "${fix.title}" has no edits` });
      for (const edit of fix.edits) {
        if (!inside(edit, text.length) || typeof edit.text !== "string") problems.push({ kind: "fix-edit", message: `${describe(finding)} fix "${fix.title}" edit ${edit.start}-${edit.end} outside 0-${text.length}` });
      }
      const self = spliceAll(text, [fix]);
      if (self.overlap) problems.push({ kind: "fix-edit", message: `${describe(finding)} fix "${fix.title}" has overlapping ${self.overlap}` });
    }
  }
}

/** Lints `text` as `filePath` and checks every invariant; never throws. */
export function checkInput(filePath: string, text: string, options: CheckOptions = {}): CheckResult {
  const settings = options.settings ?? allRulesSettings();
  const problems: Problem[] = [];
  const lint = (source: string): LintResult | undefined => {
    try {
      return lintSource({ filePath, text: source, rules: settings, program: options.programFor?.(source) });
    } catch (error) {
      problems.push({ kind: "throw", message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
      return undefined;
    }
  };
  const started = performance.now();
  const first = lint(text);
  const lintMs = performance.now() - started;
  if (!first) return { problems, findings: 0, fixesApplied: 0, lintMs };
  // Code nested too deeply for the parser is reported as not analysed (the CLI warns and goes on): not a failure.
  if (first.notAnalyzed) return { problems, findings: 0, fixesApplied: 0, lintMs, notAnalyzed: true };
  checkFindings(first, text, problems);
  if (options.timeBudget !== false && lintMs > budgetMs(text)) {
    problems.push({ kind: "slow", message: `${Math.round(lintMs)} ms for ${(text.length / 1048576).toFixed(2)} MB (budget ${Math.round(budgetMs(text))} ms)` });
  }
  if (options.fixes === false || problems.length > 0) return { problems, findings: first.findings.length, fixesApplied: 0, lintMs };

  // --fix: passes until nothing applies, as the CLI runs them.
  const syntaxBefore = syntaxErrorCount(filePath, text);
  let current = text;
  let result = first;
  let fixesApplied = 0;
  for (let pass = 0; ; pass++) {
    const fixes = safeFixesOf(result.findings);
    if (fixes.length === 0) break;
    if (pass === MAX_PASSES) {
      problems.push({ kind: "fix-not-converging", message: `still ${fixes.length} safe fixes after ${MAX_PASSES} passes: ${result.findings.filter((f) => fixesOf(f).some((x) => fixes.includes(x))).map(describe).join(", ")}` });
      break;
    }
    const application = applyFixes(current, fixes);
    if (application.applied.length === 0) {
      problems.push({ kind: "fix-edit", message: `${fixes.length} safe fixes but none applicable (each overlaps itself)` });
      break;
    }
    const expected = spliceAll(current, application.applied);
    if (expected.overlap || expected.text !== application.text) {
      problems.push({ kind: "fix-corrupt", message: `applyFixes output differs from the applied edits${expected.overlap ? ` (${expected.overlap})` : ""}` });
      break;
    }
    const appliedFixes = new Set(application.applied);
    const fixedFindings = result.findings.filter((f) => fixesOf(f).some((fix) => appliedFixes.has(fix)));
    const syntaxAfter = syntaxErrorCount(filePath, application.text);
    if (syntaxAfter > syntaxBefore) {
      problems.push({ kind: "fix-syntax", message: `fixes of ${fixedFindings.map(describe).join(", ")} raise syntax errors ${syntaxBefore} → ${syntaxAfter}` });
      break;
    }
    const next = lint(application.text);
    if (!next) break;
    checkFindings(next, application.text, problems);
    if (problems.length > 0) break;
    if (options.strictFixes) {
      // The fixed findings are gone: no finding of the same rule and message is left on what each fix touched.
      const before = countByKey(result.findings);
      const after = countByKey(next.findings);
      const fixedKeys = countByKey(fixedFindings);
      for (const [key, count] of fixedKeys) {
        if ((after.get(key) ?? 0) > (before.get(key) ?? 0) - count) problems.push({ kind: "fix-finding-remains", message: `${key}: ${before.get(key) ?? 0} before, ${count} fixed, ${after.get(key) ?? 0} after` });
      }
      // New findings of the rules whose fixes were applied. (Another rule may rightly find something in the fixed
      // code: no-blocking-call's `await readFile` can make serial awaits for prefer-concurrent-awaits.)
      const fixedRules = new Set(fixedFindings.map((f) => `${f.ruleId}:`));
      for (const [key, count] of after) {
        if (!before.has(key) && [...fixedRules].some((rule) => key.startsWith(rule))) problems.push({ kind: "fix-new-finding", message: `${key}: ${count} new after fixing ${fixedFindings.map(describe).join(", ")}` });
      }
      if (problems.length > 0) break;
    }
    current = application.text;
    result = next;
    fixesApplied += application.applied.length;
  }
  return { problems, findings: first.findings.length, fixesApplied, lintMs, fixedText: current };
}

function countByKey(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.ruleId}:${finding.messageId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export type { RuleId };
