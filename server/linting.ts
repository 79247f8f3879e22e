// Lints one document's current text: picks its rule settings and its type information, runs lintSource,
// and logs what the user should know about (a failing rule, a file too large for type information) once.
import type ts from "typescript";
import type { TypeQuestions } from "../rules/lang/typescript/type-questions";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ConfigError } from "../rules/core/config";
import { applySuppressions } from "../rules/core/bulk-suppressions";
import { lintSource, type RuleSettings } from "../rules/core/engine";
import { fixesOf } from "../rules/core/fixes";
import { type Finding, type Fix, LintCancelled } from "../rules/core/model";
import type { ConfigFiles } from "./config-files";
import { type DocumentTarget, targetOf } from "./documents";
import { applySafeFixes } from "./fix-all";
import type { Logger } from "./log";
import type { LoadableProject } from "./project-loading";
import type { Project, ProjectService } from "./projects";
import type { TypedEngine } from "./protocol";
import type { Settings } from "./settings";
import type { EditorSources } from "./sources";
import { type RemoteLint, TypedWorkerStopped } from "./typed-worker-protocol";
import type { TypeScript7Project, TypeScript7Session } from "./typescript7-projects";

export const DEFAULT_LARGE_FILE_THRESHOLD = 1_000_000;

export interface LintOutcome {
  uri: string;
  version: number;
  /** The text the findings' offsets refer to. */
  text: string;
  findings: Finding[];
  typed: boolean;
  /**
   * The project is not loaded yet: these are the syntax-mode findings, the typed ones follow once `loading`
   * has been loaded (`ProjectLoader`).
   */
  partial: boolean;
  loading?: LoadableProject;
  /** The findings came from the typed-linting worker, which builds their fixes (`DocumentLinter.fixesOf`). */
  fixesInWorker?: boolean;
}

/** A document's lint, decided: what it is, its rule settings, its text and where its types come from. */
interface LintRoute {
  kind: "lint";
  target: DocumentTarget;
  rules: RuleSettings;
  text: string;
  typed: TypedProject | undefined;
}

/** TypeScript 6 typed linting done on another thread (typed-worker-client.ts). */
export interface TypedLinting {
  /** The project as the other thread loads it: progress and `isLoaded` are that thread's. */
  projectOf(project: Project, document: TextDocument, settings: Settings): LoadableProject;
  lint(project: Project, document: TextDocument, settings: Settings): Promise<RemoteLint>;
  /** The fixes of findings (by index) of the document's last lint there, of that version; [] for those it no longer has. */
  fixes(uri: string, version: number, indexes: number[]): Promise<Fix[][]>;
  fixAllText(document: TextDocument, settings: Settings): Promise<string | undefined>;
  /** Ends the thread (`asyncLint.engine` no longer "ts6"); the next need starts another. */
  stop(): void;
}

/** Where a document's types come from: a TypeScript 6 language service, or TypeScript 7's session. */
type TypedProject = { engine: "ts6"; project: Project } | { engine: "ts7"; project: TypeScript7Project };

/** What lintSource is given for types: a TypeScript 6 program, or TypeScript 7's answers. */
interface TypeInput {
  program?: ts.Program;
  typeQuestions?: TypeQuestions;
}

export type LintAttempt =
  | { kind: "linted"; outcome: LintOutcome }
  /** Not a language async-lint checks, `asyncLint.enable` is off, or the CLI would not lint the file (ignored). */
  | { kind: "skipped" }
  | { kind: "config-error"; error: ConfigError };

export interface LintOptions {
  /** Build the document's project if it is not loaded yet (slow the first time). Without it, a syntax-mode result. */
  loadProject: boolean;
  /** Asked during a typed check: true stops it with LintCancelled (the document has changed since). */
  isCancelled?: () => boolean;
}

