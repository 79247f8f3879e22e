// Loading a TypeScript project for the first time: TypeScript builds a program synchronously (seconds on a large
// project), so the load is done in steps with the message loop running between them (edits and requests that
// arrived meanwhile are handled), and shown to the user as LSP work-done progress when the client supports it, and
// in the status notification (the VS Code client's status bar item).
import type { Connection, WorkDoneProgressServerReporter } from "vscode-languageserver";
import type { Logger } from "./log";
import type { Project } from "./projects";
import { settle } from "./settle";
import type { StatusReporter } from "./status";

interface Load {
  /** What waits for the project (publishing typed diagnostics): run before the progress ends. */
  readonly tasks: (() => Promise<void>)[];
  readonly done: Promise<void>;
}

export class ProjectLoader {
  private readonly loads = new Map<Project, Load>();

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
  async whenLoaded(project: Project, task: () => Promise<void>): Promise<void> {
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

  private async run(project: Project, tasks: (() => Promise<void>)[]): Promise<void> {
    const files = project.rootFileCount.toLocaleString("en-US");
    // A client without `window.workDoneProgress` gets a reporter that sends nothing; one that refuses the
    // token gets no progress either, and the load goes on.
    const progress: WorkDoneProgressServerReporter | undefined = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const started = performance.now();
    this.status.loadStarted({ name: project.name, files: project.rootFileCount });
    try {
      progress?.begin("async-lint", undefined, `loading TypeScript project ${project.displayName} (${files} files)`);
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

  private async build(project: Project, progress: WorkDoneProgressServerReporter | undefined, started: number): Promise<void> {
    try {
      const program = project.program();
      progress?.report(`binding types of ${(program?.getSourceFiles().length ?? 0).toLocaleString("en-US")} files`);
      await settle();
      // The checker binds every file when it is created: a step of its own, so queued edits are seen before it.
      project.program()?.getTypeChecker();
      this.log.info(`Project ${project.name} loaded in ${Math.round(performance.now() - started)} ms.`);
    } catch (error) {
      // Linting reports the failure (and falls back to syntax mode) when it asks for the program again.
      this.log.info(`Loading ${project.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
