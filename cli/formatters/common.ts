// What every formatter shares: the input, counting, and fixes in ESLint's one-range shape.
import { hasSafeFix } from "../../rules/core/fixes";
import type { Finding, Fix } from "../../rules/core/model";
import type { RunReport } from "../run";

export interface FormatContext {
  cwd: string;
  version: string;
  /** ANSI colours (stylish only). */
  color: boolean;
}

export type Formatter = (report: RunReport, context: FormatContext) => string;

export const TOOL_NAME = "async-lint";

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings with a safe fix (what --fix would apply). */
  fixable: number;
  fixableErrors: number;
  fixableWarnings: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0, fixable: 0, fixableErrors: 0, fixableWarnings: 0 };
  for (const finding of findings) {
    const fixable = hasSafeFix(finding);
    if (finding.severity === "error") {
      counts.errors++;
      if (fixable) counts.fixableErrors++;
    } else if (finding.severity === "warning") {
      counts.warnings++;
      if (fixable) counts.fixableWarnings++;
    } else {
      counts.infos++;
    }
    if (fixable) counts.fixable++;
  }
  return counts;
}

export function countReport(report: RunReport): Counts {
  return countFindings(report.files.flatMap((file) => file.findings));
}

/**
 * A fix as one replacement, the way ESLint's `fix` is: the edits' overall range, with the text between the
 * edits copied from the source. `undefined` when the edits overlap.
 */
export function mergedFix(fix: Fix, text: string): { range: [number, number]; text: string } | undefined {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  if (edits.length === 0) return undefined;
  let out = "";
  let at = edits[0].start;
  for (const edit of edits) {
    if (edit.start < at) return undefined;
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { range: [edits[0].start, at], text: out };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
