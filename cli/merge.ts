// `async-lint merge`: one report from the reports of several runs (the jobs of a --shard matrix). Inputs are
// ESLint-format JSON (--format json) or SARIF (--format sarif), detected from their content. JSON to JSON and
// SARIF to SARIF are merged as they are (nothing lost); any other combination goes through the run report the
// formatters take. Reports of disjoint shards merge into what one run over all the files would have printed.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type * as Sarif from "sarif";
import type { ActiveSeverity, Finding, Fix, RuleId } from "../rules/core/model";
import { docsUrlOf, ruleById } from "../rules/core/registry";
import { UsageError } from "./args";
import type { JsonMessage, JsonResult } from "./formatters/json";
import { DIRECTIVE_RULE_ID } from "./formatters/sarif";
import type { FileReport, RunReport, ToolNotification } from "./run";

export type ParsedReport = { kind: "json"; file: string; results: JsonResult[] } | { kind: "sarif"; file: string; log: Sarif.Log };

/** Reads a report and tells its format from its content. */
export function readReport(file: string, cwd: string): ParsedReport {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`merge: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`merge: ${file} is not JSON (expected a report written with --format json or --format sarif)`);
  }
  if (Array.isArray(value) && value.every(isJsonResult)) return { kind: "json", file, results: value };
  if (isSarifLog(value)) return { kind: "sarif", file, log: value };
  throw new UsageError(`merge: ${file} is neither an ESLint-format JSON report nor a SARIF 2.1.0 log`);
}

function isJsonResult(value: unknown): value is JsonResult {
  const result = value as Partial<JsonResult> | null;
  return typeof result === "object" && result !== null && typeof result.filePath === "string" && Array.isArray(result.messages);
}

function isSarifLog(value: unknown): value is Sarif.Log {
  const log = value as Partial<Sarif.Log> | null;
  return typeof log === "object" && log !== null && log.version === "2.1.0" && Array.isArray(log.runs);
}

/** ESLint-format results of several reports: one result per file, in path order (as one run prints them). */
export function mergeJson(reports: readonly { file: string; results: JsonResult[] }[], warn: (message: string) => void): JsonResult[] {
  const byPath = new Map<string, JsonResult>();
  for (const report of reports) {
    for (const result of report.results) {
      if (byPath.has(result.filePath)) {
        warn(`merge: ${result.filePath} is in more than one report; keeping the first (from an earlier report than ${report.file})`);
        continue;
      }
      byPath.set(result.filePath, result);
    }
  }
  return [...byPath.values()].sort((a, b) => compare(a.filePath, b.filePath));
}

/**
 * SARIF logs as one: per tool, one run with the union of the rules (results' rule indexes remapped), the
 * results in artifact order, the artifacts without duplicates and one invocation that succeeded only if all did.
 */
export function mergeSarif(logs: readonly Sarif.Log[]): Sarif.Log {
  const merged = new Map<string, Sarif.Run>();
  for (const log of logs) {
    for (const run of log.runs) {
      const name = run.tool.driver.name;
      let target = merged.get(name);
      if (!target) {
        target = {
          ...run,
          tool: { ...run.tool, driver: { ...run.tool.driver, rules: [] } },
          results: [],
          artifacts: run.artifacts ? [] : undefined,
          invocations: run.invocations ? [] : undefined,
        };
        merged.set(name, target);
      }
      const rules = target.tool.driver.rules!;
      const ruleIndexes = (run.tool.driver.rules ?? []).map((rule) => {
        const existing = rules.findIndex((r) => r.id === rule.id);
        if (existing >= 0) return existing;
        rules.push(rule);
        return rules.length - 1;
      });
      const sameBase = JSON.stringify(run.originalUriBaseIds ?? {}) === JSON.stringify(target.originalUriBaseIds ?? {});
      for (const result of run.results ?? []) {
        const copy: Sarif.Result = { ...result };
        if (result.ruleIndex !== undefined && ruleIndexes[result.ruleIndex] !== undefined) copy.ruleIndex = ruleIndexes[result.ruleIndex];
        // Runs from different working folders: their relative locations are made absolute.
        if (!sameBase && copy.locations) copy.locations = copy.locations.map((location) => absoluteLocation(location, run));
        target.results!.push(copy);
      }
      for (const artifact of run.artifacts ?? []) {
        if (!target.artifacts!.some((a) => a.location?.uri === artifact.location?.uri && a.location?.uriBaseId === artifact.location?.uriBaseId)) target.artifacts!.push(artifact);
      }
      if (run.invocations) target.invocations = mergeInvocations([...(target.invocations ?? []), ...run.invocations]);
    }
  }
  for (const run of merged.values()) {
    // Stable: within a file, results keep the order their run gave them.
    run.results = [...run.results!].sort((a, b) => compare(resultUri(a), resultUri(b)));
    if (run.artifacts?.length === 0) delete run.artifacts;
  }
  const first = logs[0];
  return { ...(first?.$schema ? { $schema: first.$schema } : {}), version: "2.1.0", runs: [...merged.values()] };
}

function mergeInvocations(invocations: Sarif.Invocation[]): Sarif.Invocation[] {
  if (invocations.length <= 1) return invocations;
  return [
    {
      executionSuccessful: invocations.every((i) => i.executionSuccessful),
      toolExecutionNotifications: invocations.flatMap((i) => i.toolExecutionNotifications ?? []),
    },
  ];
}

function resultUri(result: Sarif.Result): string {
  const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function absoluteLocation(location: Sarif.Location, run: Sarif.Run): Sarif.Location {
  const artifact = location.physicalLocation?.artifactLocation;
  if (!artifact?.uriBaseId || !artifact.uri) return location;
  const base = run.originalUriBaseIds?.[artifact.uriBaseId]?.uri;
  if (!base) return location;
  return { ...location, physicalLocation: { ...location.physicalLocation, artifactLocation: { uri: new URL(artifact.uri, base).href } } };
}

const LEVEL_TO_SEVERITY: Record<string, ActiveSeverity> = { error: "error", warning: "warning", note: "info", none: "info" };

/** Any mix of reports as a run report, for the formatters. */
export function toRunReport(reports: readonly ParsedReport[], cwd: string, warn: (message: string) => void): RunReport {
  const files = new Map<string, FileReport>();
  const notifications: ToolNotification[] = [];
  const fileOf = (filePath: string, report: string, text?: string): FileReport | undefined => {
    let file = files.get(filePath);
    if (!file) {
      file = { filePath, findings: [], text, bom: false, fixed: false, typed: false };
      files.set(filePath, file);
      return file;
    }
    warn(`merge: ${filePath} is in more than one report; keeping the first (from an earlier report than ${report})`);
    return undefined;
  };
  for (const report of reports) {
    if (report.kind === "json") {
      for (const result of report.results) {
        const text = result.source ?? result.output;
        const file = fileOf(result.filePath, report.file, text);
        if (file) file.findings = result.messages.map((message) => findingOfJson(message, text));
      }
      continue;
    }
    for (const run of report.log.runs) {
      const seen = new Map<string, FileReport | undefined>();
      for (const result of run.results ?? []) {
        const filePath = filePathOf(result.locations?.[0]?.physicalLocation?.artifactLocation, run, cwd);
        if (!filePath) continue;
        if (!seen.has(filePath)) seen.set(filePath, fileOf(filePath, report.file));
        seen.get(filePath)?.findings.push(findingOfSarif(result, run, cwd));
      }
      for (const invocation of run.invocations ?? []) {
        for (const notification of invocation.toolExecutionNotifications ?? []) {
          notifications.push({ level: notification.level === "error" ? "error" : "warning", message: notification.message.text ?? "" });
        }
      }
    }
  }
  return {
    cwd,
    fixMode: "none",
    files: [...files.values()].sort((a, b) => compare(a.filePath, b.filePath)),
    notifications,
    stats: { linted: files.size, typed: 0, cached: 0, fixedFiles: 0, fixesApplied: 0, programMs: 0, lintMs: 0 },
  };
}

function findingOfJson(message: JsonMessage, text: string | undefined): Finding {
  const ruleId = message.ruleId && ruleById(message.ruleId) ? (message.ruleId as RuleId) : null;
  const fixes: Fix[] = [];
  // Fix ranges are offsets into the source: without it they cannot be placed.
  if (text !== undefined && message.fix) fixes.push({ title: "Fix", safety: "safe", edits: [{ start: message.fix.range[0], end: message.fix.range[1], text: message.fix.text }] });
  if (text !== undefined) {
    for (const suggestion of message.suggestions ?? []) {
      fixes.push({ title: suggestion.desc, safety: "unsafe", edits: [{ start: suggestion.fix.range[0], end: suggestion.fix.range[1], text: suggestion.fix.text }] });
    }
  }
  return {
    ruleId,
    messageId: message.messageId,
    message: message.message,
    severity: message.level === "info" ? "info" : message.severity === 2 ? "error" : "warning",
    range: { start: 0, end: 0 },
    location: { line: message.line, column: message.column, endLine: message.endLine ?? message.line, endColumn: message.endColumn ?? message.column },
    related: (message.relatedLocations ?? []).map((related) => ({
      filePath: related.filePath,
      range: { start: 0, end: 0 },
      location: { line: related.line, column: related.column, endLine: related.endLine ?? related.line, endColumn: related.endColumn ?? related.column },
      message: related.message,
    })),
    fixes,
    docsUrl: ruleId ? docsUrlOf(ruleId) : undefined,
  };
}

function findingOfSarif(result: Sarif.Result, run: Sarif.Run, cwd: string): Finding {
  const region = result.locations?.[0]?.physicalLocation?.region ?? {};
  const ruleId = result.ruleId && result.ruleId !== DIRECTIVE_RULE_ID && ruleById(result.ruleId) ? (result.ruleId as RuleId) : null;
  const level = result.level ?? "warning";
  return {
    ruleId,
    messageId: "",
    message: result.message.text ?? "",
    severity: LEVEL_TO_SEVERITY[level] ?? "warning",
    range: { start: 0, end: 0 },
    location: locationOf(region),
    related: (result.relatedLocations ?? []).map((related) => ({
      filePath: filePathOf(related.physicalLocation?.artifactLocation, run, cwd),
      range: { start: 0, end: 0 },
      location: locationOf(related.physicalLocation?.region ?? {}),
      message: related.message?.text ?? "",
    })),
    // A SARIF fix is a set of regions to replace, not offsets; it counts as a safe fix (SARIF carries only those).
    fixes: (result.fixes ?? []).map((fix) => ({ title: fix.description?.text ?? "Fix", safety: "safe" as const, edits: [] })),
    docsUrl: ruleId ? docsUrlOf(ruleId) : undefined,
  };
}

function locationOf(region: Sarif.Region): Finding["location"] {
  const line = region.startLine ?? 1;
  const column = region.startColumn ?? 1;
  return { line, column, endLine: region.endLine ?? line, endColumn: region.endColumn ?? column };
}

function filePathOf(artifact: Sarif.ArtifactLocation | undefined, run: Sarif.Run, cwd: string): string | undefined {
  if (!artifact?.uri) return undefined;
  const base = artifact.uriBaseId ? run.originalUriBaseIds?.[artifact.uriBaseId]?.uri : undefined;
  try {
    const url = new URL(artifact.uri, base ?? `file://${cwd.split(path.sep).join("/")}/`);
    return url.protocol === "file:" ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
