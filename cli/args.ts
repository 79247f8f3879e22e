// Command-line parsing: turns argv into validated CliOptions, or a usage error (exit 2).
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type ActiveSeverity, type RuleId, SEVERITIES, type Severity, toSeverity } from "../rules/core/model";
import { SUPPRESSIONS_FILE_NAME } from "../rules/core/bulk-suppressions";
import { RULES, ruleById } from "../rules/core/registry";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type FormatName = (typeof FORMATS)[number];

export interface CliOptions {
  /** Files, folders or globs; `["."]` when none were given. */
  patterns: string[];
  format: FormatName;
  fix: boolean;
  fixDryRun: boolean;
  /** `undefined`: typed where a tsconfig covers the file; `true`: always (an inferred program for the rest); `false`: never. */
  typed: boolean | undefined;
  /** Typed mode's compiler: TypeScript 6 in-process, or the TypeScript 7 prototype (type-questions.ts). */
  engine: "ts6" | "ts7";
  /** `undefined`: no limit. */
  maxWarnings: number | undefined;
  ruleOverrides: Partial<Record<RuleId, Severity>>;
  quiet: boolean;
  outputFile: string | undefined;
  config: string | undefined;
  printConfig: string | undefined;
  reportUnusedDirectives: ActiveSeverity | "off";
  debug: boolean;
  /** `undefined`: colours when stdout is a terminal and NO_COLOR is unset. */
  color: boolean | undefined;
  /** Worker threads for syntax-mode files: a number, or "auto" (only for large file sets on several CPUs). */
  workers: number | "auto";
  /** The cache file, when --cache is on. */
  cacheLocation: string | undefined;
  /** `--shard i/n`: lint only the i-th (1-based) of n parts of the file set. */
  shard: { index: number; count: number } | undefined;
  /** Bulk suppressions: record findings (`all` or these rules), or prune; `undefined`: only apply the file. */
  suppress: { kind: "all" } | { kind: "rules"; rules: RuleId[] } | { kind: "prune" } | undefined;
  /** The suppressions file (default async-lint-suppressions.json in the working folder). */
  suppressionsLocation: string | undefined;
  /** Do not fail when recorded suppressions exceed today's findings. */
  passOnUnprunedSuppressions: boolean;
}

export interface MergeOptions {
  reports: string[];
  format: FormatName;
  outputFile: string | undefined;
  color: boolean | undefined;
}

export const DEFAULT_CACHE_LOCATION = ".async-lint-cache";

/** A mistake on the command line: one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** What parsing decided: run with options, or stop now (help, version) with output already written. */
export type ParseOutcome = { kind: "run"; options: CliOptions } | { kind: "merge"; options: MergeOptions } | { kind: "exit"; code: number };

const REPORT_UNUSED = "--report-unused-disable-directives";

export function buildProgram(version: string, write: { out(text: string): void; err(text: string): void }): Command {
  const program = new Command("async-lint")
    .description("Finds async misuse in TypeScript/JavaScript and Python asyncio: blocking calls in async code, serial awaits, I/O without timeouts.")
    .usage("[options] [paths...]")
    .argument("[paths...]", 'files, folders or globs to lint (default: ".")')
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("stylish"))
    .option("--fix", "apply safe fixes to the files in place")
    .option("--fix-dry-run", "show what --fix would change (a unified diff; with --format json an \"output\" field) without writing")
    .option("--typed", "use type information for every file (files outside any tsconfig get an inferred program)")
    .option("--no-typed", "never use type information (faster; syntax only)")
    .addOption(
      new Option("--engine <engine>", "typed mode's compiler: ts6 (bundled TypeScript 6) or ts7 (prototype: the optional TypeScript 7)")
        .choices(["ts6", "ts7"])
        .default("ts6"),
    )
    .option("--max-warnings <n>", "exit with code 1 when there are more than n warnings", parseCount)
    .option("--rule <id:severity>", "override a rule's severity (off, info, warning, error); repeatable", collect)
    .option("--quiet", "report errors only")
    .option("-o, --output-file <file>", "write the report to a file instead of stdout")
    .option("-c, --config <file>", "use this config file instead of looking for async-lint.json")
    .option("--print-config <file>", "print the effective rule settings for a file as JSON and exit")
    .option(`${REPORT_UNUSED} [severity]`, "report async-lint-disable comments that suppress nothing (default severity: warning)")
    .option("--color", "force colours in the stylish output")
    .option("--no-color", "disable colours")
    .option("--cache", `only lint files that changed since the last run (results kept in ${DEFAULT_CACHE_LOCATION})`)
    .option("--cache-location <file>", `where --cache keeps results (default: ${DEFAULT_CACHE_LOCATION} in the working folder)`)
    .option("--workers <n|auto>", "worker threads for files linted without type information (default: auto, for large file sets)", parseWorkers)
    .option("--shard <i/n>", "lint only part i of n of the files (split by path; for parallel CI jobs)", parseShard)
    .option("--suppress-all", `record every finding in ${SUPPRESSIONS_FILE_NAME}; later runs report only new ones`)
    .option("--suppress-rule <id>", `record this rule's findings in ${SUPPRESSIONS_FILE_NAME}; repeatable`, collect)
    .option("--prune-suppressions", "lower recorded suppressions to today's findings (after fixing some)")
    .option("--suppressions-location <file>", `the suppressions file (default: ${SUPPRESSIONS_FILE_NAME} in the working folder)`)
    .option("--pass-on-unpruned-suppressions", "do not exit with code 2 when recorded suppressions exceed today's findings")
    .option("--debug", "print timings and stack traces on stderr")
    .version(version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 no errors (and warnings within --max-warnings); 1 errors or too many warnings;",
        "2 usage, config or internal errors (a rule failing on a whole file, an unreadable file), or suppressions",
        "to prune; a rule failing on one node only warns that the file is partly analysed.",
        "",
        "Merge reports of --shard runs: async-lint merge [--format <format>] [-o <file>] <reports...> (JSON or SARIF)",
        "",
        `Rules: ${RULES.map((rule) => rule.meta.id).join(", ")}`,
      ].join("\n"),
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => write.out(text),
      writeErr: (text) => write.err(text),
      // Errors are reported by the caller as one `async-lint: ...` line.
      outputError: () => {},
    });
  return program;
}

