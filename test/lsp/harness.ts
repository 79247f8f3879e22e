// A real LSP client for protocol tests: spawns the built server (`node dist/server.js --stdio`), speaks JSON-RPC
// over its stdin/stdout, keeps its own copy of each open document, and records what the server sends.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  type ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  CancellationTokenSource,
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  type DocumentDiagnosticReport,
  ExecuteCommandRequest,
  type FileEvent,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  RegistrationRequest,
  ShowDocumentRequest,
  type ShowDocumentParams,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  ExitNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  WorkDoneProgressCreateRequest,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { afterEach, beforeAll, expect } from "vitest";
import { STATUS_NOTIFICATION } from "../../server/protocol";

export const REPO = path.resolve(__dirname, "../..");
export const SERVER = path.join(REPO, "dist/server.js");

export function assertServerBuilt(): void {
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
}

export interface StartOptions {
  /** Offer pull diagnostics (LSP 3.17); otherwise the server publishes. */
  pull?: boolean;
  /** With pull: whether the client supports `workspace/diagnostic/refresh` (default true). */
  refresh?: boolean;
  /** `asyncLint.*` settings answered to `workspace/configuration` (per scope URI when a function). */
  settings?: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);
  workspaceFolders?: string[];
  initializationOptions?: Record<string, unknown>;
  /** Another server script (e.g. a test build with an extra rule). */
  serverPath?: string;
  /** Declare `window.workDoneProgress` (default true). */
  workDoneProgress?: boolean;
  /** Extra environment for the server process (e.g. NODE_OPTIONS to preload a module), over this process's. */
  env?: Record<string, string>;
}

export interface LogEntry {
  type: number;
  message: string;
}

const WAIT_MS = 15_000;

/**
 * For a test file: checks the server is built, and returns `start`, whose clients are stopped after each test (with
 * the temporary projects). `checkAlive`: every server must still be running when its test ends.
 */
export function useLspClients(options: { checkAlive?: boolean } = {}): (startOptions: Parameters<typeof LspClient.start>[0]) => Promise<LspClient> {
  let clients: LspClient[] = [];
  beforeAll(() => assertServerBuilt());
  afterEach(async () => {
    if (options.checkAlive) for (const client of clients) expect(client.processAlive, client.stderrText).toBe(true);
    await Promise.all(clients.map((c) => c.stop()));
    clients = [];
    removeProjects();
  });
  return async (startOptions) => {
    const client = await LspClient.start(startOptions);
    clients.push(client);
    return client;
  };
}