export class DocumentLinter {
  /** Each open document's last lint, whose findings build the fixes code actions ask for (while that version is current). */
  private readonly outcomes = new Map<string, LintOutcome>();
  /** The engine of the last lint: a change of `asyncLint.engine` disposes of the other engine's projects. */
  private engine: TypedEngine = "ts6";

  constructor(
    private readonly projects: ProjectService,
    private readonly typescript7: TypeScript7Session,
    private readonly configs: ConfigFiles,
    private readonly sources: EditorSources,
    private readonly log: Logger,
    private readonly largeFileThreshold: number,
    /** Where TypeScript 6 typed lints run; without it, here. */
    private readonly worker?: TypedLinting,
  ) {}

  async lint(document: TextDocument, settings: Settings, options: LintOptions): Promise<LintAttempt> {
    const route = this.route(document, settings);
    if (route.kind !== "lint") return route;
    const { target, rules, text, typed } = route;
    if (typed?.engine === "ts6" && this.worker) {
      return { kind: "linted", outcome: await this.lintInWorker(document, target, text, rules, typed.project, settings, options) };
    }
    let outcome: LintOutcome;
    // TypeScript 6 projects load in the worker (lintInWorker); in the worker itself, at once.
    if (typed?.engine === "ts7" && !typed.project.isLoaded && !options.loadProject) {
      const findings = this.run(target, text, rules, undefined).findings;
      outcome = { uri: document.uri, version: document.version, text, findings, typed: false, partial: true, loading: typed.project };
    } else {
      const result = this.run(target, text, rules, typed && this.typesOf(typed, target.filePath!, text), options.isCancelled);
      outcome = { uri: document.uri, version: document.version, text, findings: result.findings, typed: result.typed, partial: false };
    }
    // Bulk suppressions hide what the team recorded, as in the CLI (a rule that has more findings than recorded shows them all).
    outcome.findings = applySuppressions(outcome.findings, this.configs.suppressionsFor(target.filePath)).kept;
    this.outcomes.set(document.uri, outcome);
    return { kind: "linted", outcome };
  }

  /** The findings of the document's last lint, when it was of the current version (and text). */
  lastFindings(document: TextDocument): Finding[] | undefined {
    const outcome = this.outcomes.get(document.uri);
    return outcome && outcome.version === document.version && outcome.text === document.getText() ? outcome.findings : undefined;
  }

  /** The fixes of findings of the document's last lint (built where that lint ran), in the same order. */
  async fixesOf(document: TextDocument, findings: readonly Finding[]): Promise<Fix[][]> {
    const outcome = this.outcomes.get(document.uri);
    if (!outcome?.fixesInWorker || !this.worker) return findings.map(fixesOf);
    try {
      // A finding of an earlier lint of the same version (the document was linted again meanwhile) is found by place.
      const indexOf = (finding: Finding) => {
        const index = outcome.findings.indexOf(finding);
        if (index >= 0) return index;
        return outcome.findings.findIndex((f) => f.ruleId === finding.ruleId && f.range.start === finding.range.start && f.range.end === finding.range.end && f.message === finding.message);
      };
      return await this.worker.fixes(outcome.uri, outcome.version, findings.map(indexOf));
    } catch (error) {
      this.logWorkerFailure(`Fixes for ${document.uri} failed`, error);
      return findings.map(() => []);
    }
  }

  /** The document was closed: its findings (and the analysis their fixes are built from) are let go. */
  forget(uri: string): void {
    this.outcomes.delete(uri);
  }

  /** The document's text with every safe fix applied (over several passes, re-linting with the same type information). */
  async fixAllText(document: TextDocument, settings: Settings): Promise<string | undefined> {
    const route = this.route(document, settings);
    if (route.kind !== "lint") return undefined;
    if (route.typed?.engine === "ts6" && this.worker) {
      try {
        return await this.worker.fixAllText(document, settings);
      } catch (error) {
        this.logWorkerFailure(`Fixing ${document.uri} failed`, error);
        return undefined;
      }
    }
    const attempt = await this.lint(document, settings, { loadProject: true });
    if (attempt.kind !== "linted") return undefined;
    return applySafeFixes(attempt.outcome.text, attempt.outcome.findings, async (text) => this.lintText(route, text));
  }

