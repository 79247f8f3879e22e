// The server's health as the user sees it: the client's status bar item (config problems, TypeScript projects
// loading), and one message per new config problem.
import type { Connection } from "vscode-languageserver";
import type { ConfigError } from "../rules/core/config";
import type { Logger } from "./log";
import { type LoadingProject, STATUS_NOTIFICATION, type StatusParams } from "./protocol";

export class StatusReporter {
  /** Config file path → the problem last reported for it. */
  private readonly failingConfigs = new Map<string, string>();
  /** Project name → the project being loaded. */
  private readonly loading = new Map<string, LoadingProject>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {}

  configFailed(error: ConfigError): void {
    if (this.failingConfigs.get(error.filePath) === error.message) return;
    this.failingConfigs.set(error.filePath, error.message);
    const message = `Invalid async-lint config: ${error.message}. Files it applies to are not checked until it is fixed.`;
    this.log.error(message);
    void this.connection.window.showErrorMessage(message);
    this.send();
  }

  /** Config files changed on disk: problems are reported again if they persist. */
  configsChanged(): void {
    if (this.failingConfigs.size === 0) return;
    this.failingConfigs.clear();
    this.send();
  }

  loadStarted(project: LoadingProject): void {
    this.loading.set(project.name, project);
    this.send();
  }

  loadEnded(name: string): void {
    if (this.loading.delete(name)) this.send();
  }

  private send(): void {
    const [first] = this.failingConfigs.values();
    const params: StatusParams = first ? { state: "error", message: first } : { state: "ok" };
    if (this.loading.size > 0) params.loading = [...this.loading.values()];
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }
}
