// Lints one document's current text: picks its rule settings and its type information, runs lintSource,
// and logs what the user should know about (a failing rule, a file too large for type information) once.
import type ts from "typescript";
import type { TypeQuestions } from "../rules/lang/typescript/type-questions";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ConfigError } from "../rules/core/config";
import { applySuppressions } from "../rules/core/bulk-suppressions";
import { lintSource, type RuleSettings } from "../rules/core/engine";
import type { Finding } from "../rules/core/model";
import type { ConfigFiles } from "./config-files";
import { type DocumentTarget, targetOf } from "./documents";
import type { Logger } from "./log";
import type { LoadableProject } from "./project-loading";
import type { Project, ProjectService } from "./projects";
import type { TypedEngine } from "./protocol";
import type { Settings } from "./settings";
import type { EditorSources } from "./sources";
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
  ) {}

  lint(document: TextDocument, settings: Settings, options: LintOptions): LintAttempt {
    const target = targetOf(document);
    if (!target || !settings.enable) return { kind: "skipped" };
    const lookup = this.configs.ruleSettingsFor(target.filePath, settings.rules);
    if (lookup.kind === "error") return { kind: "config-error", error: lookup.error };
    if (this.isIgnored(target)) return { kind: "skipped" };
    const text = document.getText();
    const typed = this.projectFor(target, text, settings);
    let outcome: LintOutcome;
    if (typed && !typed.project.isLoaded && !options.loadProject) {
      const findings = this.run(target, text, lookup.rules, undefined).findings;
      outcome = { uri: document.uri, version: document.version, text, findings, typed: false, partial: true, loading: typed.project };
    } else {
      const result = this.run(target, text, lookup.rules, typed && this.typesOf(typed, target.filePath!, text));
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

  /** The document was closed: its findings (and the analysis their fixes are built from) are let go. */
  forget(uri: string): void {
    this.outcomes.delete(uri);
  }

  /**
   * Lints a text that is not (yet) the document's, with the same settings and type information, as if the
   * file read so: the intermediate passes of fix-all.
   */
  lintText(document: TextDocument, text: string, settings: Settings): Finding[] | undefined {
    const target = targetOf(document);
    if (!target) return undefined;
    const lookup = this.configs.ruleSettingsFor(target.filePath, settings.rules);
    if (lookup.kind === "error" || this.isIgnored(target)) return undefined;
    const typed = this.projectFor(target, text, settings);
    const filePath = target.filePath;
    if (!typed || !filePath) return this.run(target, text, lookup.rules, undefined).findings;
    const lintTyped = () => this.run(target, text, lookup.rules, this.typesOf(typed, filePath, text)).findings;
    return typed.engine === "ts6" ? this.projects.withOverlay(filePath, text, lintTyped) : this.typescript7.withOverlay(filePath, text, lintTyped);
  }

  /**
   * `asyncLint.engine` changed: the other engine's projects are disposed of (their memory freed; TypeScript 7's
   * native process ended), and a TypeScript 7 session that failed gets a fresh start.
   */
  private useEngine(engine: TypedEngine): void {
    if (engine === this.engine) return;
    this.log.info(`Type information from ${engine === "ts7" ? "TypeScript 7's native compiler (prototype)" : "TypeScript 6"} (asyncLint.engine: "${engine}").`);
    if (this.engine === "ts6") this.projects.dispose();
    else this.typescript7.restart();
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

  private run(target: DocumentTarget, text: string, rules: RuleSettings, types: TypeInput | undefined): { findings: Finding[]; typed: boolean } {
    const program = types?.program;
    try {
      const result = lintSource({
        filePath: target.lintPath,
        text,
        rules,
        program,
        typeQuestions: types?.typeQuestions,
        sources: !program && target.filePath ? this.sources.for(target.filePath) : undefined,
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
      this.log.once(`lint:${target.uri}:${String(error)}`, `Could not lint ${target.filePath ?? target.uri}: ${stackOf(error)}`, "error");
      return { findings: [], typed: false };
    }
  }
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
