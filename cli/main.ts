// async-lint's command line: parse, discover, lint (and fix), report, exit 0 / 1 / 2.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, ConfigResolver, loadConfigFile, matchingOverrides, resolveRuleSettings } from "../rules/core/config";
import { languageOf } from "../rules/core/engine";
import { initPython } from "../rules/lang/python/parser";
import { loadTypeScript } from "../rules/lang/typescript/load";
import { isMainThread, workerData } from "node:worker_threads";
import { type CliOptions, type FormatName, type MergeOptions, parseArgs, UsageError } from "./args";
import type { FixNeed } from "../rules/core/fixes";
import { LintCache, toolKey } from "./cache";
import { discoverFiles } from "./files";
import { ignoredReason } from "./ignores";
import { countReport, type FormatContext, type Formatter } from "./formatters/common";
import { formatGithub } from "./formatters/github";
import { formatJson } from "./formatters/json";
import { formatSarif } from "./formatters/sarif";
import { formatStylish } from "./formatters/stylish";
import { createLog, displayPath, type Log, Progress } from "./log";
import { TypedPrograms } from "./programs";
import { mergeJson, mergeSarif, readReport, toRunReport } from "./merge";
import { type RunReport, runLint } from "./run";
import { filesOfShard } from "./shard";
import { withBulkSuppressions } from "./suppressions";
import { lintInWorkers, replayLog, runWorker, type WorkerSetup, workerCount } from "./workers";

const VERSION = packageVersion();

const FORMATTERS: Record<FormatName, Formatter> = { stylish: formatStylish, json: formatJson, sarif: formatSarif, github: formatGithub };
/** The fixes each format shows: JSON has suggestions; SARIF only safe fixes; stylish and github count the safe ones. */
const FIXES_SHOWN: Record<FormatName, FixNeed> = { stylish: "safe", json: "all", sarif: "safe", github: "safe" };

