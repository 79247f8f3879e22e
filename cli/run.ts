// Linting the discovered files, with the --fix / --fix-dry-run loop.
import * as path from "node:path";
import ts from "typescript";
import type { ConfigFile, ConfigResolver } from "../rules/core/config";
import { type InternalError, languageOf, type LintResult, lintSource, type RuleSettings } from "../rules/core/engine";
import { DEFAULT_OVERRIDES, matchingOverrides, type ConfigOverride, resolveRuleSettings } from "../rules/core/config";
import { applyFixes, fixesOf, type FixNeed, safeFixesOf, settleFixes } from "../rules/core/fixes";
import type { ActiveSeverity, Finding, Language, RuleId, Severity } from "../rules/core/model";
import { parsePython } from "../rules/lang/python/parser";
import { LintSetSources, type ProjectSources } from "../rules/core/sources";
import { type Dependencies, hashText, type LintCache, settingsKey } from "./cache";
import { readSource, withBom, writeFileAtomic } from "./io";
import { displayPath, type Log, type Progress } from "./log";
import { programWithText, TypedPrograms } from "./programs";
import { loadTypeScript7, TypeScript7Engine } from "../rules/lang/typescript/typescript7-questions";

export type FixMode = "none" | "fix" | "dry-run";

/** ESLint's limit: fixes can enable further fixes, but a loop must end. */
export const MAX_FIX_PASSES = 10;

export interface RunOptions {
  cwd: string;
  files: readonly string[];
  resolver: ConfigResolver;
  ruleOverrides: Partial<Record<RuleId, Severity>>;
  typed: boolean | undefined;
  /** Typed mode's compiler (default ts6); ts7: TypeScript 7's native compiler answers type-questions.ts. */
  engine?: "ts6" | "ts7";
  fixMode: FixMode;
  /** Which fixes the output needs built (rules build them only when asked): the findings returned hold those. */
  fixNeed: FixNeed;
  /** Report (and fix) error-severity findings only. */
  quiet: boolean;
  reportUnusedDirectives: ActiveSeverity | "off";
  log: Log;
  progress?: Progress;
  /** Every file of the run, which call chains may follow imports into; default: `files` (a shard or worker lints a part). */
  lintSet?: readonly string[];
  /** --cache: results of unchanged files are reused, new ones stored (syntax mode only; not with --fix-dry-run). */
  cache?: LintCache;
}

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  findings: Finding[];
  /** The text the findings' offsets refer to (BOM stripped); kept only when there are findings or fixes. */
  text?: string;
  bom: boolean;
  /** The text as read (BOM stripped), kept when fixes changed it. */
  originalText?: string;
  /** Fixes changed the text (written with --fix; only reported with --fix-dry-run). */
  fixed: boolean;
  typed: boolean;
}

/** A problem of the run itself (not a finding), also reported in SARIF's toolExecutionNotifications. */
export interface ToolNotification {
  level: "error" | "warning";
  message: string;
  filePath?: string;
  ruleId?: RuleId;
}

export interface RunReport {
  cwd: string;
  fixMode: FixMode;
  files: FileReport[];
  notifications: ToolNotification[];
  stats: RunStats;
}

export interface RunStats {
  linted: number;
  typed: number;
  /** Files whose findings came from the cache. */
  cached: number;
  fixedFiles: number;
  fixesApplied: number;
  programMs: number;
  lintMs: number;
}

