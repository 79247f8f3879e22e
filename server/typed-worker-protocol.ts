// The messages between the server's main thread and its typed-linting worker (typed-worker.ts): plain data only.
import type { Finding, Fix } from "../rules/core/model";
import type { Settings } from "./settings";

export const TYPED_WORKER_ROLE = "typed-linting";

export interface TypedWorkerData {
  role: typeof TYPED_WORKER_ROLE;
  largeFileThreshold: number;
  /**
   * One Int32 the main thread writes the id of a lint request into when that request's document changes: the worker
   * reads it between the nodes of the running check (it cannot take messages until the check ends) and stops it.
   */
  cancel: SharedArrayBuffer;
}

/** Findings without their fixes (those stay where the lint ran); "stale": the document changed before the lint. */
export type RemoteLint = { kind: "linted"; findings: Finding[]; typed: boolean } | { kind: "stale" };

export interface DocumentParams {
  uri: string;
  version: number;
  settings: Settings;
}

export interface TypedWorkerRequests {
  /** Loads the document's project, posting a `progress` event per step. */
  load: { params: DocumentParams; result: null };
  lint: { params: DocumentParams; result: RemoteLint };
  fixes: { params: { uri: string; version: number; indexes: number[] }; result: Fix[][] };
  /** The document's text with every safe fix applied; null: the document changed meanwhile, or nothing to lint. */
  fixAllText: { params: DocumentParams; result: string | null };
}

export type TypedWorkerMethod = keyof TypedWorkerRequests;

export type ToTypedWorker =
  | { type: "folders"; folders: string[] }
  | { type: "open" | "change"; uri: string; languageId: string; version: number; text: string }
  | { type: "close"; uri: string }
  | { type: "filesChanged"; files: { filePath: string; kind: "created" | "changed" | "deleted" }[] }
  | { type: "configsChanged" }
  | { [M in TypedWorkerMethod]: { type: "request"; id: number; method: M; params: TypedWorkerRequests[M]["params"] } }[TypedWorkerMethod];

export type FromTypedWorker =
  | { type: "response"; id: number; result: unknown }
  | { type: "response"; id: number; error: string }
  | { type: "progress"; id: number; message: string }
  /** `key`: a message logged once per key (the main thread's log dedupes what both threads say). */
  | { type: "log"; level: "info" | "warn" | "error"; message: string; key?: string };

/** What waited on a worker that died or was stopped fails with this (the death itself is logged once, by the client). */
export class TypedWorkerStopped extends Error {}