  /** What a document is linted as: skipped, a config error, or its target, rules and type information. */
  private route(document: TextDocument, settings: Settings): LintAttempt | LintRoute {
    const target = targetOf(document);
    if (!target || !settings.enable) return { kind: "skipped" };
    const lookup = this.configs.ruleSettingsFor(target.filePath, settings.rules);
    if (lookup.kind === "error") return { kind: "config-error", error: lookup.error };
    if (this.isIgnored(target)) return { kind: "skipped" };
    const text = document.getText();
    return { kind: "lint", target, rules: lookup.rules, text, typed: this.projectFor(target, text, settings) };
  }

  /**
   * A TypeScript 6 typed lint, done by the worker. While the worker has not loaded the project, the syntax-mode
   * findings, made here; if the worker fails, syntax-mode findings too.
   */
  private async lintInWorker(
    document: TextDocument,
    target: DocumentTarget,
    text: string,
    rules: RuleSettings,
    project: Project,
    settings: Settings,
    options: LintOptions,
  ): Promise<LintOutcome> {
    const worker = this.worker!;
    const { uri, version } = document;
    const loading = worker.projectOf(project, document, settings);
    const syntax = (partial: boolean): LintOutcome => {
      const findings = applySuppressions(this.run(target, text, rules, undefined).findings, this.configs.suppressionsFor(target.filePath)).kept;
      const outcome: LintOutcome = { uri, version, text, findings, typed: false, partial, ...(partial ? { loading } : {}) };
      this.outcomes.set(uri, outcome);
      return outcome;
    };
    if (!loading.isLoaded && !options.loadProject) return syntax(true);
    let result: RemoteLint;
    try {
      result = await worker.lint(project, document, settings);
    } catch (error) {
      this.logWorkerFailure(`Typed linting of ${target.filePath} failed; it is checked in syntax mode`, error);
      return syntax(false);
    }
    // The document moved on while the worker was busy: nobody shows this version's result.
    if (result.kind === "stale") return { uri, version, text, findings: [], typed: false, partial: false };
    const outcome: LintOutcome = { uri, version, text, findings: result.findings, typed: result.typed, partial: false, fixesInWorker: true };
    this.outcomes.set(uri, outcome);
    return outcome;
  }

  /** A request the worker failed; a worker that died was logged already. */
  private logWorkerFailure(what: string, error: unknown): void {
    if (!(error instanceof TypedWorkerStopped)) this.log.error(`${what}: ${stackOf(error)}`);
  }

  /**
   * Lints a text that is not (yet) the document's, with the same settings and type information, as if the
   * file read so: the intermediate passes of fix-all.
   */
  private lintText(route: LintRoute, text: string): Finding[] {
    const { target, rules, typed } = route;
    const filePath = target.filePath;
    if (!typed || !filePath) return this.run(target, text, rules, undefined).findings;
    const lintTyped = () => this.run(target, text, rules, this.typesOf(typed, filePath, text)).findings;
    return typed.engine === "ts6" ? this.projects.withOverlay(filePath, text, lintTyped) : this.typescript7.withOverlay(filePath, text, lintTyped);
  }

  /**
   * `asyncLint.engine` changed: the other engine's projects are disposed of (their memory freed; TypeScript 7's
   * native process ended), and a TypeScript 7 session that failed gets a fresh start.
   */
  private useEngine(engine: TypedEngine): void {
    if (engine === this.engine) return;
    this.log.info(`Type information from ${engine === "ts7" ? "TypeScript 7's native compiler (prototype)" : "TypeScript 6"} (asyncLint.engine: "${engine}").`);
    if (this.engine === "ts6") {
      this.projects.dispose();
      this.worker?.stop();
    } else {
      this.typescript7.restart();
    }
    this.engine = engine;
  }

