// The main thread's side of the typed-linting worker (typed-worker.ts): started on first need, given the open
// TypeScript documents (and every change to them), asked for loads, lints, fixes and fix-all by request id. If the
// worker dies, the failure is logged, what waited on it fails (its documents fall back to syntax mode), and the
// next need starts a new one.
import { Worker } from "node:worker_threads";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Fix } from "../rules/core/model";
import { targetOf } from "./documents";
import type { TypedLinting } from "./linting";
import type { Logger } from "./log";
import type { LoadableProject } from "./project-loading";
import type { Project } from "./projects";
import type { Settings } from "./settings";
import {
  type DocumentParams,
  type FromTypedWorker,
  type RemoteLint,
  type ToTypedWorker,
  TYPED_WORKER_ROLE,
  type TypedWorkerData,
  TypedWorkerStopped,
  type TypedWorkerMethod,
  type TypedWorkerRequests,
} from "./typed-worker-protocol";

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?(message: string): void;
}

/** A TypeScript 6 project as the worker loads it: progress comes from the worker's steps. */
class WorkerProject implements LoadableProject {
  /** The worker (by its generation) that has loaded the project. */
  loadedBy = 0;
  /** A document of the project, which the worker finds the project from. */
  document: DocumentParams | undefined;

  constructor(
    private readonly client: TypedWorkerClient,
    private readonly project: Project,
  ) {}

  get name(): string {
    return this.project.name;
  }

  get rootFileCount(): number {
    return this.project.rootFileCount;
  }

  get loadingMessage(): string {
    return this.project.loadingMessage;
  }

  get isLoaded(): boolean {
    return this.loadedBy === this.client.generation && this.client.running;
  }

  async *load(): AsyncIterable<string> {
    if (!this.document) return;
    const steps: string[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    let failure: unknown;
    const generation = this.client.startedGeneration();
    void this.client
      .request("load", this.document, (message) => {
        steps.push(message);
        wake?.();
      })
      .then(
        () => (finished = true),
        (error: unknown) => ((failure = error), (finished = true)),
      )
      .finally(() => wake?.());
    for (;;) {
      const step = steps.shift();
      if (step !== undefined) yield step;
      else if (finished) break;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure) throw failure;
    this.loadedBy = generation;
  }
}

export class TypedWorkerClient implements TypedLinting {
  private worker: Worker | undefined;
  /** Counts the workers started: a project loaded by an earlier one is not loaded in the current one. */
  generation = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The lint request of each document the worker has not answered yet, with the version it checks. */
  private readonly lintsRunning = new Map<string, { id: number; version: number }>();
  /** Shared with the worker (TypedWorkerData.cancel): the id of the lint to stop. */
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  private readonly projects = new WeakMap<Project, WorkerProject>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly folders: () => readonly string[],
    private readonly log: Logger,
    private readonly largeFileThreshold: number,
  ) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  projectOf(project: Project, document?: TextDocument, settings?: Settings): LoadableProject {
    let proxy = this.projects.get(project);
    if (!proxy) this.projects.set(project, (proxy = new WorkerProject(this, project)));
    if (document && settings) proxy.document = { uri: document.uri, version: document.version, settings };
    return proxy;
  }

  async lint(project: Project, document: TextDocument, settings: Settings): Promise<RemoteLint> {
    const proxy = this.projectOf(project, document, settings) as WorkerProject;
    const generation = this.startedGeneration();
    const { id, result: answer } = this.send("lint", { uri: document.uri, version: document.version, settings });
    const lint = { id, version: document.version };
    this.lintsRunning.set(document.uri, lint);
    try {
      const result = await answer;
      if (result.kind === "linted") proxy.loadedBy = generation;
      return result;
    } finally {
      if (this.lintsRunning.get(document.uri) === lint) this.lintsRunning.delete(document.uri);
    }
  }

  fixes(uri: string, version: number, indexes: number[]): Promise<Fix[][]> {
    return this.request("fixes", { uri, version, indexes });
  }

