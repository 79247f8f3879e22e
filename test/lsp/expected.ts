// What the analysis core itself reports for a text, in the same one-line form as `summarize`: the server must
// convey exactly this (positions, severity, rule, message), whatever the rules' wording is at the time.
import { resolveRuleSettings } from "../../rules/core/config";
import { lintSource } from "../../rules/core/engine";
import type { Finding, RuleId, Severity } from "../../rules/core/model";
import { TsProjects } from "../../rules/lang/typescript/project";
import { LintSetSources } from "../../rules/core/sources";

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3 } as const;

export interface ExpectedOptions {
  typed?: boolean;
  overrides?: Partial<Record<RuleId, Severity>>;
  /** Other files syntax mode may follow imports into. */
  lintSet?: string[];
}

export function expectedFindings(filePath: string, text: string, options: ExpectedOptions = {}): Finding[] {
  const program = options.typed ? new TsProjects().programFor(filePath) : undefined;
  if (options.typed && !program) throw new Error(`no tsconfig program for ${filePath}`);
  const result = lintSource({
    filePath,
    text,
    rules: resolveRuleSettings(undefined, options.overrides),
    program,
    sources: options.lintSet ? new LintSetSources(options.lintSet) : undefined,
  });
  return result.findings;
}

export function expectedSummary(filePath: string, text: string, options: ExpectedOptions = {}): string[] {
  return expectedFindings(filePath, text, options).map(
    (f) => `${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn} ${SEVERITY_NUMBER[f.severity]} ${String(f.ruleId ?? undefined)} ${f.message}`,
  );
}

/**
 * `line:col severity code` of each entry of a summary that is about `rule` (default no-blocking-call): the part a
 * test pins down by hand. Other rules land independently; the exact comparison with the core covers them.
 */
export function positions(summary: readonly string[], rule = "no-blocking-call"): string[] {
  return summary.filter((line) => line.split(" ")[2] === rule).map((line) => {
    const [range, severity, code] = line.split(" ");
    return `${range.split("-")[0]} ${severity} ${code}`;
  });
}