export class LspClient {
  readonly logs: LogEntry[] = [];
  readonly messages: string[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  readonly applied: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly registrations: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** `window/workDoneProgress/create` tokens and `$/progress` values, in the order they came. */
  readonly progress: ({ kind: "create"; token: string | number } | { kind: "begin" | "report" | "end"; token: string | number; title?: string; message?: string })[] = [];
  /** The status notifications ("status") and progress values (their kind) in the order they came. */
  readonly events: string[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters: (() => void)[] = [];
  private stderr = "";
  initializeResult!: InitializeResult;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    private readonly options: StartOptions,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    assertServerBuilt();
    const child = spawn(process.execPath, [options.serverPath ?? SERVER, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NODE_PATH: path.join(REPO, "node_modules"), ...options.env },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options);
    child.stderr!.on("data", (chunk: Buffer) => (client.stderr += chunk.toString()));
    client.listen();
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        applyEdit: true,
        workspaceEdit: { documentChanges: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceFolders: true,
        diagnostics: options.pull ? { refreshSupport: options.refresh ?? true } : undefined,
      },
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } },
          isPreferredSupport: true,
          dataSupport: true,
        },
        diagnostic: options.pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
      },
      window: { showDocument: { support: true }, workDoneProgress: options.workDoneProgress ?? true },
    };
    const folders = options.workspaceFolders ?? [];
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: path.basename(folder) })),
      capabilities,
      initializationOptions: { diagnosticsDelay: 20, ...options.initializationOptions },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => this.record(() => this.published.push(params)));
    c.onNotification(LogMessageNotification.type, (params) => this.record(() => this.logs.push(params)));
    c.onNotification(ShowMessageNotification.type, (params) => this.record(() => this.messages.push(params.message)));
    c.onRequest(ShowMessageRequest.type, (params) => {
      this.record(() => this.messages.push(params.message));
      return null;
    });
    c.onNotification(STATUS_NOTIFICATION, (params: unknown) =>
      this.record(() => {
        this.notifications.push({ method: STATUS_NOTIFICATION, params });
        this.events.push("status");
      }),
    );
    c.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        const settings = this.options.settings;
        return typeof settings === "function" ? settings(item.scopeUri) : (settings ?? {});
      }),
    );
    c.onRequest(RegistrationRequest.type, (params) => {
      this.record(() => this.registrations.push(...params.registrations.map((r) => r.method)));
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, async (params) => {
      await this.applyEdit(params.edit);
      this.record(() => this.applied.push(params));
      return { applied: true };
    });
    c.onRequest(ShowDocumentRequest.type, (params) => {
      this.record(() => this.shownDocuments.push(params));
      return { success: true };
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.record(() => this.progress.push({ kind: "create", token: params.token }));
    });
    c.onNotification("$/progress", (params: { token: string | number; value: { kind: "begin" | "report" | "end"; title?: string; message?: string } }) =>
      this.record(() => {
        this.progress.push({ token: params.token, ...params.value });
        this.events.push(params.value.kind);
      }),
    );
    c.onRequest("workspace/diagnostic/refresh", () => {
      this.record(() => this.notifications.push({ method: "workspace/diagnostic/refresh", params: null }));
      return null;
    });
  }

  private record(action: () => void): void {
    action();
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `predicate` holds, re-checking whenever the server sends something. */
  async until<T>(predicate: () => T | undefined | false, what: string, timeout = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}. Server log:\n${this.logText()}\nstderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  logText(): string {
    return this.logs.map((l) => l.message).join("\n");
  }

  get stderrText(): string {
    return this.stderr;
  }

  /** The server process's id (to find the processes it started). */
  get pid(): number {
    return this.child.pid!;
  }

  get processAlive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`not open: ${uri}`);
    return document;
  }

  async open(filePathOrUri: string, text?: string, languageId?: string): Promise<string> {
    const uri = filePathOrUri.includes(":") && !path.isAbsolute(filePathOrUri) ? filePathOrUri : uriOf(filePathOrUri);
    const content = text ?? fs.readFileSync(filePathOrUri, "utf8");
    const language = languageId ?? languageIdOf(uri);
    const document = TextDocument.create(uri, language, 1, content);
    this.documents.set(uri, document);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: language, version: 1, text: content } });
    return uri;
  }

  /** Replaces the whole text (or applies edits) as a new version; returns the version. */
  async change(uri: string, change: string | TextEdit[]): Promise<number> {
    const document = this.document(uri);
    const edits: TextEdit[] = typeof change === "string" ? [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, newText: change }] : change;
    const next = TextDocument.update(
      document,
      edits.map((e) => ({ range: e.range, text: e.newText })),
      document.version + 1,
    );
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: next.version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return next.version;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * The settled diagnostics for the document's current version: pulled (again after any refresh the server
   * asked for), or the last push for exactly that version once the server has answered a later request.
   */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const version = this.document(uri).version;
    if (this.options.pull) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const refreshes = this.refreshCount;
        const report = await this.pull(uri);
        await this.settled();
        if (report.kind === "full" && this.refreshCount === refreshes) return report.items;
      }
      throw new Error("diagnostics did not settle");
    }
    await this.until(() => lastPublished(this.published, uri, version), `diagnostics for ${uri} v${version}`);
    await this.settled();
    const params = lastPublished(this.published, uri, version);
    if (!params) throw new Error(`diagnostics for ${uri} were replaced by a later version's`);
    return params.diagnostics;
  }

  get refreshCount(): number {
    return this.notifications.filter((n) => n.method === "workspace/diagnostic/refresh").length;
  }

  /**
   * The server has finished what it had started, including loading a project: its progress ends after the
   * typed results of the documents that waited for it were published (or their refresh asked for).
   */
  async settled(): Promise<void> {
    await this.barrier();
    if (this.loadingTokens().length === 0) return;
    await this.until(() => this.loadingTokens().length === 0, "the project load's progress to end", 120_000);
    await this.barrier();
  }

  /** Progress tokens created or begun and not ended yet. */
  loadingTokens(): (string | number)[] {
    const open = new Set<string | number>();
    for (const event of this.progress) {
      if (event.kind === "end") open.delete(event.token);
      else open.add(event.token);
    }
    return [...open];
  }

  /** A request the server answers after finishing what it had started (its work runs to completion per turn). */
  async barrier(): Promise<void> {
    await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: "file:///async-lint-barrier.ts" },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
  }

  pull(uri: string, previousResultId?: string, token?: CancellationTokenSource): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId }, token?.token);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
    return (result ?? []) as CodeAction[];
  }

  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Applies a workspace edit to the client's documents and tells the server, as an editor does. */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    const perUri = new Map<string, TextEdit[]>();
    for (const change of edit.documentChanges ?? []) {
      if (!("textDocument" in change)) throw new Error("unexpected resource operation");
      const document = this.document(change.textDocument.uri);
      if (change.textDocument.version !== null && change.textDocument.version !== document.version) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${document.version}`);
      }
      perUri.set(change.textDocument.uri, change.edits as TextEdit[]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perUri.set(uri, edits);
    for (const [uri, edits] of perUri) {
      const document = this.document(uri);
      await this.change(uri, TextDocument.applyEdits(document, edits));
    }
  }

  async changeConfiguration(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async stop(): Promise<void> {
    if (this.processAlive) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The process is gone already.
      }
    }
    this.connection.dispose();
    if (this.processAlive) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 2000);
        this.child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export function lastPublished(published: readonly PublishDiagnosticsParams[], uri: string, version: number): PublishDiagnosticsParams | undefined {
  for (let i = published.length - 1; i >= 0; i--) {
    const params = published[i];
    if (params.uri !== uri) continue;
    return params.version === version ? params : undefined;
  }
  return undefined;
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

export function languageIdOf(uri: string): string {
  if (/\.tsx$/.test(uri)) return "typescriptreact";
  if (/\.[cm]?ts$/.test(uri)) return "typescript";
  if (/\.jsx$/.test(uri)) return "javascriptreact";
  if (/\.[cm]?js$/.test(uri)) return "javascript";
  if (/\.py$/.test(uri)) return "python";
  return "plaintext";
}

const projects: string[] = [];

/** A scratch project folder with the given files; `@types/node` comes from the repository. */
export function makeProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-lsp-")));
  projects.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return dir;
}

/** Removes the scratch projects made so far (call after the servers using them have stopped). */
export function removeProjects(): void {
  for (const dir of projects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A tsconfig for scratch projects: strict, Node types from the repository's node_modules. */
export function tsconfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(REPO, "node_modules/@types")],
      },
      include: ["src/**/*"],
      ...extra,
    },
    null,
    2,
  );
}

/** Diagnostics reduced to what a person reads: `line:col-line:col severity code message`. */
export function summarize(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${String(d.code)} ${d.message}`,
  );
}
