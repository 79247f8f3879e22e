// The typed-linting worker thread: TypeScript 6 projects are loaded and typed lints, fixes and fix-all run here, so
// the server's main thread (the LSP connection, syntax-mode linting) never waits for the compiler. It keeps a mirror
// of the open TypeScript documents, sent by the main thread (typed-worker-client.ts), and answers one request at a
// time; a lint for a version the document has already left is answered "stale" without running.
import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { RemoteConsole } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fixesOf } from "../rules/core/fixes";
import { LintCancelled } from "../rules/core/model";
import { ConfigFiles } from "./config-files";
import { filePathOf } from "./documents";
import { DocumentLinter } from "./linting";
import { Logger } from "./log";
import { OpenDocumentFiles, ProjectService } from "./projects";
import { EditorSources } from "./sources";
import { type FromTypedWorker, type ToTypedWorker, TYPED_WORKER_ROLE, type TypedWorkerData, type TypedWorkerMethod, type TypedWorkerRequests } from "./typed-worker-protocol";
import { TypeScript7Session } from "./typescript7-projects";

type Request = Extract<ToTypedWorker, { type: "request" }>;
type Handlers = { [M in TypedWorkerMethod]: (params: TypedWorkerRequests[M]["params"], id: number) => Promise<TypedWorkerRequests[M]["result"]> };

/** Log lines go to the main thread's log; "once" keys go along, so what both threads say is logged once. */
class ForwardingLogger extends Logger {
  private readonly forwarded = new Set<string>();

  constructor(private readonly post: (message: FromTypedWorker) => void) {
    const console = {
      info: (message: string) => post({ type: "log", level: "info", message }),
      warn: (message: string) => post({ type: "log", level: "warn", message }),
      error: (message: string) => post({ type: "log", level: "error", message }),
    };
    super(console as RemoteConsole);
  }

  override once(key: string, message: string, level: "info" | "warn" | "error" = "warn"): void {
    if (this.forwarded.has(key)) return;
    this.forwarded.add(key);
    this.post({ type: "log", level, message, key });
  }

  override forget(prefix: string): void {
    for (const key of this.forwarded) if (key.startsWith(prefix)) this.forwarded.delete(key);
  }
}

/** Whether this thread was started as the typed-linting worker (by the server's bundle, running itself). */
export function isTypedWorkerThread(): boolean {
  return !isMainThread && parentPort !== null && (workerData as TypedWorkerData | undefined)?.role === TYPED_WORKER_ROLE;
}

export function runTypedWorkerThread(): void {
  runTypedWorker(parentPort!, workerData as TypedWorkerData);
}

function runTypedWorker(port: MessagePort, data: TypedWorkerData): void {
  const post = (message: FromTypedWorker) => port.postMessage(message);
  const cancelled = new Int32Array(data.cancel);
  const log = new ForwardingLogger(post);
  const documents = new Map<string, TextDocument>();
  const openFiles = new OpenDocumentFiles((uri) => documents.get(uri));
  let folders: string[] = [];
  const projects = new ProjectService(openFiles, log, () => folders);
  const sources = new EditorSources(openFiles, () => folders);
  const configs = new ConfigFiles((error) => log.once(`suppressions:${error.message}`, `Ignoring ${error.message}`, "error"), () => folders);
  // TypeScript 7 stays on the main thread; the linter's session here is never started.
  const linter = new DocumentLinter(projects, new TypeScript7Session(openFiles, log, () => folders[0] ?? process.cwd()), configs, sources, log, data.largeFileThreshold);

  const current = (uri: string, version: number) => {
    const document = documents.get(uri);
    return document?.version === version ? document : undefined;
  };

  const handlers: Handlers = {
    async load({ uri, settings }, id) {
      const filePath = filePathOf(uri);
      const lookup = filePath === undefined ? undefined : projects.lookup(filePath, settings.typed);
      if (lookup?.kind !== "typed" || lookup.project.isLoaded) return null;
      // No message loop to keep free here: one go, its progress reported to the main thread as it goes.
      lookup.project.loadReporting((message) => post({ type: "progress", id, message }));
      return null;
    },
    async lint({ uri, version, settings }, id) {
      const document = current(uri, version);
      if (!document) return { kind: "stale" };
      let attempt;
      try {
        attempt = await linter.lint(document, settings, { loadProject: true, isCancelled: () => Atomics.load(cancelled, 0) === id });
      } catch (error) {
        if (error instanceof LintCancelled) return { kind: "stale" };
        throw error;
      }
      if (attempt.kind !== "linted") return { kind: "linted", findings: [], typed: false };
      // Fixes are built on request (`fixes`), from the findings kept here: they hold closures over the analysis.
      return { kind: "linted", findings: attempt.outcome.findings.map((finding) => ({ ...finding, fixes: [] })), typed: attempt.outcome.typed };
    },
    async fixes({ uri, version, indexes }) {
      const document = current(uri, version);
      const findings = document && linter.lastFindings(document);
      return indexes.map((index) => (findings?.[index] ? fixesOf(findings[index]) : []));
    },
    async fixAllText({ uri, version, settings }) {
      const document = current(uri, version);
      return (document && (await linter.fixAllText(document, settings))) ?? null;
    },
  };

  const queue: Request[] = [];
  let draining = false;
  // Requests run after every message that arrived meanwhile was taken in: the edits that made a queued lint stale first.
  const drainSoon = () => {
    if (draining) return;
    draining = true;
    setImmediate(() => void drain());
  };
  const drain = async () => {
    const request = queue.shift();
    if (request) {
      try {
        const handler = handlers[request.method] as (params: unknown, id: number) => Promise<unknown>;
        post({ type: "response", id: request.id, result: await handler(request.params, request.id) });
      } catch (error) {
        post({ type: "response", id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    draining = false;
    if (queue.length > 0) drainSoon();
  };

  port.on("message", (message: ToTypedWorker) => {
    switch (message.type) {
      case "folders":
        folders = message.folders;
        break;
      case "open":
      case "change": {
        documents.set(message.uri, TextDocument.create(message.uri, message.languageId, message.version, message.text));
        const filePath = filePathOf(message.uri);
        if (filePath) openFiles.opened(filePath, message.uri);
        projects.openFileChanged();
        break;
      }
      case "close": {
        documents.delete(message.uri);
        linter.forget(message.uri);
        const filePath = filePathOf(message.uri);
        if (filePath) {
          openFiles.closed(filePath);
          projects.openFileClosed(filePath);
        }
        break;
      }
      case "filesChanged":
        for (const file of message.files) sources.invalidate(file.filePath);
        projects.filesChanged(message.files);
        break;
      case "configsChanged":
        configs.changed();
        break;
      case "request":
        queue.push(message);
        drainSoon();
        break;
    }
  });
}
