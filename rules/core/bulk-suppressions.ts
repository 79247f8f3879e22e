// Bulk suppressions, as ESLint (9.24+) has them: a file that records, per linted file and rule, how many findings
// existed when a team adopted async-lint. Those are not reported while the count does not grow; once a file has
// more findings of a rule than recorded, all of that rule's findings in the file are reported (which one is new
// cannot be known: lines move). The CLI writes the file (--suppress-all, --suppress-rule, --prune-suppressions),
// and the CLI and the language server read it. Pure: reading and writing the file is the hosts' job.
import * as path from "node:path";
import { ConfigError } from "./config";
import type { Finding } from "./model";

export const SUPPRESSIONS_FILE_NAME = "async-lint-suppressions.json";

/** File (relative to the suppressions file's folder, `/`-separated) → rule id → suppressed count. */
export type SuppressionCounts = Map<string, Map<string, number>>;

export function suppressionKey(filePath: string, baseDir: string): string {
  return path.relative(baseDir, filePath).split(path.sep).join("/");
}

/** Reads the file's JSON (ESLint's shape: `{ "<file>": { "<rule>": { "count": n } } }`); a bad file is a ConfigError. */
export function parseSuppressions(filePath: string, text: string): SuppressionCounts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(filePath, undefined, undefined, `invalid JSON: ${(error as Error).message}`);
  }
  const problem = (what: string) => new ConfigError(filePath, undefined, undefined, `${what} (expected { "<file>": { "<rule-id>": { "count": <n> } } })`);
  if (!isObject(value)) throw problem("not a JSON object");
  const counts: SuppressionCounts = new Map();
  for (const [file, rules] of Object.entries(value)) {
    if (!isObject(rules)) throw problem(`"${file}" is not an object`);
    const byRule = new Map<string, number>();
    for (const [rule, entry] of Object.entries(rules)) {
      const count = isObject(entry) ? entry.count : undefined;
      if (typeof count !== "number" || !Number.isInteger(count) || count < 1) throw problem(`"${file}" › "${rule}" has no count ≥ 1`);
      byRule.set(rule, count);
    }
    counts.set(file, byRule);
  }
  return counts;
}

/** The file's text: files and rules sorted, so that the file diffs well under version control. */
export function serializeSuppressions(counts: SuppressionCounts): string {
  const out: Record<string, Record<string, { count: number }>> = {};
  for (const file of [...counts.keys()].sort()) {
    const rules = counts.get(file)!;
    if (rules.size === 0) continue;
    out[file] = Object.fromEntries([...rules.keys()].sort().map((rule) => [rule, { count: rules.get(rule)! }]));
  }
  return JSON.stringify(out, null, 2) + "\n";
}

export function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  // Problems that belong to no rule (a file that does not parse) are never suppressed.
  for (const { ruleId } of findings) if (ruleId !== null) counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
  return counts;
}

export interface SuppressionOutcome {
  /** The findings still reported. */
  kept: Finding[];
  /** Rules whose recorded count is above today's: the file improved, and `--prune-suppressions` would lower them. */
  unused: { rule: string; recorded: number; found: number }[];
}

/** One file's findings under its recorded counts. */
export function applySuppressions(findings: Finding[], recorded: ReadonlyMap<string, number> | undefined): SuppressionOutcome {
  if (!recorded || recorded.size === 0) return { kept: findings, unused: [] };
  const found = countByRule(findings);
  const kept = findings.filter(({ ruleId }) => ruleId === null || (found.get(ruleId) ?? 0) > (recorded.get(ruleId) ?? 0));
  const unused = [...recorded]
    .filter(([rule, count]) => (found.get(rule) ?? 0) < count)
    .map(([rule, count]) => ({ rule, recorded: count, found: found.get(rule) ?? 0 }));
  return { kept, unused };
}

/**
 * The counts after a run that suppresses (`rules`: which rules' findings to record, all when undefined) or prunes,
 * for the files linted in that run; entries of files the run did not lint (another shard, another folder) stay.
 */
export function updateSuppressions(
  previous: SuppressionCounts,
  linted: ReadonlyMap<string, readonly Finding[]>,
  action: { kind: "suppress"; rules?: ReadonlySet<string> } | { kind: "prune" },
): SuppressionCounts {
  const next: SuppressionCounts = new Map([...previous].map(([file, rules]) => [file, new Map(rules)]));
  for (const [file, findings] of linted) {
    const found = countByRule(findings);
    const rules = next.get(file) ?? new Map<string, number>();
    if (action.kind === "suppress") {
      for (const [rule, count] of found) if (!action.rules || action.rules.has(rule)) rules.set(rule, count);
    } else {
      for (const [rule, count] of rules) {
        const now = Math.min(count, found.get(rule) ?? 0);
        if (now === 0) rules.delete(rule);
        else rules.set(rule, now);
      }
    }
    if (rules.size > 0) next.set(file, rules);
    else next.delete(file);
  }
  return next;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
