// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
import type { Finding } from "../../rules/core/model";
import { displayPath } from "../log";
import type { Formatter } from "./common";

const COMMAND: Record<Finding["severity"], string> = { error: "error", warning: "warning", info: "notice" };

export const formatGithub: Formatter = (report, context) => {
  let out = "";
  for (const file of report.files) {
    const shown = displayPath(file.filePath, context.cwd);
    for (const finding of file.findings) {
      const { line, column, endLine, endColumn } = finding.location;
      const properties = [
        `file=${escapeProperty(shown)}`,
        `line=${line}`,
        `col=${column}`,
        `endLine=${endLine}`,
        `endColumn=${endColumn}`,
        `title=${escapeProperty(finding.ruleId ? `async-lint (${finding.ruleId})` : "async-lint")}`,
      ];
      out += `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(finding.message)}\n`;
    }
  }
  return out;
};

/** As @actions/core escapes a command's message. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** As @actions/core escapes a property value: also `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
