// Loading a TypeScript project for the first time (seconds on a large project): TypeScript 6's in the typed-linting
// worker, whose progress arrives step by step, TypeScript 7's here in one step; the message loop runs between steps
// (edits and requests that arrived meanwhile are handled). Shown to the user as LSP work-done progress when the
// client supports it, and in the status notification (the VS Code client's status bar item).
import type { Connection, WorkDoneProgressServerReporter } from "vscode-languageserver";
import type { Logger } from "./log";
import { settle } from "./settle";
import type { StatusReporter } from "./status";

/** A project whose first load takes long: TypeScript 6's in the worker, or a project of TypeScript 7's session. */
export interface LoadableProject {
  /** The tsconfig path (for the log). */
  readonly name: string;
  /** Its tsconfig's root files (what the user is told about its size). */
  readonly rootFileCount: number;
  /** What the progress says while it loads. */
  readonly loadingMessage: string;
  readonly isLoaded: boolean;
  /**
   * Loads it in steps: each step yields what the next one does (reported as progress); the message loop runs
   * between steps. Throws what the compiler throws. Asynchronous when another thread does the work.
   */
  load(): Iterable<string> | AsyncIterable<string>;
}

interface Load {
  /** What waits for the project (publishing typed diagnostics): run before the progress ends. */
  readonly tasks: (() => Promise<void>)[];
  readonly done: Promise<void>;
}

export class ProjectLoader {
  private readonly loads = new Map<LoadableProject, Load>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
    private readonly status: StatusReporter,
  ) {}

  /**
   * Runs `task` once the project's program and type checker are built, building them first if needed;
   * concurrent callers share one load. The progress ends after the tasks, so a client that sees it end has the
   * typed results of the documents that waited.
   */
  async whenLoaded(project: LoadableProject, task: () => Promise<void>): Promise<void> {
    if (project.isLoaded && !this.loads.has(project)) return task();
    let load = this.loads.get(project);
    if (!load) {
      const tasks: (() => Promise<void>)[] = [];
      load = { tasks, done: this.run(project, tasks).finally(() => this.loads.delete(project)) };
      this.loads.set(project, load);
    }
    load.tasks.push(task);
    return load.done;
  }

  private async run(project: LoadableProject, tasks: (() => Promise<void>)[]): Promise<void> {
    // A client without `window.workDoneProgress` gets a reporter that sends nothing; one that refuses the
    // token gets no progress either, and the load goes on.
    const progress: WorkDoneProgressServerReporter | undefined = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const started = performance.now();
    this.status.loadStarted({ name: project.name, files: project.rootFileCount });
    try {
      progress?.begin("async-lint", undefined, project.loadingMessage);
      await settle();
      if (!project.isLoaded) await this.build(project, progress, started);
      // Tasks may be added while earlier ones run (another document opened): all run before the progress ends.
      for (let next = tasks.shift(); next; next = tasks.shift()) {
        await next().catch((error: unknown) => this.log.error(`After loading ${project.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
      }
    } finally {
      progress?.done();
      this.status.loadEnded(project.name);
    }
  }

  private async build(project: LoadableProject, progress: WorkDoneProgressServerReporter | undefined, started: number): Promise<void> {
    try {
      let steps = 0;
      let longest = 0;
      const loading = project.load();
      const iterator = Symbol.asyncIterator in loading ? loading[Symbol.asyncIterator]() : loading[Symbol.iterator]();
      for (;;) {
        const stepStarted = performance.now();
        const next = await iterator.next();
        steps++;
        longest = Math.max(longest, performance.now() - stepStarted);
        if (next.done) break;
        progress?.report(next.value);
        await settle();
      }
      // The last step and the first typed lint are two long slices: what arrived meanwhile is handled between them.
      await settle();
      this.log.info(`Project ${project.name} loaded in ${Math.round(performance.now() - started)} ms (${steps} step${steps === 1 ? "" : "s"}, the longest ${Math.round(longest)} ms).`);
    } catch (error) {
      // Linting reports the failure (and falls back to syntax mode) when it asks for the project's types again.
      this.log.info(`Loading ${project.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
