// Type information from TypeScript 7's native compiler (`asyncLint.engine: "ts7"`, an opt-in prototype): one API
// session (one native process) for the server, each tsconfig's project opened in it once and kept; edits and
// file-watcher events become the session's next snapshot before the next question. The native compiler reads open
// documents' unsaved texts through the session's readFile callback. Which tsconfig covers a file is decided as with
// TypeScript 6 (projects.ts); files outside every tsconfig are checked without types under this engine.
// Any failure of the native compiler ends the session: one message, then syntax-mode findings until the setting
// changes (a new session) or the server restarts.
import type { TypeQuestions } from "../rules/lang/typescript/type-questions";
import { loadTypeScript7, TypeScript7Engine } from "../rules/lang/typescript/typescript7-questions";
import type { Logger } from "./log";
import type { LoadableProject } from "./project-loading";
import { normalize, type OpenFiles } from "./projects";

export class TypeScript7Project implements LoadableProject {
  constructor(
    private readonly session: TypeScript7Session,
    /** The tsconfig path. */
    readonly name: string,
    private readonly displayName: string,
    readonly rootFileCount: number,
  ) {}

  get loadingMessage(): string {
    return `loading TypeScript project ${this.displayName} (${this.rootFileCount.toLocaleString("en-US")} files) with TypeScript 7`;
  }

  get isLoaded(): boolean {
    return this.session.isOpen(this.name);
  }

  *load(): Iterable<string> {
    this.session.open(this.name);
    if (!this.session.available) throw new Error("TypeScript 7 failed (see the error above)");
  }
}

export class TypeScript7Session {
  private engine: TypeScript7Engine | undefined;
  /** Why the session cannot answer (TypeScript 7 missing, or it failed): then every file is checked without types. */
  private failure: string | undefined;
  private readonly projects = new Map<string, TypeScript7Project>();
  private readonly opened = new Set<string>();
  /** The project each open document was last checked with: closing the last one closes the project. */
  private readonly assignments = new Map<string, string>();
  /** Changes not yet in the session's snapshot: applied, as one new snapshot, before the next question. */
  private pending: { changed: Set<string>; created: Set<string>; deleted: Set<string>; all: boolean } = emptyChanges();
  /** Texts that replace a file for a moment (fix-all's intermediate passes), over open documents and the disk. */
  private readonly overlays = new Map<string, string>();

  constructor(
    private readonly openFiles: OpenFiles,
    private readonly log: Logger,
    private readonly cwd: () => string,
  ) {}

  /** Whether the session can give types (false once TypeScript 7 was found missing or failed). */
  get available(): boolean {
    return this.failure === undefined;
  }

  projectFor(tsconfigPath: string, displayName: string, rootFileCount: number): TypeScript7Project | undefined {
    if (!this.available) return undefined;
    let project = this.projects.get(tsconfigPath);
    if (!project) this.projects.set(tsconfigPath, (project = new TypeScript7Project(this, tsconfigPath, displayName, rootFileCount)));
    return project;
  }

  isOpen(tsconfigPath: string): boolean {
    return this.opened.has(tsconfigPath) || !this.available;
  }

  /** Opens the tsconfig's project in the native compiler (the slow first load). Failures end the session. */
  open(tsconfigPath: string): void {
    const engine = this.started();
    if (!engine || this.opened.has(tsconfigPath)) return;
    this.guarded(() => {
      this.flush(engine);
      const started = performance.now();
      engine.openProject(tsconfigPath);
      this.opened.add(tsconfigPath);
      this.log.info(`TypeScript 7: opened ${tsconfigPath} in ${Math.round(performance.now() - started)} ms.`);
    });
  }

  /** The type questions for a file of an opened project, for exactly this text; undefined: check it without types. */
  questionsFor(project: TypeScript7Project, filePath: string, text: string): TypeQuestions | undefined {
    const engine = this.engine;
    if (!engine || !this.available || !this.opened.has(project.name)) return undefined;
    return this.guarded(() => {
      this.flush(engine);
      const failures = engine.failures.length;
      const questions = engine.questionsFor(project.name, filePath, text);
      if (this.openFiles.get(normalize(filePath))) this.assignments.set(normalize(filePath), project.name);
      // The engine records a failure of the native compiler instead of throwing (the CLI's files go on untyped).
      if (engine.failures.length > failures) throw new Error(engine.failures[engine.failures.length - 1]);
      if (!questions) {
        this.log.once(
          `ts7-untyped:${filePath}`,
          `TypeScript 7's program of ${project.name} has no ${filePath} with the editor's text: it is checked without type information.`,
          "info",
        );
      }
      return questions;
    });
  }

