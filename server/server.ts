// Wires the language server's handlers to the modules that do the work; no logic of its own beyond routing.
import * as path from "node:path";
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeResult,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionProvider } from "./code-actions";
import { CommandRunner, SERVER_COMMANDS } from "./commands";
import { CONFIG_FILE_NAMES, ConfigFiles } from "./config-files";
import { DiagnosticsService } from "./diagnostics";
import { filePathOf } from "./documents";
import { initializeLanguages } from "./languages";
import { DEFAULT_LARGE_FILE_THRESHOLD, DocumentLinter } from "./linting";
import { Logger } from "./log";
import { ProjectLoader } from "./project-loading";
import { OpenDocumentFiles, ProjectService } from "./projects";
import { FIX_ALL_KIND, type InitializationOptions } from "./protocol";
import { SettingsStore } from "./settings";
import { EditorSources } from "./sources";
import { StatusReporter } from "./status";
import { TypedWorkerClient } from "./typed-worker-client";
import { TypeScript7Session } from "./typescript7-projects";

const DEFAULT_DIAGNOSTICS_DELAY = 150;
const WATCHED_GLOBS = [
  `**/{${CONFIG_FILE_NAMES.join(",")}}`,
  // tsconfig.json, jsconfig.json, and the names references and `extends` often use (tsconfig.app.json,
  // tsconfig.base.json, tsconfig-base.json).
  "**/{tsconfig,jsconfig}*.json",
  "**/package.json",
  "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}",
  "**/*.py",
];