export function parseArgs(argv: readonly string[], version: string, write: { out(text: string): void; err(text: string): void }): ParseOutcome {
  // `merge` is a subcommand; anything else is the lint command's paths (name a file `merge` as ./merge).
  if (argv[0] === "merge") return parseMergeArgs(argv.slice(1), write);
  const program = buildProgram(version, write);
  try {
    program.parse(normalizeArgv(argv), { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
        return { kind: "exit", code: 0 };
      }
      throw new UsageError(oneLine(error.message.replace(/^error: /, "")));
    }
    throw error;
  }
  const raw = program.opts<{
    format: FormatName;
    fix?: boolean;
    fixDryRun?: boolean;
    typed?: boolean;
    engine: "ts6" | "ts7";
    maxWarnings?: number;
    rule?: string[];
    quiet?: boolean;
    outputFile?: string;
    config?: string;
    printConfig?: string;
    reportUnusedDisableDirectives?: string | true;
    color?: boolean;
    debug?: boolean;
    cache?: boolean;
    cacheLocation?: string;
    workers?: number | "auto";
    shard?: { index: number; count: number };
    suppressAll?: boolean;
    suppressRule?: string[];
    pruneSuppressions?: boolean;
    suppressionsLocation?: string;
    passOnUnprunedSuppressions?: boolean;
  }>();
  const patterns = program.args.length > 0 ? [...program.args] : ["."];
  if (raw.fix && raw.fixDryRun) throw new UsageError("--fix and --fix-dry-run cannot be used together");
  if (raw.fixDryRun && (raw.format === "sarif" || raw.format === "github")) {
    throw new UsageError(`--fix-dry-run works with --format stylish (a diff) or json (an "output" field), not ${raw.format}`);
  }
  if (raw.printConfig !== undefined && program.args.length > 0) {
    throw new UsageError("--print-config takes one file and no other paths");
  }
  const suppress = parseSuppressAction(raw);
  if (suppress && raw.quiet) throw new UsageError("--quiet cannot be used with --suppress-all, --suppress-rule or --prune-suppressions (they record every finding)");
  return {
    kind: "run",
    options: {
      patterns,
      format: raw.format,
      fix: !!raw.fix,
      fixDryRun: !!raw.fixDryRun,
      typed: raw.typed,
      engine: raw.engine,
      maxWarnings: raw.maxWarnings,
      ruleOverrides: parseRuleOverrides(raw.rule ?? []),
      quiet: !!raw.quiet,
      outputFile: raw.outputFile,
      config: raw.config,
      printConfig: raw.printConfig,
      reportUnusedDirectives: parseUnusedSeverity(raw.reportUnusedDisableDirectives),
      debug: !!raw.debug,
      color: raw.color,
      workers: raw.workers ?? "auto",
      // As ESLint's: --cache-location alone does not turn the cache on.
      cacheLocation: raw.cache ? (raw.cacheLocation ?? DEFAULT_CACHE_LOCATION) : undefined,
      shard: raw.shard,
      suppress,
      suppressionsLocation: raw.suppressionsLocation,
      passOnUnprunedSuppressions: !!raw.passOnUnprunedSuppressions,
    },
  };
}