  /** An open document's text changed (or it was opened or closed: its text may differ from the disk's). */
  documentChanged(filePath: string): void {
    this.pending.changed.add(normalize(filePath));
  }

  /** A document was closed: the disk's text applies again, and its project is closed when no open document uses it. */
  documentClosed(filePath: string): void {
    const fileName = normalize(filePath);
    this.pending.changed.add(fileName);
    const tsconfigPath = this.assignments.get(fileName);
    this.assignments.delete(fileName);
    if (!tsconfigPath || [...this.assignments.values()].includes(tsconfigPath)) return;
    const engine = this.engine;
    if (!engine || !this.opened.has(tsconfigPath)) return;
    this.guarded(() => {
      engine.closeProject(tsconfigPath);
      this.opened.delete(tsconfigPath);
      this.projects.delete(tsconfigPath);
      this.log.info(`TypeScript 7: closed ${tsconfigPath} (no open document uses it).`);
    });
  }

  /** File-watcher events. A tsconfig's change (tsconfig.app.json, tsconfig.base.json... too; or a package.json's: module resolution) makes the next snapshot re-read everything. */
  filesChanged(changes: readonly { filePath: string; kind: "created" | "changed" | "deleted" }[]): void {
    for (const change of changes) {
      const fileName = normalize(change.filePath);
      if (/(^|\/)((tsconfig|jsconfig)([.\-_][^/]+)?|package)\.json$/.test(fileName)) this.pending.all = true;
      else this.pending[change.kind].add(fileName);
    }
  }

  /** Runs `fn` while `filePath` reads as `text` to the native compiler (fix-all's intermediate passes). */
  withOverlay<T>(filePath: string, text: string, fn: () => T): T {
    const fileName = normalize(filePath);
    this.overlays.set(fileName, text);
    this.pending.changed.add(fileName);
    try {
      return fn();
    } finally {
      this.overlays.delete(fileName);
      this.pending.changed.add(fileName);
    }
  }

  /** A new start (the setting changed): the session is disposed of, a failure forgotten; the next project starts TypeScript 7 again. */
  restart(): void {
    this.dispose();
    this.failure = undefined;
  }

  dispose(): void {
    const engine = this.engine;
    this.engine = undefined;
    this.projects.clear();
    this.opened.clear();
    this.assignments.clear();
    this.pending = emptyChanges();
    try {
      engine?.close();
    } catch {
      // The native process is gone already.
    }
  }

  /** The engine, started on first need; undefined (with the reason logged once) when TypeScript 7 cannot run. */
  private started(): TypeScript7Engine | undefined {
    if (this.engine || !this.available) return this.engine;
    const loaded = loadTypeScript7();
    if (!loaded.ok) {
      this.fail(loaded.reason);
      return undefined;
    }
    try {
      const readOverlay = (fileName: string) => this.overlays.get(fileName) ?? this.openFiles.get(fileName)?.text;
      this.engine = new TypeScript7Engine(loaded.api, loaded.syntaxKind, this.cwd(), readOverlay);
      // Texts read at the first open are current: nothing before it is pending.
      this.pending = emptyChanges();
    } catch (error) {
      this.fail(`cannot start TypeScript 7: ${messageOf(error)}`);
    }
    return this.engine;
  }

  /** The native compiler keeps the files it read across snapshots (and closed projects): each change is passed on. */
  private flush(engine: TypeScript7Engine): void {
    const { changed, created, deleted, all } = this.pending;
    if (!all && changed.size + created.size + deleted.size === 0) return;
    this.pending = emptyChanges();
    engine.filesChanged(all ? { invalidateAll: true } : { changed: [...changed], created: [...created], deleted: [...deleted] });
  }

  private guarded<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.fail(`TypeScript 7 failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  private fail(reason: string): void {
    this.failure = reason;
    this.log.error(
      `asyncLint.engine "ts7": ${reason}. Files are checked without type information until the setting changes or the server restarts (the default engine, "ts6", needs no TypeScript 7).`,
    );
    this.dispose();
  }
}

function emptyChanges(): { changed: Set<string>; created: Set<string>; deleted: Set<string>; all: boolean } {
  return { changed: new Set(), created: new Set(), deleted: new Set(), all: false };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].replace(/\.$/, "");
}