  async fixAllText(document: TextDocument, settings: Settings): Promise<string | undefined> {
    return (await this.request("fixAllText", { uri: document.uri, version: document.version, settings })) ?? undefined;
  }

  // --- what the worker mirrors ---

  documentChanged(document: TextDocument, type: "open" | "change"): void {
    if (!this.worker || !isTypeScriptFile(document)) return;
    // A check of the old text that is running now is stopped: nobody will be shown its findings.
    const running = this.lintsRunning.get(document.uri);
    if (running && running.version !== document.version) Atomics.store(this.cancel, 0, running.id);
    this.post({ type, uri: document.uri, languageId: document.languageId, version: document.version, text: document.getText() });
  }

  documentClosed(document: TextDocument): void {
    if (this.worker && isTypeScriptFile(document)) this.post({ type: "close", uri: document.uri });
  }

  foldersChanged(): void {
    if (this.worker) this.post({ type: "folders", folders: [...this.folders()] });
  }

  filesChanged(files: { filePath: string; kind: "created" | "changed" | "deleted" }[]): void {
    if (this.worker) this.post({ type: "filesChanged", files });
  }

  configsChanged(): void {
    if (this.worker) this.post({ type: "configsChanged" });
  }

  stop(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.failPending("the typed-linting worker was stopped");
    void worker.terminate();
  }

  // --- requests ---

  /** The generation of the worker, started if none runs. */
  startedGeneration(): number {
    this.started();
    return this.generation;
  }

  request<M extends TypedWorkerMethod>(method: M, params: TypedWorkerRequests[M]["params"], onProgress?: (message: string) => void): Promise<TypedWorkerRequests[M]["result"]> {
    return this.send(method, params, onProgress).result;
  }

  private send<M extends TypedWorkerMethod>(
    method: M,
    params: TypedWorkerRequests[M]["params"],
    onProgress?: (message: string) => void,
  ): { id: number; result: Promise<TypedWorkerRequests[M]["result"]> } {
    this.started();
    const id = this.nextId++;
    const result = new Promise<TypedWorkerRequests[M]["result"]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, onProgress });
      this.post({ type: "request", id, method, params } as ToTypedWorker);
    });
    return { id, result };
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const workerData: TypedWorkerData = { role: TYPED_WORKER_ROLE, largeFileThreshold: this.largeFileThreshold, cancel: this.cancel.buffer as SharedArrayBuffer };
    // The server's own bundle: main.ts runs the worker side when started as this worker.
    const worker = new Worker(__filename, { workerData });
    this.generation++;
    this.worker = worker;
    worker.on("message", (message: FromTypedWorker) => this.received(message));
    worker.on("error", (error) => this.stopped(worker, `failed: ${error.stack ?? error.message}`));
    worker.on("exit", (code) => this.stopped(worker, `exited (code ${code})`));
    this.post({ type: "folders", folders: [...this.folders()] });
    for (const document of this.documents.all()) this.documentChanged(document, "open");
    return worker;
  }

  private post(message: ToTypedWorker): void {
    this.worker?.postMessage(message);
  }

  private received(message: FromTypedWorker): void {
    switch (message.type) {
      case "log":
        if (message.key === undefined) this.log[message.level](message.message);
        else this.log.once(message.key, message.message, message.level);
        return;
      case "progress":
        this.pending.get(message.id)?.onProgress?.(message.message);
        return;
      case "response": {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if ("error" in message) pending?.reject(new Error(message.error));
        else pending?.resolve(message.result);
      }
    }
  }

  private stopped(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.log.error(`The typed-linting worker ${why}. Its documents are checked in syntax mode; the next typed check starts a new one.`);
    this.failPending(`the typed-linting worker ${why}`);
  }

  private failPending(why: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new TypedWorkerStopped(why));
  }
}

function isTypeScriptFile(document: TextDocument): boolean {
  const target = targetOf(document);
  return target?.filePath !== undefined && target.language === "typescript";
}
