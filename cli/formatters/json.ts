// ESLint-compatible JSON: one result per linted file, so ESLint tooling can read async-lint's output.
import { fixesOf } from "../../rules/core/fixes";
import type { Finding } from "../../rules/core/model";
import { withBom } from "../io";
import type { FileReport } from "../run";
import { countFindings, type Formatter, mergedFix } from "./common";

export interface JsonMessage {
  ruleId: string | null;
  /** 2 error, 1 warning or info (ESLint has no info level; see `level`). */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: { range: [number, number]; text: string };
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
  messageId: string;
  /** Only on info findings, which count as neither errors nor warnings. */
  level?: "info";
  /**
   * Not in ESLint's shape (its tools ignore unknown fields): the other places a finding is about, such as the other
   * awaits of a serial run or the helper that blocks. Only when there are some; SARIF's `relatedLocations`.
   */
  relatedLocations?: JsonRelatedLocation[];
}

export interface JsonRelatedLocation {
  /** Absent: the message's own file. */
  filePath?: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  output?: string;
}

export const formatJson: Formatter = (report) => JSON.stringify(report.files.map(toResult)) + "\n";

function toResult(file: FileReport): JsonResult {
  const counts = countFindings(file.findings);
  const result: JsonResult = {
    filePath: file.filePath,
    messages: file.findings.map((finding) => toMessage(finding, file.text ?? "")),
    errorCount: counts.errors,
    fatalErrorCount: 0,
    warningCount: counts.warnings,
    fixableErrorCount: counts.fixableErrors,
    fixableWarningCount: counts.fixableWarnings,
  };
  // As ESLint: `output` when fixes changed the file, else `source` when there are messages.
  if (file.fixed && file.text !== undefined) result.output = withBom(file.text, file.bom);
  else if (file.findings.length > 0 && file.text !== undefined) result.source = file.text;
  return result;
}

function toMessage(finding: Finding, text: string): JsonMessage {
  const message: JsonMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity === "error" ? 2 : 1,
    message: finding.message,
    line: finding.location.line,
    column: finding.location.column,
    endLine: finding.location.endLine,
    endColumn: finding.location.endColumn,
    messageId: finding.messageId,
  };
  const fixes = fixesOf(finding);
  const safe = fixes.find((fix) => fix.safety === "safe");
  const fix = safe && mergedFix(safe, text);
  if (fix) message.fix = fix;
  const suggestions = fixes
    .filter((f) => f.safety === "unsafe")
    .flatMap((f) => {
      const merged = mergedFix(f, text);
      return merged ? [{ desc: f.title, fix: merged }] : [];
    });
  if (suggestions.length > 0) message.suggestions = suggestions;
  if (finding.severity === "info") message.level = "info";
  if (finding.related.length > 0) {
    message.relatedLocations = finding.related.map((related) => ({
      ...(related.filePath ? { filePath: related.filePath } : {}),
      message: related.message,
      line: related.location.line,
      column: related.location.column,
      endLine: related.location.endLine,
      endColumn: related.location.endColumn,
    }));
  }
  return message;
}