export function runLint(options: RunOptions): RunReport {
  const { cwd, log } = options;
  const notifications: ToolNotification[] = [];
  const shown = (filePath: string) => displayPath(filePath, cwd);
  const notifyError = (notification: Omit<ToolNotification, "level">, stack?: string) => {
    notifications.push({ level: "error", ...notification });
    log.error(notification.message, stack);
  };
  const notifyWarning = (notification: Omit<ToolNotification, "level">) => {
    notifications.push({ level: "warning", ...notification });
    log.warn(notification.message);
  };

  const programs = new TypedPrograms({
    mode: options.typed,
    onProjectProblem: (tsconfigPath, message) =>
      notifyWarning({ filePath: tsconfigPath, message: `cannot load ${shown(tsconfigPath)} (its files are linted without types): ${message}` }),
    onProgram: ({ tsconfigPath, program, ms }) =>
      log.debug(
        `built the program of ${tsconfigPath ? shown(tsconfigPath) : "the files outside every tsconfig (--typed)"}: ` +
          `${program.getRootFileNames().length} root files, ${program.getSourceFiles().length} files in all, in ${Math.round(ms)} ms`,
      ),
  });
  const native = options.engine === "ts7" && options.typed !== false ? openTypeScript7(cwd, notifyError, log.debugEnabled) : undefined;
  programs.plan(options.lintSet ?? options.files);
  if (!native) programs.prepare(options.files);
  // Syntax mode and Python follow imports into the other files being linted (typed mode has the program).
  const sources = new LintSetSources(
    (options.lintSet ?? options.files).filter((file) => languageOf(file) !== undefined),
    (file) => {
      const read = readSource(file);
      if (!read.ok) throw new Error(read.reason);
      return read.text;
    },
  );

  // One settings object per config and set of matching overrides (test files, a config's own `overrides`).
  const settingsByConfig = new Map<ConfigFile | undefined, Map<string, RuleSettings>>();
  const settingsFor = (filePath: string): RuleSettings => {
    const config = options.resolver.configFor(filePath);
    let byOverrides = settingsByConfig.get(config);
    if (!byOverrides) settingsByConfig.set(config, (byOverrides = new Map()));
    const matched = matchingOverrides(config, filePath);
    const key = matched.map((override) => overrideIndex(config, override)).join(",");
    let settings = byOverrides.get(key);
    if (!settings) byOverrides.set(key, (settings = resolveRuleSettings(config, options.ruleOverrides, filePath)));
    return settings;
  };
  // --cache: the hash of each file's current text in the lint set (null: not in it), as call chains would see it.
  const hashes = new Map<string, string | null>();
  const currentHash = (filePath: string): string | null => {
    const absolute = path.resolve(filePath);
    let hash = hashes.get(absolute);
    if (hash === undefined) {
      const read = sources.has(absolute) ? readSource(absolute) : undefined;
      hash = read ? (read.ok ? hashText(read.text) : `unreadable: ${read.reason}`) : null;
      hashes.set(absolute, hash);
    }
    return hash;
  };
  const settingsKeys = new Map<RuleSettings, string>();
  const settingsKeyOf = (rules: RuleSettings) => {
    let key = settingsKeys.get(rules);
    if (key === undefined) settingsKeys.set(rules, (key = settingsKey(rules, options.reportUnusedDirectives)));
    return key;
  };
  const visible = (findings: readonly Finding[]) => (options.quiet ? findings.filter((f) => f.severity === "error") : [...findings]);

  const files: FileReport[] = [];
  const stats: RunStats = { linted: 0, typed: 0, cached: 0, fixedFiles: 0, fixesApplied: 0, programMs: 0, lintMs: 0 };
  let done = 0;
  for (const filePath of options.files) {
    options.progress?.update(done++);
    const source = readSource(filePath);
    if (!source.ok) {
      if (source.kind === "unreadable") notifyError({ filePath, message: `cannot read ${shown(filePath)}: ${source.reason}` });
      else notifyWarning({ filePath, message: `skipped ${shown(filePath)}: ${source.reason}` });
      continue;
    }
    const rules = settingsFor(filePath);
    let program = native ? undefined : programs.programFor(filePath);
    const tsconfig = native && languageOf(filePath) === "typescript" ? programs.tsconfigFor(filePath) : undefined;
    const hash = options.cache && !program && !tsconfig ? hashText(source.text) : undefined;
    if (hash !== undefined) {
      hashes.set(filePath, hash);
      const cached = options.cache!.lookup(filePath, hash, settingsKeyOf(rules), currentHash, options.fixNeed);
      // With --fix, a cached result with fixes to apply is linted again (the fix loop needs the analysis).
      if (cached && (options.fixMode === "none" || safeFixesOf(visible(cached)).length === 0)) {
        const findings = visible(cached);
        files.push({ filePath, findings, text: findings.length > 0 ? source.text : undefined, bom: source.bom, fixed: false, typed: false });
        stats.linted++;
        stats.cached++;
        continue;
      }
    }
    // What the analysis looked up in other files, for the cache entry.
    const dependencies: Dependencies = {};
    const fileSources = hash !== undefined ? recordingSources(sources, dependencies, currentHash) : sources;
    const started = performance.now();
    const crashes = new Map<string, { ruleId: RuleId; message: string; stack?: string }>();
    // A rule that failed on some nodes only: the file is partly analysed, which is a warning, not a failed run.
    const nodeFailures = new Map<RuleId, InternalError>();
    const lint = (text: string): LintResult => {
      const result = lintSource({
        filePath,
        text,
        rules,
        program,
        typeQuestions: tsconfig ? native!.questionsFor(tsconfig, filePath, text) : undefined,
        sources: program ? undefined : fileSources,
        // Call chains may already have parsed this file (following an import into it): reuse that parse.
        sourceFile: program ? undefined : sources.loadedSourceFile(filePath),
        prescan: true,
        reportUnusedDirectives: options.reportUnusedDirectives,
      });
      for (const crash of result.internalErrors) {
        if (crash.at) nodeFailures.set(crash.ruleId, crash);
        else crashes.set(`${crash.ruleId}\0${crash.message}`, crash);
      }
      return result;
    };

    let text = source.text;
    let result = lint(text);
    if (result.notAnalyzed) notifyWarning({ filePath, message: `skipped ${shown(filePath)}: ${result.notAnalyzed}` });
    const typed = result.typed;
    let fixesApplied = 0;
    let passes = 0;
    if (options.fixMode !== "none") {
      let syntaxErrors: number | undefined;
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const fixes = safeFixesOf(visible(result.findings));
        if (fixes.length === 0) break;
        const application = applyFixes(text, fixes);
        if (application.applied.length === 0 || application.text === text) break;
        syntaxErrors ??= countSyntaxErrors(result.language, filePath, text);
        if (countSyntaxErrors(result.language, filePath, application.text) > syntaxErrors) {
          const ruleIds = [...new Set(result.findings.filter((f) => fixesOf(f).some((fix) => application.applied.includes(fix))).map((f) => f.ruleId))];
          notifyWarning({
            filePath,
            message: `fixes from ${ruleIds.join(", ")} would make ${shown(filePath)} invalid; not applied (please report this)`,
          });
          break;
        }
        text = application.text;
        fixesApplied += application.applied.length;
        passes++;
        if (program) {
          const programStarted = performance.now();
          program = programWithText(program, filePath, text);
          stats.programMs += performance.now() - programStarted;
        }
        result = lint(text);
      }
    }
    stats.lintMs += performance.now() - started;
    if (passes > 0) log.debug(`${shown(filePath)}: ${fixesApplied} fixes in ${passes} passes; last pass ${result.typed ? "typed" : "without types"}`);
    stats.linted++;
    if (typed) stats.typed++;

    if (nodeFailures.size > 0) {
      const failures = [...nodeFailures.values()].map(describeNodeFailure).join("; ");
      notifyWarning({ filePath, message: `partly analysed ${shown(filePath)}: ${failures} (the rest of the file was checked)` });
      for (const failure of nodeFailures.values()) if (failure.stack) log.debug(failure.stack);
    }
    for (const crash of crashes.values()) {
      notifyError({ filePath, ruleId: crash.ruleId, message: `rule ${crash.ruleId} crashed on ${shown(filePath)}: ${oneLine(crash.message)}` }, crash.stack);
    }

    const fixed = text !== source.text;
    if (fixed && options.fixMode === "fix") {
      try {
        writeFileAtomic(filePath, withBom(text, source.bom), source.raw);
      } catch (error) {
        notifyError({ filePath, message: `cannot write fixes to ${shown(filePath)}: ${oneLine(error instanceof Error ? error.message : String(error))}` });
        // Report what is in the file, not what could not be written.
        text = source.text;
        program = native ? undefined : programs.programFor(filePath);
        result = lint(text);
        fixesApplied = 0;
      }
    }
    const written = text !== source.text;
    // Later files see this one as fixed (as --fix-dry-run's report should).
    if (written) sources.update(filePath, text);
    if (written) hashes.set(filePath, hashText(text));
    // Built now, while the file's analysis is at hand; the report (and the cache) then hold no producers.
    const settled = settleFixes(result.findings, options.fixNeed);
    // A dry run's findings may rest on fixed texts that are not on disk: not cached. Crashed rules and files that
    // could not be analysed: not cached either (an entry would replay "no findings" without the warning).
    if (hash !== undefined && !result.typed && !result.notAnalyzed && crashes.size === 0 && nodeFailures.size === 0 && options.fixMode !== "dry-run") {
      // The file's own text is the entry's key, not a dependency (call chains may look it up too).
      delete dependencies[filePath];
      options.cache!.store(filePath, { hash: written ? hashText(text) : hash, settings: settingsKeyOf(rules), fixes: options.fixNeed, findings: settled, dependencies });
    }
    if (written) {
      stats.fixedFiles++;
      stats.fixesApplied += fixesApplied;
    }
    const findings = visible(settled);
    files.push({
      filePath,
      findings,
      text: findings.length > 0 || written ? text : undefined,
      bom: source.bom,
      originalText: written ? source.text : undefined,
      fixed: written,
      typed,
    });
  }
  options.progress?.clear();
  stats.programMs += programs.loadMs;
  if (native) {
    const s = native.stats;
    log.debug(`TypeScript 7: ${s.files} files typed; projects ${s.openMs.toFixed(0)} ms, files ${s.fileMs.toFixed(0)} ms, questions ${s.questionMs.toFixed(0)} ms (${s.prefetched} types prefetched, ${s.unmatched} nodes unmatched, ${s.apiErrors} API errors)`);
    if (native.failures.length > 0) {
      notifyWarning({ message: `--engine ts7: TypeScript 7 failed on ${native.failures.length} files (linted without types); first: ${oneLine(native.failures[0])}` });
    }
    stats.programMs += s.fileMs;
    try {
      const profile = native.profileSummary();
      if (profile) log.debug(`TypeScript 7 API: ${profile}`);
      native.close();
    } catch (error) {
      log.debug(`TypeScript 7: closing the API failed: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    }
  }
  return { cwd, fixMode: options.fixMode, files, notifications, stats };
}

/** The TypeScript 7 engine, or undefined (files then linted without types) with the reason as an error. */
function openTypeScript7(cwd: string, notifyError: (notification: { message: string }) => void, profile: boolean): TypeScript7Engine | undefined {
  const loaded = loadTypeScript7();
  if (!loaded.ok) {
    notifyError({ message: `--engine ts7: ${loaded.reason}; files are linted without types` });
    return undefined;
  }
  try {
    return new TypeScript7Engine(loaded.api, loaded.syntaxKind, cwd, undefined, profile);
  } catch (error) {
    notifyError({ message: `--engine ts7: cannot start TypeScript 7: ${oneLine(error instanceof Error ? error.message : String(error))}; files are linted without types` });
    return undefined;
  }
}

/** "rule X failed at line L: error", and how many other nodes it failed on. */
function describeNodeFailure(failure: InternalError): string {
  const others = (failure.failedNodes ?? 1) - 1;
  const more = others > 0 ? ` and on ${others} more node${others === 1 ? "" : "s"}` : "";
  return `rule ${failure.ruleId} failed at line ${failure.at!.line}${more}: ${oneLine(failure.message)}`;
}

/** The lint set's sources, noting the hash of each file looked up (null: not in the lint set). */
function recordingSources(sources: LintSetSources, dependencies: Dependencies, currentHash: (filePath: string) => string | null): ProjectSources {
  const note = (filePath: string) => {
    const absolute = path.resolve(filePath);
    if (!(absolute in dependencies)) dependencies[absolute] = currentHash(absolute);
  };
  return {
    sourceFile: (filePath) => {
      note(filePath);
      return sources.sourceFile(filePath);
    },
    pythonFile: (filePath) => {
      note(filePath);
      return sources.pythonFile(filePath);
    },
  };
}

/** A last guard before writing fixes: they must not add a syntax error (rules check, this makes sure). */
function countSyntaxErrors(language: Language, filePath: string, text: string): number {
  if (language === "python") return parsePython(text).errorRanges.length;
  const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false);
  return (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.length ?? 0;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** A stable name for an override within its config: `d0` for the first default one, `c2` for the config's third. */
function overrideIndex(config: ConfigFile | undefined, override: ConfigOverride): string {
  const builtIn = DEFAULT_OVERRIDES.indexOf(override);
  return builtIn >= 0 ? `d${builtIn}` : `c${config?.overrides.indexOf(override) ?? -1}`;
}
