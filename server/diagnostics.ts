// When to lint and where results go. Edits are debounced per document; each lint is for one document version
// and a result is dropped if the document (or the settings) moved on meanwhile, so an old version's results are
// never shown. Clients that pull diagnostics (LSP 3.17) get them on request; the others get them pushed.
import { createHash } from "node:crypto";
import {
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type ClientDiagnosticSupport, toDiagnostics } from "./convert";
import type { DocumentLinter, LintAttempt } from "./linting";
import type { Logger } from "./log";
import type { SettingsStore } from "./settings";
import type { LoadableProject, ProjectLoader } from "./project-loading";
import { settle } from "./settle";
import type { StatusReporter } from "./status";

export interface DiagnosticsOptions {
  /** The client pulls (`textDocument/diagnostic`); otherwise the server publishes. */
  pull: boolean;
  /** The client re-pulls on `workspace/diagnostic/refresh`. */
  refresh: boolean;
  /** Milliseconds of quiet after an edit before linting. */
  delay: number;
  support: ClientDiagnosticSupport;
}

/**
 * Other open documents may import what changed, so they are checked again too, but only once typing has
 * paused for a while: with many open documents this is the bulk of the work.
 */
const dependentDelay = (delay: number) => Math.max(4 * delay, 500);

export class DiagnosticsService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Bumped by every scheduling decision: a run whose generation is no longer current does not publish. */
  private readonly generations = new Map<string, number>();
  private readonly lastEdit = new Map<string, number>();
  private readonly savedVersions = new Map<string, number>();
  /** Pull mode: the last items returned per document, for `run: onSave` between saves. */
  private readonly lastItems = new Map<string, Diagnostic[]>();
  private readonly loading = new Set<string>();
  private readonly hasPublished = new Set<string>();
  /** Documents whose published diagnostics are syntax-mode ones while their project loads. */
  private readonly showingSyntax = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly linter: DocumentLinter,
    private readonly settings: SettingsStore,
    private readonly status: StatusReporter,
    private readonly loader: ProjectLoader,
    private readonly log: Logger,
    private readonly options: DiagnosticsOptions,
  ) {}

  opened(document: TextDocument): void {
    this.savedVersions.set(document.uri, document.version);
    if (!this.options.pull) this.schedule(document.uri, 0);
  }

  changed(document: TextDocument): void {
    this.lastEdit.set(document.uri, Date.now());
    if (this.options.pull) return;
    this.schedule(document.uri, this.options.delay);
    for (const other of this.documents.keys()) {
      if (other !== document.uri) this.schedule(other, dependentDelay(this.options.delay));
    }
  }

  saved(document: TextDocument): void {
    this.savedVersions.set(document.uri, document.version);
    if (!this.options.pull) this.schedule(document.uri, 0);
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
    this.lastEdit.delete(uri);
    this.savedVersions.delete(uri);
    this.lastItems.delete(uri);
    this.hasPublished.delete(uri);
    this.showingSyntax.delete(uri);
    this.linter.forget(uri);
    if (!this.options.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Settings or config files changed: every open document is checked again. */
  recheckAll(): void {
    if (!this.options.pull) {
      for (const uri of this.documents.keys()) this.schedule(uri, 0);
    } else if (this.options.refresh) {
      void this.connection.languages.diagnostics.refresh();
    }
  }

  // --- push ---

  private schedule(uri: string, delay: number): void {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri, generation).catch((error: unknown) => this.log.error(`Diagnostics for ${uri} failed: ${String(error)}`));
      }, delay),
    );
  }

  private async publish(uri: string, generation: number): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const current = () => this.generations.get(uri) === generation && this.documents.get(uri)?.version === version;
    const settings = await this.settings.get(uri);
    if (!current()) return;
    if (settings.run === "onSave" && this.savedVersions.get(uri) !== version) return;
    // Syntax first: a document whose project is not loaded yet gets its syntax-mode findings at once (and for each
    // edit while the project loads), then the typed findings replace them when it is loaded. A document showing
    // typed findings (its project reloads after a tsconfig change) keeps them until the new typed result.
    const attempt = await this.linter.lint(document, settings, { loadProject: false });
    if (!current()) return;
    if (attempt.kind === "linted" && attempt.outcome.loading) {
      if (!this.hasPublished.has(uri) || this.showingSyntax.has(uri)) {
        this.send(uri, version, this.itemsOf(attempt));
        this.showingSyntax.add(uri);
      }
      // Edits that arrived during the load were handled between its steps: then a newer run publishes instead.
      await this.loader.whenLoaded(attempt.outcome.loading, async () => {
        if (current()) await this.sendWhenCurrent(uri, version, current, await this.linter.lint(document, settings, { loadProject: true }));
      });
      return;
    }
    await this.sendWhenCurrent(uri, version, current, attempt);
  }

  private async sendWhenCurrent(uri: string, version: number, current: () => boolean, attempt: LintAttempt): Promise<void> {
    if (!current()) return;
    const items = this.itemsOf(attempt);
    await settle();
    if (!current()) return;
    this.send(uri, version, items);
    this.showingSyntax.delete(uri);
  }

  private send(uri: string, version: number, diagnostics: Diagnostic[]): void {
    this.hasPublished.add(uri);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  // --- pull ---

  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    const edited = this.lastEdit.get(uri);
    const wait = edited === undefined ? 0 : edited + this.options.delay - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    const document = this.documents.get(uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const version = document.version;
    const settings = await this.settings.get(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    if (this.documents.get(uri)?.version !== version) throw superseded();

    let items: Diagnostic[];
    if (settings.run === "onSave" && this.savedVersions.get(uri) !== version) {
      items = this.lastItems.get(uri) ?? [];
    } else {
      let attempt = await this.linter.lint(document, settings, { loadProject: false });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
      if (this.documents.get(uri)?.version !== version) throw superseded();
      if (attempt.kind === "linted" && attempt.outcome.loading) {
        if (this.options.refresh && !this.lastItems.has(uri)) {
          // Syntax first, as in push mode: the client pulls the typed result when asked to after the load.
          this.loadThenRefresh(uri, attempt.outcome.loading);
        } else {
          await this.loader.whenLoaded(attempt.outcome.loading, async () => {});
          if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
          if (this.documents.get(uri)?.version !== version) throw superseded();
          attempt = await this.linter.lint(document, settings, { loadProject: true });
        }
      }
      items = this.itemsOf(attempt);
      await settle();
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
      if (this.documents.get(uri)?.version !== version) throw superseded();
      this.lastItems.set(uri, items);
    }
    const resultId = createHash("sha1").update(JSON.stringify(items)).digest("base64");
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }

  /** After a syntax-mode result: loads the project outside the request, then asks the client to pull again. */
  private loadThenRefresh(uri: string, project: LoadableProject): void {
    if (this.loading.has(uri)) return;
    this.loading.add(uri);
    setImmediate(() => {
      void (async () => {
        try {
          await this.loader.whenLoaded(project, () => this.connection.languages.diagnostics.refresh());
        } catch (error) {
          this.log.error(`Loading the project of ${uri} failed: ${String(error)}`);
        } finally {
          this.loading.delete(uri);
        }
      })();
    });
  }

  private itemsOf(attempt: LintAttempt): Diagnostic[] {
    if (attempt.kind === "config-error") {
      this.status.configFailed(attempt.error);
      return [];
    }
    if (attempt.kind === "skipped") return [];
    const { outcome } = attempt;
    return toDiagnostics(outcome.findings, outcome.uri, outcome.version, outcome.text, this.options.support);
  }
}

/** The document changed while its diagnostics were computed: the client asks again for the new version. */
function superseded(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, "The document changed; diagnostics are recomputed.", { retriggerRequest: true });
}
