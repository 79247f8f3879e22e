// The default, human-readable report, laid out like ESLint's stylish formatter.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import pc from "picocolors";
import { displayPath } from "../log";
import type { FileReport } from "../run";
import { countReport, type Formatter, plural } from "./common";

export const formatStylish: Formatter = (report, context) => {
  const c = pc.createColors(context.color);
  let out = "";

  if (report.fixMode === "dry-run") {
    for (const file of report.files) if (file.fixed) out += colorDiff(diffOf(file, context.cwd), c);
  }

  const withFindings = report.files.filter((file) => file.findings.length > 0);
  for (const file of withFindings) {
    const rows = file.findings.map((finding) => ({
      line: String(finding.location.line),
      column: String(finding.location.column),
      severity: finding.severity,
      message: finding.message,
      ruleId: finding.ruleId ?? "",
    }));
    const lineWidth = Math.max(...rows.map((r) => r.line.length));
    const columnWidth = Math.max(...rows.map((r) => r.column.length));
    const severityWidth = Math.max(...rows.map((r) => r.severity.length));
    const messageWidth = Math.max(...rows.map((r) => r.message.length));
    out += `\n${c.underline(displayPath(file.filePath, context.cwd))}\n`;
    for (const row of rows) {
      const position = c.dim(`${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`);
      const severity = row.severity === "error" ? c.red : row.severity === "warning" ? c.yellow : c.blue;
      const cells = [`  ${position}`, severity(row.severity.padEnd(severityWidth)), row.ruleId ? row.message.padEnd(messageWidth) : row.message];
      if (row.ruleId) cells.push(c.dim(row.ruleId));
      out += `${cells.join("  ")}\n`;
    }
  }

  const counts = countReport(report);
  const total = counts.errors + counts.warnings + counts.infos;
  if (total > 0) {
    const summaryColor = counts.errors > 0 ? c.red : counts.warnings > 0 ? c.yellow : c.blue;
    const summary = `✖ ${plural(total, "problem")} (${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}, ${plural(counts.infos, "info")})`;
    out += `\n${summaryColor(c.bold(summary))}\n`;
    if (counts.fixable > 0) out += `${summaryColor(c.bold(`  ${counts.fixable} fixable with --fix`))}\n`;
    out += "\n";
  }
  return out;
};

export function diffOf(file: FileReport, cwd: string): string {
  const shown = displayPath(file.filePath, cwd);
  const relative = !shown.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(shown);
  return createTwoFilesPatch(
    relative ? `a/${shown}` : shown,
    relative ? `b/${shown}` : shown,
    file.originalText ?? "",
    file.text ?? "",
    undefined,
    undefined,
    { headerOptions: FILE_HEADERS_ONLY },
  );
}

function colorDiff(diff: string, c: ReturnType<typeof pc.createColors>): string {
  return diff
    .split("\n")
    .map((line) =>
      line.startsWith("+++") || line.startsWith("---")
        ? c.bold(line)
        : line.startsWith("+")
          ? c.green(line)
          : line.startsWith("-")
            ? c.red(line)
            : line.startsWith("@@")
              ? c.cyan(line)
              : line,
    )
    .join("\n");
}
