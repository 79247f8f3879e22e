// async-lint's command line: parse, discover, lint (and fix), report, exit 0 / 1 / 2.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, ConfigResolver, loadConfigFile, resolveRuleSettings } from "../rules/core/config";
import { languageOf } from "../rules/core/engine";
import { initPython } from "../rules/lang/python/parser";
import { type CliOptions, type FormatName, parseArgs, UsageError } from "./args";
import { discoverFiles, ignoredReason } from "./files";
import { countReport, type FormatContext, type Formatter } from "./formatters/common";
import { formatGithub } from "./formatters/github";
import { formatJson } from "./formatters/json";
import { formatSarif } from "./formatters/sarif";
import { formatStylish } from "./formatters/stylish";
import { createLog, type Log, Progress } from "./log";
import { TypedPrograms } from "./programs";
import { runLint } from "./run";

const VERSION = packageVersion();

const FORMATTERS: Record<FormatName, Formatter> = { stylish: formatStylish, json: formatJson, sarif: formatSarif, github: formatGithub };

export async function main(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  let progress: Progress | undefined;
  const debug = argv.includes("--debug");
  const log = createLog((text) => process.stderr.write(text), debug, () => progress?.clear());
  try {
    const parsed = parseArgs(argv, VERSION, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
    if (parsed.kind === "exit") return parsed.code;
    const options = parsed.options;
    const cwd = process.cwd();
    const resolver = new ConfigResolver(options.config ? loadConfigFile(path.resolve(cwd, options.config)) : undefined);

    if (options.printConfig !== undefined) {
      writeOutput(printConfig(path.resolve(cwd, options.printConfig), cwd, resolver, options), options);
      return 0;
    }

    let files = discoverFiles({ cwd, patterns: options.patterns, resolver, log });
    if (files.some((file) => languageOf(file) === "python")) files = await withPython(files, log);
    const discovered = performance.now();
    log.debug(`found ${files.length} files to lint in ${ms(discovered - started)}`);
    if (Progress.wanted(files.length, process.stderr, process.env)) progress = new Progress(files.length, process.stderr);

    const report = runLint({
      cwd,
      files,
      resolver,
      ruleOverrides: options.ruleOverrides,
      typed: options.typed,
      fixMode: options.fix ? "fix" : options.fixDryRun ? "dry-run" : "none",
      quiet: options.quiet,
      reportUnusedDirectives: options.reportUnusedDirectives,
      log,
      progress,
    });
    progress = undefined;
    const linted = performance.now();

    const context: FormatContext = {
      cwd,
      version: VERSION,
      color: options.color ?? (!options.outputFile && !!process.stdout.isTTY && !process.env.NO_COLOR),
    };
    writeOutput(FORMATTERS[options.format](report, context), options);

    const { stats } = report;
    log.debug(
      `linted ${stats.linted} files (${stats.typed} typed) in ${ms(linted - discovered)}: building programs ${ms(stats.programMs)}, ` +
        `linting ${ms(stats.lintMs)}; fixed ${stats.fixesApplied} problems in ${stats.fixedFiles} files; total ${ms(performance.now() - started)}`,
    );
    return exitCode(report, options, log);
  } catch (error) {
    progress?.clear();
    return reportFailure(error, log);
  }
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

function writeOutput(text: string, options: CliOptions): void {
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
  const config = resolver.configFor(filePath);
  const settings = resolveRuleSettings(config, options.ruleOverrides);
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

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