export async function main(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  let progress: Progress | undefined;
  const debug = argv.includes("--debug");
  const log = createLog((text) => process.stderr.write(text), debug, () => progress?.clear());
  try {
    const parsed = parseArgs(argv, VERSION, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
    if (parsed.kind === "exit") return parsed.code;
    if (parsed.kind === "merge") return runMerge(parsed.options, log);
    const options = parsed.options;
    const cwd = process.cwd();
    const resolver = new ConfigResolver(options.config ? loadConfigFile(path.resolve(cwd, options.config)) : undefined);

    if (options.printConfig !== undefined) {
      writeOutput(printConfig(path.resolve(cwd, options.printConfig), cwd, resolver, options), options);
      return 0;
    }

    let lintSet = discoverFiles({ cwd, patterns: options.patterns, resolver, log });
    if (lintSet.some((file) => languageOf(file) === "python")) lintSet = await withPython(lintSet, log);
    if (lintSet.some((file) => languageOf(file) === "typescript")) loadTypeScript();
    // A shard lints its part, but call chains still see every file (so its findings are those of a whole run).
    const files = options.shard ? filesOfShard(lintSet, cwd, options.shard) : lintSet;
    const discovered = performance.now();
    log.debug(`found ${files.length} files to lint${options.shard ? ` (shard ${options.shard.index}/${options.shard.count} of ${lintSet.length})` : ""} in ${ms(discovered - started)}`);
    if (Progress.wanted(files.length, process.stderr, process.env)) progress = new Progress(files.length, process.stderr);

    const cacheLocation = options.cacheLocation ? path.resolve(cwd, options.cacheLocation) : undefined;
    const tool = toolKey(VERSION);
    const cache = cacheLocation ? LintCache.open(cacheLocation, tool, (message) => log.warn(message), displayPath(cacheLocation, cwd)) : undefined;
    const report = withBulkSuppressions(await lintFiles(options, { cwd, files, lintSet, resolver, log, progress, cache, tool }), options, log);
    progress = undefined;
    if (cache) {
      try {
        cache.save();
      } catch (error) {
        log.warn(`cannot write the cache ${options.cacheLocation}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
    const linted = performance.now();

    const context: FormatContext = {
      cwd,
      version: VERSION,
      color: options.color ?? (!options.outputFile && !!process.stdout.isTTY && !process.env.NO_COLOR),
    };
    writeOutput(FORMATTERS[options.format](report, context), options);

    const { stats } = report;
    log.debug(
      `linted ${stats.linted} files (${stats.typed} typed${cache ? `, ${stats.cached} from the cache` : ""}) in ${ms(linted - discovered)}: building programs ${ms(stats.programMs)}, ` +
        `linting ${ms(stats.lintMs)}; fixed ${stats.fixesApplied} problems in ${stats.fixedFiles} files; total ${ms(performance.now() - started)}`,
    );
    return exitCode(report, options, log);
  } catch (error) {
    progress?.clear();
    return reportFailure(error, log);
  }
}

interface LintContext {
  cwd: string;
  files: string[];
  lintSet: string[];
  resolver: ConfigResolver;
  log: Log;
  progress: Progress | undefined;
  cache: LintCache | undefined;
  tool: string;
}

/**
 * Lints on the main thread, or with worker threads for the files linted without types (typed files need their
 * program, which lives on the main thread). Fix runs stay on one thread: a file's fixes are seen by later files.
 */
async function lintFiles(options: CliOptions, context: LintContext): Promise<RunReport> {
  const { cwd, files, lintSet, resolver, log, cache } = context;
  const fixMode = options.fix ? "fix" : options.fixDryRun ? "dry-run" : "none";
  const fixNeed = FIXES_SHOWN[options.format];
  const common = {
    cwd,
    fixNeed,
    lintSet,
    resolver,
    ruleOverrides: options.ruleOverrides,
    engine: options.engine,
    quiet: options.quiet,
    reportUnusedDirectives: options.reportUnusedDirectives,
    log,
    cache,
  };
  let offMain: string[] = [];
  // Which files may be typed (they stay on the main thread, with the programs): worth reading tsconfigs only when workers may run.
  if (fixMode === "none" && workerCount(options.workers, files.length) > 0) {
    const programs = new TypedPrograms({ mode: options.typed, onProjectProblem: () => {} });
    programs.plan(lintSet);
    const typedCandidate = (file: string) =>
      languageOf(file) === "typescript" && (options.typed === true || (options.typed === undefined && programs.tsconfigFor(file) !== undefined));
    offMain = files.filter((file) => !typedCandidate(file));
  }
  const count = workerCount(options.workers, offMain.length);
  if (count === 0) return runLint({ ...common, files, typed: options.typed, fixMode, progress: context.progress });

  log.debug(`linting ${offMain.length} files on ${count} worker threads`);
  const setup: WorkerSetup = {
    kind: "async-lint-worker",
    cwd,
    lintSet,
    configPath: options.config ? path.resolve(cwd, options.config) : undefined,
    ruleOverrides: options.ruleOverrides,
    reportUnusedDirectives: options.reportUnusedDirectives,
    fixNeed,
    quiet: options.quiet,
    debug: log.debugEnabled,
    cache: cache ? { location: cache.location, tool: context.tool } : undefined,
  };
  const batches = await lintInWorkers(setup, offMain, count, (done) => context.progress?.update(done));
  context.progress?.clear();
  const offMainSet = new Set(offMain);
  const onMain = runLint({ ...common, files: files.filter((file) => !offMainSet.has(file)), typed: options.typed, fixMode });

  const order = new Map(files.map((file, index) => [file, index]));
  const report: RunReport = { ...onMain, files: [...onMain.files], notifications: [...onMain.notifications] };
  for (const batch of batches) {
    replayLog(batch.logCalls, log);
    report.files.push(...batch.files);
    report.notifications.push(...batch.notifications);
    for (const key of Object.keys(report.stats) as (keyof RunReport["stats"])[]) report.stats[key] += batch.stats[key];
    for (const [filePath, entry] of Object.entries(batch.cacheEntries)) cache?.store(filePath, entry);
  }
  report.files.sort((a, b) => order.get(a.filePath)! - order.get(b.filePath)!);
  // Notifications in file order, as one thread would give them (those about no linted file, e.g. a tsconfig, first).
  const rank = (n: { filePath?: string }) => (n.filePath !== undefined ? (order.get(n.filePath) ?? -1) : -1);
  report.notifications.sort((a, b) => rank(a) - rank(b));
  return report;
}

/** `async-lint merge`: reads the reports, writes one, exits 1 when the merged findings hold errors. */
function runMerge(options: MergeOptions, log: Log): number {
  const cwd = process.cwd();
  const reports = options.reports.map((file) => readReport(file, cwd));
  const warn = (message: string) => log.warn(message);
  let text: string;
  let errors: number;
  if (options.format === "json" && reports.every((r) => r.kind === "json")) {
    const results = mergeJson(reports, warn);
    text = JSON.stringify(results) + "\n";
    errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  } else if (options.format === "sarif" && reports.every((r) => r.kind === "sarif")) {
    const merged = mergeSarif(reports.map((r) => r.log));
    text = JSON.stringify(merged, null, 2) + "\n";
    errors = merged.runs.reduce((sum, run) => sum + (run.results ?? []).filter((result) => (result.level ?? "warning") === "error").length, 0);
  } else {
    const report = toRunReport(reports, cwd, warn);
    const context: FormatContext = { cwd, version: VERSION, color: options.color ?? (!options.outputFile && !!process.stdout.isTTY && !process.env.NO_COLOR) };
    text = FORMATTERS[options.format](report, context);
    errors = countReport(report).errors;
  }
  writeOutput(text, options);
  return errors > 0 ? 1 : 0;
}

/** Loads the Python parser (WebAssembly, asynchronous); without it, .py files are reported and left out. */
async function withPython(files: string[], log: Log): Promise<string[]> {
  try {
    await initPython();
    return files;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const skipped = files.filter((file) => languageOf(file) === "python");
    log.error(`cannot load the Python parser, ${skipped.length} .py files not linted: ${message.replace(/^async-lint: /, "")}`, error instanceof Error ? error.stack : undefined);
    return files.filter((file) => languageOf(file) !== "python");
  }
}

/** The build defines the version; a build made without npm (node scripts/build.mjs) falls back to package.json. */
function packageVersion(): string {
  const defined = process.env.ASYNC_LINT_VERSION;
  if (defined && defined !== "0.0.0") return defined;
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return defined ?? "0.0.0";
  }
}

function exitCode(report: ReturnType<typeof runLint>, options: CliOptions, log: Log): number {
  const counts = countReport(report);
  let code = counts.errors > 0 ? 1 : 0;
  if (options.maxWarnings !== undefined && counts.warnings > options.maxWarnings) {
    log.note(`too many warnings (${counts.warnings}; --max-warnings is ${options.maxWarnings})`);
    code = 1;
  }
  // Rule crashes and unreadable files: the report is incomplete.
  return log.errorCount > 0 ? 2 : code;
}

function reportFailure(error: unknown, log: Log): number {
  if (error instanceof UsageError || error instanceof ConfigError) {
    log.error(error.message, log.debugEnabled ? error.stack : undefined);
  } else if (error instanceof OutputError) {
    log.error(error.message, log.debugEnabled ? error.stack : undefined);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`internal error: ${message.replace(/\s*\r?\n\s*/g, " ")}${log.debugEnabled ? "" : " (run with --debug for details)"}`, error instanceof Error ? error.stack : undefined);
  }
  return 2;
}

class OutputError extends Error {}

function writeOutput(text: string, options: { outputFile: string | undefined }): void {
  if (!options.outputFile) {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(options.outputFile);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new OutputError(`cannot write the report to ${options.outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function printConfig(filePath: string, cwd: string, resolver: ConfigResolver, options: CliOptions): string {
  loadTypeScript();
  const config = resolver.configFor(filePath);
  const settings = resolveRuleSettings(config, options.ruleOverrides, filePath);
  const overrides = matchingOverrides(config, filePath);
  const rules: Record<string, [string, unknown]> = {};
  for (const [id, setting] of settings) rules[id] = [setting.severity, setting.options];
  const reason = ignoredReason(filePath, cwd, resolver);
  const programs = new TypedPrograms({ mode: false, onProjectProblem: () => {} });
  const printed = {
    filePath,
    configFile: config?.path ?? null,
    tsconfig: options.typed === false ? null : (programs.tsconfigFor(filePath) ?? null),
    ignored: reason !== undefined,
    ...(reason ? { ignoredBecause: reason } : {}),
    // Which `overrides` changed the rules for this file (the default one for test files included).
    ...(overrides.length > 0 ? { overrides: overrides.map((override) => ({ files: override.files, rules: override.rules })) } : {}),
    rules,
  };
  return JSON.stringify(printed, null, 2) + "\n";
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

// Ignore EPIPE (output piped into `head` and the like); anything else is a real failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

if (!isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.kind === "async-lint-worker") {
  void runWorker(workerData as WorkerSetup);
} else if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
