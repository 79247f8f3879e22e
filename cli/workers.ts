// --workers: linting syntax-mode files on worker threads. The workers run this same bundle (cli/main.ts starts
// `runWorker` when it finds itself on a worker thread); each lints batches of files with `runLint`, as the main
// thread would, and sends back the reports, the notifications, what it logged and its new cache entries. Results
// are put back in the order of the file list, so the report is the same whatever the number of workers.
// Call chains may follow an import into a file another worker lints: each worker parses such files itself
// (the lint set is the whole run), which costs a little duplicated parsing.
import * as os from "node:os";
import { parentPort, Worker } from "node:worker_threads";
import { ConfigResolver, loadConfigFile } from "../rules/core/config";
import { languageOf } from "../rules/core/engine";
import type { FixNeed } from "../rules/core/fixes";
import type { ActiveSeverity, RuleId, Severity } from "../rules/core/model";
import { initPython } from "../rules/lang/python/parser";
import { loadTypeScript } from "../rules/lang/typescript/load";
import { type CacheEntry, LintCache } from "./cache";
import type { Log } from "./log";
import { type FileReport, runLint, type RunStats, type ToolNotification } from "./run";

/** What every worker needs to lint like the main thread. */
export interface WorkerSetup {
  kind: "async-lint-worker";
  cwd: string;
  lintSet: string[];
  configPath: string | undefined;
  ruleOverrides: Partial<Record<RuleId, Severity>>;
  reportUnusedDirectives: ActiveSeverity | "off";
  /** Findings cross back to the main thread with these fixes built (a producer cannot be cloned). */
  fixNeed: FixNeed;
  quiet: boolean;
  debug: boolean;
  cache: { location: string; tool: string } | undefined;
}

/** A call on the worker's log, replayed on the main thread's (so --debug, warnings and the exit code are right). */
export interface LogCall {
  method: "warn" | "note" | "error" | "debug";
  message: string;
  stack?: string;
}

export interface BatchResult {
  batch: number;
  files: FileReport[];
  notifications: ToolNotification[];
  stats: RunStats;
  logCalls: LogCall[];
  cacheEntries: Record<string, CacheEntry>;
}

type WorkerMessage = { kind: "result"; result: BatchResult } | { kind: "failed"; batch: number; message: string; stack?: string };

/** Files above which `--workers auto` uses threads: below, starting them costs more than it saves. */
export const AUTO_WORKERS_MIN_FILES = 200;
/** CPUs below which `--workers auto` stays on the main thread. */
export const AUTO_WORKERS_MIN_CPUS = 4;

/** How many workers to start for `count` files (0: lint on the main thread). */
export function workerCount(requested: number | "auto", files: number): number {
  const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  // Each worker loads TypeScript and the Python wasm and parses the call-chain sources it needs again; on two CPUs
  // `npm run bench` measured two workers slower than the main thread alone (7.5 s vs 5.4 s, 2.5× the memory).
  if (requested === "auto") return files > AUTO_WORKERS_MIN_FILES && cpus >= AUTO_WORKERS_MIN_CPUS ? Math.min(cpus - 1, 8) : 0;
  const count = Math.min(requested, files);
  return count > 1 ? count : 0;
}

/** Lints `files` on `count` workers, in batches handed out as workers become free. */
export async function lintInWorkers(
  setup: WorkerSetup,
  files: readonly string[],
  count: number,
  onProgress: (done: number) => void,
): Promise<BatchResult[]> {
  // Small batches balance the load (file sizes vary a lot); not too small, each is one message round trip.
  const size = Math.max(10, Math.min(100, Math.ceil(files.length / (count * 8))));
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  const results: BatchResult[] = new Array(batches.length);
  let next = 0;
  let done = 0;

  const runOne = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= batches.length) {
          resolve();
          return;
        }
        const batch = next++;
        worker.postMessage({ batch, files: batches[batch] });
      };
      worker.on("message", (message: WorkerMessage) => {
        if (message.kind === "failed") {
          reject(Object.assign(new Error(message.message), { stack: message.stack }));
          return;
        }
        results[message.result.batch] = message.result;
        done += batches[message.result.batch].length;
        onProgress(done);
        send();
      });
      worker.on("error", reject);
      worker.on("exit", (code) => {
        if (next < batches.length || code !== 0) reject(new Error(`a worker thread stopped (exit code ${code})`));
      });
      send();
    });

  const workers = Array.from({ length: count }, () => new Worker(__filename, { workerData: setup }));
  try {
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** The worker thread's side: set up once, then lint each batch the main thread sends. */
export async function runWorker(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  const resolver = new ConfigResolver(setup.configPath ? loadConfigFile(setup.configPath) : undefined);
  if (setup.lintSet.some((file) => languageOf(file) === "python")) await initPython();
  if (setup.lintSet.some((file) => languageOf(file) === "typescript")) loadTypeScript();
  // The main thread has reported any problem with the cache file already.
  const cache = setup.cache ? LintCache.open(setup.cache.location, setup.cache.tool, () => {}) : undefined;
  port.on("message", (request: { batch: number; files: string[] }) => {
    const logCalls: LogCall[] = [];
    try {
      const report = runLint({
        cwd: setup.cwd,
        files: request.files,
        lintSet: setup.lintSet,
        resolver,
        ruleOverrides: setup.ruleOverrides,
        typed: false,
        fixMode: "none",
        fixNeed: setup.fixNeed,
        quiet: setup.quiet,
        reportUnusedDirectives: setup.reportUnusedDirectives,
        log: recordingLog(logCalls, setup.debug),
        cache,
      });
      const cacheEntries = cache ? cache.takeNewEntries() : {};
      const result: BatchResult = { batch: request.batch, files: report.files, notifications: report.notifications, stats: report.stats, logCalls, cacheEntries };
      port.postMessage({ kind: "result", result } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({
        kind: "failed",
        batch: request.batch,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      } satisfies WorkerMessage);
    }
  });
}

function recordingLog(calls: LogCall[], debugEnabled: boolean): Log {
  let errorCount = 0;
  return {
    warn: (message) => calls.push({ method: "warn", message }),
    note: (message) => calls.push({ method: "note", message }),
    error: (message, stack) => {
      errorCount++;
      calls.push({ method: "error", message, stack });
    },
    debug: (message) => {
      if (debugEnabled) calls.push({ method: "debug", message });
    },
    get errorCount() {
      return errorCount;
    },
    debugEnabled,
  };
}

/** Replays a worker's log calls on the main thread's log. */
export function replayLog(calls: readonly LogCall[], log: Log): void {
  for (const call of calls) {
    if (call.method === "error") log.error(call.message, call.stack);
    else log[call.method](call.message);
  }
}
