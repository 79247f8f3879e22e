// --suppress-all, --suppress-rule, --prune-suppressions and the suppressions file on every run (see
// rules/core/bulk-suppressions.ts for the counting).
import * as fs from "node:fs";
import * as path from "node:path";
import {
  applySuppressions,
  parseSuppressions,
  serializeSuppressions,
  SUPPRESSIONS_FILE_NAME,
  type SuppressionCounts,
  suppressionKey,
  updateSuppressions,
} from "../rules/core/bulk-suppressions";
import { ConfigError } from "../rules/core/config";
import type { Finding } from "../rules/core/model";
import type { CliOptions } from "./args";
import { displayPath, type Log } from "./log";
import type { RunReport } from "./run";

/** Applies the suppressions file to the report (recording or pruning first when asked); returns the report shown. */
export function withBulkSuppressions(report: RunReport, options: CliOptions, log: Log): RunReport {
  const location = path.resolve(report.cwd, options.suppressionsLocation ?? SUPPRESSIONS_FILE_NAME);
  const shown = displayPath(location, report.cwd);
  const baseDir = path.dirname(location);
  let counts = readSuppressions(location, options.suppressionsLocation !== undefined);
  if (!counts && !options.suppress) return report;

  if (options.suppress) {
    const linted = new Map(report.files.map((file) => [suppressionKey(file.filePath, baseDir), file.findings] as const));
    const action = options.suppress.kind === "prune" ? { kind: "prune" as const } : { kind: "suppress" as const, rules: options.suppress.kind === "rules" ? new Set<string>(options.suppress.rules) : undefined };
    const previous = counts ?? new Map();
    counts = updateSuppressions(previous, linted, action);
    if (action.kind === "prune") for (const file of [...counts.keys()]) if (!fs.existsSync(path.join(baseDir, file))) counts.delete(file);
    try {
      fs.mkdirSync(path.dirname(location), { recursive: true });
      fs.writeFileSync(location, serializeSuppressions(counts));
    } catch (error) {
      throw new ConfigError(location, undefined, undefined, `cannot write the suppressions file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    log.note(`${shown}: ${describeCounts(counts)}`);
  }

  let unused = 0;
  const files = report.files.map((file) => {
    const outcome = applySuppressions(file.findings, counts!.get(suppressionKey(file.filePath, baseDir)));
    unused += outcome.unused.length;
    return outcome.kept === file.findings ? file : { ...file, findings: outcome.kept as Finding[] };
  });
  if (unused > 0 && !options.suppress && !options.passOnUnprunedSuppressions) {
    log.error(
      `${shown} records more findings than there are now for ${unused} file and rule pair${unused === 1 ? "" : "s"}: ` +
        "run with --prune-suppressions to lower the counts (so that new findings there are caught), or pass --pass-on-unpruned-suppressions",
    );
  }
  return { ...report, files };
}

function readSuppressions(location: string, explicit: boolean): SuppressionCounts | undefined {
  let text: string;
  try {
    text = fs.readFileSync(location, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return undefined;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new ConfigError(location, undefined, undefined, `cannot read the suppressions file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSuppressions(location, text);
}

function describeCounts(counts: SuppressionCounts): string {
  let findings = 0;
  for (const rules of counts.values()) for (const count of rules.values()) findings += count;
  return `${findings} finding${findings === 1 ? "" : "s"} suppressed in ${counts.size} file${counts.size === 1 ? "" : "s"}`;
}