export function startServer(connection: Connection): void {
  const log = new Logger(connection.console);
  const documents = new TextDocuments(TextDocument);
  const openFiles = new OpenDocumentFiles((uri) => documents.get(uri));
  let folders: string[] = [];
  const projects = new ProjectService(openFiles, log, () => folders);
  const typescript7 = new TypeScript7Session(openFiles, log, () => folders[0] ?? process.cwd());
  const sources = new EditorSources(openFiles, () => folders);
  const configs = new ConfigFiles(
    (error) => log.once(`suppressions:${error.message}`, `Ignoring ${error.message}`, "error"),
    () => folders,
  );

  let services:
    | {
        settings: SettingsStore;
        status: StatusReporter;
        diagnostics: DiagnosticsService;
        codeActions: CodeActionProvider;
        commands: CommandRunner;
        watchDynamically: boolean;
        configDynamically: boolean;
        folderEvents: boolean;
        typedWorker: TypedWorkerClient;
      }
    | undefined;

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    folders = (params.workspaceFolders ?? []).map((folder) => filePathOf(folder.uri)).filter((p): p is string => !!p);
    if (folders.length === 0 && params.rootUri) folders = [filePathOf(params.rootUri)].filter((p): p is string => !!p);
    await initializeLanguages(log);

    const settings = new SettingsStore(connection, !!capabilities.workspace?.configuration, log);
    const status = new StatusReporter(connection, log);
    const largeFileThreshold = options.largeFileThreshold ?? DEFAULT_LARGE_FILE_THRESHOLD;
    // TypeScript 6's typed work runs in a worker thread: this thread stays free for the connection and syntax mode.
    const typedWorker = new TypedWorkerClient(documents, () => folders, log, largeFileThreshold);
    const linter = new DocumentLinter(projects, typescript7, configs, sources, log, largeFileThreshold, typedWorker);
    const pull = !!capabilities.textDocument?.diagnostic;
    const diagnostics = new DiagnosticsService(connection, documents, linter, settings, status, new ProjectLoader(connection, log, status), log, {
      pull,
      refresh: !!capabilities.workspace?.diagnostics?.refreshSupport,
      delay: options.diagnosticsDelay ?? DEFAULT_DIAGNOSTICS_DELAY,
      support: {
        relatedInformation: !!capabilities.textDocument?.publishDiagnostics?.relatedInformation || pull,
        codeDescription: !!capabilities.textDocument?.publishDiagnostics?.codeDescriptionSupport || pull,
      },
    });
    const codeActions = new CodeActionProvider(documents, linter, settings, !!capabilities.workspace?.workspaceEdit?.documentChanges);
    const commands = new CommandRunner(connection, documents, codeActions, log, !!capabilities.window?.showDocument?.support);
    services = {
      settings,
      status,
      diagnostics,
      codeActions,
      commands,
      watchDynamically: !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configDynamically: !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration,
      folderEvents: !!capabilities.workspace?.workspaceFolders,
      typedWorker,
    };
    log.info(`async-lint ${process.env.ASYNC_LINT_VERSION ?? "dev"}: ${pull ? "pull" : "push"} diagnostics, ${folders.length} workspace folder(s).`);

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: SERVER_COMMANDS },
        // Typed findings depend on other files: the client pulls open documents again when any of them changes.
        ...(pull ? { diagnosticProvider: { identifier: "async-lint", interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "async-lint", version: process.env.ASYNC_LINT_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (!services) return;
    if (services.watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (services.configDynamically) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (services.folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => filePathOf(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...event.added.map((f) => filePathOf(f.uri)).filter((p): p is string => !!p)];
        services?.typedWorker.foldersChanged();
      });
    }
  });

  // Documents. `onDidChangeContent` also fires right after `onDidOpen`; the open is handled there, once.
  const openedVersions = new Map<string, number>();
  documents.onDidOpen(({ document }) => {
    const filePath = filePathOf(document.uri);
    if (filePath) openFiles.opened(filePath, document.uri);
    openedVersions.set(document.uri, document.version);
    projects.openFileChanged();
    if (filePath) typescript7.documentChanged(filePath);
    services?.typedWorker.documentChanged(document, "open");
    services?.diagnostics.opened(document);
  });
  documents.onDidChangeContent(({ document }) => {
    if (openedVersions.get(document.uri) === document.version) return;
    openedVersions.delete(document.uri);
    projects.openFileChanged();
    const filePath = filePathOf(document.uri);
    if (filePath) typescript7.documentChanged(filePath);
    services?.typedWorker.documentChanged(document, "change");
    services?.diagnostics.changed(document);
  });
  documents.onDidSave(({ document }) => services?.diagnostics.saved(document));
  documents.onDidClose(({ document }) => {
    const filePath = filePathOf(document.uri);
    if (filePath) {
      openFiles.closed(filePath);
      projects.openFileClosed(filePath);
      typescript7.documentClosed(filePath);
    }
    openedVersions.delete(document.uri);
    services?.typedWorker.documentClosed(document);
    services?.settings.forget(document.uri);
    services?.diagnostics.closed(document.uri);
  });
  documents.listen(connection);

  connection.onDidChangeConfiguration((change) => {
    services?.settings.changed(change.settings);
    services?.diagnostics.recheckAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let configChanged = false;
    const files: { filePath: string; kind: "created" | "changed" | "deleted" }[] = [];
    for (const change of changes) {
      const filePath = filePathOf(change.uri);
      if (!filePath) continue;
      if ((CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(filePath))) configChanged = true;
      const kind = change.type === FileChangeType.Created ? "created" : change.type === FileChangeType.Deleted ? "deleted" : "changed";
      files.push({ filePath, kind });
      sources.invalidate(filePath);
    }
    if (configChanged) {
      configs.changed();
      services?.typedWorker.configsChanged();
      services?.status.configsChanged();
      log.info("Config files changed: checking open documents again.");
    }
    projects.filesChanged(files);
    typescript7.filesChanged(files);
    services?.typedWorker.filesChanged(files);
    services?.diagnostics.recheckAll();
  });

  connection.onCodeAction((params) => guarded("code actions", () => services?.codeActions.provide(params) ?? [], []));
  connection.onExecuteCommand((params) => guarded("command", () => services?.commands.execute(params), undefined));
  connection.languages.diagnostics.on(async (params, token) => {
    if (!services) return { kind: "full", items: [] };
    try {
      return await services.diagnostics.pull(params, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`Diagnostics for ${params.textDocument.uri} failed: ${stackOf(error)}`);
      return { kind: "full", items: [] };
    }
  });
  connection.onShutdown(() => {
    projects.dispose();
    typescript7.dispose();
    services?.typedWorker.stop();
  });

  /** A handler's failure is logged and answered with an empty result: the server keeps running. */
  async function guarded<T>(what: string, run: () => Promise<T> | T, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      log.error(`${what} failed: ${stackOf(error)}`);
      return fallback;
    }
  }

  connection.listen();
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