  private isIgnored(target: DocumentTarget): boolean {
    const reason = target.filePath === undefined ? undefined : this.configs.ignoredReason(target.filePath);
    if (reason) this.log.once(`ignored:${target.uri}:${reason}`, `${target.filePath} is ignored (${reason}): it is not checked, as the CLI does not check it.`, "info");
    return reason !== undefined;
  }

  /** The project whose types the document is checked with, or undefined for syntax mode. */
  private projectFor(target: DocumentTarget, text: string, settings: Settings): TypedProject | undefined {
    this.useEngine(settings.engine);
    if (!target.filePath || target.language !== "typescript") return undefined;
    if (text.length > this.largeFileThreshold && settings.typed !== "off") {
      this.log.once(
        `large:${target.uri}`,
        `${target.filePath} has ${text.length.toLocaleString("en-US")} characters, more than the ${this.largeFileThreshold.toLocaleString("en-US")} for which type information is used: it is checked in syntax mode.`,
        "info",
      );
      return undefined;
    }
    const lookup = this.projects.lookup(target.filePath, settings.typed);
    if (lookup.kind !== "typed") return undefined;
    const project = lookup.project;
    if (settings.engine === "ts6") return { engine: "ts6", project };
    if (project.kind === "inferred") {
      this.log.once(`ts7-inferred:${project.name}`, `${target.filePath} is in no tsconfig.json: with asyncLint.engine "ts7" such files are checked without type information.`, "info");
      return undefined;
    }
    const native = this.typescript7.projectFor(project.name, project.displayName, project.rootFileCount);
    return native && { engine: "ts7", project: native };
  }

  private typesOf(typed: TypedProject, filePath: string, text: string): TypeInput {
    if (typed.engine === "ts6") return { program: this.programOf(typed.project) };
    // Opened here if no load did it before (fix-all on a document whose project was not loaded yet).
    this.typescript7.open(typed.project.name);
    return { typeQuestions: this.typescript7.questionsFor(typed.project, filePath, text) };
  }

  private programOf(project: Project): ts.Program | undefined {
    try {
      return project.program();
    } catch (error) {
      this.log.once(`program:${project.name}`, `TypeScript could not build the program of ${project.name}; checking its files in syntax mode. ${stackOf(error)}`, "error");
      return undefined;
    }
  }

  private run(
    target: DocumentTarget,
    text: string,
    rules: RuleSettings,
    types: TypeInput | undefined,
    isCancelled?: () => boolean,
  ): { findings: Finding[]; typed: boolean } {
    const program = types?.program;
    try {
      const result = lintSource({
        filePath: target.lintPath,
        text,
        rules,
        program,
        typeQuestions: types?.typeQuestions,
        sources: !program && target.filePath ? this.sources.for(target.filePath) : undefined,
        isCancelled,
      });
      for (const error of result.internalErrors) {
        const file = target.filePath ?? target.uri;
        if (error.at) {
          // One node lost its findings; the rest of the file was analysed. Logged once per file, rule and error.
          this.log.once(
            `rule-node:${target.uri}:${error.ruleId}:${error.message}`,
            `Rule ${error.ruleId} failed at line ${error.at.line} of ${file} (the findings there are missing; the rest of the file was checked): ${error.stack ?? error.message}`,
            "warn",
          );
          continue;
        }
        this.log.once(
          `rule:${target.uri}:${error.ruleId}:${error.message}`,
          `Rule ${error.ruleId} failed on ${file} (its findings in this file are missing; other rules still report): ${error.stack ?? error.message}`,
          "error",
        );
      }
      return { findings: result.findings, typed: result.typed };
    } catch (error) {
      if (error instanceof LintCancelled) throw error;
      this.log.once(`lint:${target.uri}:${String(error)}`, `Could not lint ${target.filePath ?? target.uri}: ${stackOf(error)}`, "error");
      return { findings: [], typed: false };
    }
  }
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