function parseSuppressAction(raw: { suppressAll?: boolean; suppressRule?: string[]; pruneSuppressions?: boolean }): CliOptions["suppress"] {
  const given = [raw.suppressAll && "--suppress-all", raw.suppressRule && "--suppress-rule", raw.pruneSuppressions && "--prune-suppressions"].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(" and ")} cannot be used together`);
  if (raw.suppressAll) return { kind: "all" };
  if (raw.pruneSuppressions) return { kind: "prune" };
  if (!raw.suppressRule) return undefined;
  for (const id of raw.suppressRule) {
    if (!ruleById(id)) throw new UsageError(`--suppress-rule ${id}: unknown rule (known rules: ${RULES.map((r) => r.meta.id).join(", ")})`);
  }
  return { kind: "rules", rules: raw.suppressRule as RuleId[] };
}

export function buildMergeProgram(write: { out(text: string): void; err(text: string): void }): Command {
  return new Command("async-lint merge")
    .description("Merges the JSON or SARIF reports of several runs (e.g. the jobs of --shard) into one report.")
    .usage("[options] <reports...>")
    .argument("<reports...>", "report files written with --format json or --format sarif")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("stylish"))
    .option("-o, --output-file <file>", "write the merged report to a file instead of stdout")
    .option("--color", "force colours in the stylish output")
    .option("--no-color", "disable colours")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", "\nExit codes: 0 no errors in the merged findings; 1 errors; 2 unreadable or unknown reports.")
    .exitOverride()
    .configureOutput({ writeOut: (text) => write.out(text), writeErr: (text) => write.err(text), outputError: () => {} });
}

function parseMergeArgs(argv: readonly string[], write: { out(text: string): void; err(text: string): void }): ParseOutcome {
  const program = buildMergeProgram(write);
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") return { kind: "exit", code: 0 };
      throw new UsageError(`merge: ${oneLine(error.message.replace(/^error: /, ""))}`);
    }
    throw error;
  }
  const raw = program.opts<{ format: FormatName; outputFile?: string; color?: boolean }>();
  return { kind: "merge", options: { reports: [...program.args], format: raw.format, outputFile: raw.outputFile, color: raw.color } };
}

function parseWorkers(value: string): number | "auto" {
  if (value === "auto") return "auto";
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError("expected a number ≥ 1 or 'auto'.");
  return Number(value);
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new InvalidArgumentError("expected i/n with 1 ≤ i ≤ n, e.g. 2/4.");
  return { index, count };
}

/**
 * `--report-unused-disable-directives` takes an optional severity. So that `--report-unused-disable-directives src`
 * does not read `src` as the severity, the next word is only taken when it is a severity.
 */
function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === REPORT_UNUSED && !isNamedSeverity(argv[i + 1])) out.push(`${REPORT_UNUSED}=warning`);
    else out.push(arg);
  }
  return out;
}

function parseUnusedSeverity(value: string | true | undefined): ActiveSeverity | "off" {
  if (value === undefined) return "off";
  if (value === true) return "warning";
  if (!isNamedSeverity(value)) throw new UsageError(`${REPORT_UNUSED}: unknown severity '${value}' (expected ${SEVERITIES.join(", ")} or warn)`);
  return toSeverity(value) as ActiveSeverity | "off";
}

/** A severity by name (`warn` included); ESLint's numbers are not taken here, where a path may follow the flag. */
function isNamedSeverity(value: string | undefined): value is string {
  return value !== undefined && !/^\d+$/.test(value) && toSeverity(value) !== undefined;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("expected a whole number ≥ 0.");
  return Number(value);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Spellings other tools use that are not severities here, for a "did you mean" hint. */
const SEVERITY_HINTS: Record<string, string> = { note: "info", warnings: "warning", errors: "error", none: "off" };

export function parseRuleOverrides(values: readonly string[]): Partial<Record<RuleId, Severity>> {
  const overrides: Partial<Record<RuleId, Severity>> = {};
  for (const value of values) {
    const at = value.lastIndexOf(":");
    if (at < 0) throw new UsageError(`--rule ${value}: expected <rule-id>:<severity>, e.g. no-blocking-call:warning`);
    const id = value.slice(0, at).trim();
    const severity = value.slice(at + 1).trim();
    if (!ruleById(id)) throw new UsageError(`--rule ${value}: unknown rule '${id}' (known rules: ${RULES.map((r) => r.meta.id).join(", ")})`);
    const canonical = toSeverity(severity);
    if (!canonical) {
      const hint = SEVERITY_HINTS[severity] ? ` (did you mean '${SEVERITY_HINTS[severity]}'?)` : "";
      throw new UsageError(`--rule ${value}: unknown severity '${severity}'${hint}; expected ${SEVERITIES.join(", ")} (or ESLint's warn, 0, 1, 2)`);
    }
    overrides[id as RuleId] = canonical;
  }
  return overrides;
}

function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
}
