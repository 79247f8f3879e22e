// Synchronous Node.js APIs that block the event loop, with what to use instead.
// One row per API (or per family, with a `*` in the last name segment). Rules read this table; they hold no API names.

import { GLOBAL_MODULE } from "./node-instances";

/** How a finding on this API can be rewritten; see rules/no-blocking-call/typescript-fixes.ts. */
export type BlockingFixKind = "fs-promises" | "promisified-exec" | "atomics-wait-async";

export interface BlockingCallSpec {
  /** The module exporting the function (`GLOBAL_MODULE` for globals). Absent for methods of tracked instances. */
  module?: string;
  /** Instance type (see node-instances.ts) whose method this is. */
  type?: string;
  /** Export path within the module, dotted (`Atomics.wait`); `*` in the last segment matches a family (`*Sync`). */
  name: string;
  /** What the call blocks on, completing "it ...". */
  reason: string;
  /** What to use instead; `{{base}}` is the matched name without its `Sync` suffix. */
  replacement: string;
  fix?: BlockingFixKind;
  /** Only a blocking call when this argument is the literal `false` (synchronous XMLHttpRequest). */
  blockingWhenArgumentFalse?: number;
}

const FS_IO = "does file-system I/O synchronously";
const FILE_HANDLE = "a `FileHandle` from `await fs.promises.open()` and its methods";

export const NODE_BLOCKING_CALLS: BlockingCallSpec[] = [
  // fs functions without an fs/promises twin of the same name come before the family row.
  { module: "fs", name: "existsSync", reason: FS_IO, replacement: "`await fs.promises.access(path)` (it rejects when the path is missing) or `stat`" },
  { module: "fs", name: "openSync", reason: FS_IO, replacement: FILE_HANDLE },
  { module: "fs", name: "opendirSync", reason: FS_IO, replacement: "`await fs.promises.opendir()`" },
  { module: "fs", name: "readSync", reason: FS_IO, replacement: FILE_HANDLE },
  { module: "fs", name: "writeSync", reason: FS_IO, replacement: FILE_HANDLE },
  { module: "fs", name: "readvSync", reason: FS_IO, replacement: FILE_HANDLE },
  { module: "fs", name: "writevSync", reason: FS_IO, replacement: FILE_HANDLE },
  { module: "fs", name: "closeSync", reason: FS_IO, replacement: FILE_HANDLE },
  // fchmodSync, fstatSync, fsyncSync, ftruncateSync, ...: all take a file descriptor.
  { module: "fs", name: "f*Sync", reason: FS_IO, replacement: FILE_HANDLE },
  {
    module: "fs",
    name: "*Sync",
    reason: FS_IO,
    replacement: "the fs/promises `{{base}}` (await it)",
    fix: "fs-promises",
  },
  // fs-extra and graceful-fs re-export every fs function; fs-extra adds its own (`readJsonSync`, `outputFileSync`,
  // `copySync`, `emptyDirSync`...). Without a callback each fs-extra function returns a promise.
  { module: "fs-extra", name: "*Sync", reason: FS_IO, replacement: "fs-extra's `{{base}}` without a callback (it returns a promise; await it)" },
  { module: "graceful-fs", name: "*Sync", reason: FS_IO, replacement: "the fs/promises `{{base}}` (await it)" },
  // Globbing walks directory trees: thousands of synchronous readdir/stat calls.
  ...globRows("glob", ["*Sync", "sync", "sync.*", "glob.*Sync", "glob.sync", "glob.sync.*"], "`await glob(...)`"),
  // `FastGlob.sync`: how typed mode names a named import from fast-glob's `export =` namespace.
  ...globRows("fast-glob", ["sync", "globSync", "FastGlob.sync", "FastGlob.globSync"], "`await fg(...)` (or `fg.async`)"),
  ...globRows("tinyglobby", ["globSync"], "`await glob(...)`"),
  ...globRows("globby", ["*Sync", "sync", "globby.sync"], "`await globby(...)`"),
  {
    module: "child_process",
    name: "*Sync",
    reason: "waits for the child process to exit",
    replacement: "child_process `{{base}}` (promisified with util.promisify) or `spawn`",
    fix: "promisified-exec",
  },
  {
    module: "zlib",
    name: "*Sync",
    reason: "compresses or decompresses on the main thread",
    replacement: "the callback `zlib.{{base}}` (promisified with util.promisify) or a zlib stream",
  },
  {
    module: "crypto",
    name: "*Sync",
    reason: "runs a CPU-heavy crypto operation on the main thread",
    replacement: "the callback `crypto.{{base}}` (promisified with util.promisify), which runs on the thread pool",
  },
  // bcrypt hashes for ~100 ms by design (the cost factor); the sync forms do it on the main thread.
  ...["bcrypt", "bcryptjs"].flatMap((module) =>
    ["hashSync", "compareSync"].map((name) => ({
      module,
      name,
      reason: "hashes a password on the main thread (slow by design)",
      replacement: `\`await ${module}.{{base}}(...)\``,
    })),
  ),
  // Process spawners' synchronous forms wait for the child to exit, like child_process's.
  { module: "execa", name: "execaSync", reason: "waits for the child process to exit", replacement: "`await execa(...)`" },
  { module: "execa", name: "execaCommandSync", reason: "waits for the child process to exit", replacement: "`await execaCommand(...)`" },
  { module: "execa", name: "sync", reason: "waits for the child process to exit", replacement: "`await execa(...)`" },
  { module: "execa", name: "commandSync", reason: "waits for the child process to exit", replacement: "`await execaCommand(...)`" },
  { module: "cross-spawn", name: "sync", reason: "waits for the child process to exit", replacement: "`spawn` from cross-spawn, awaiting its `close` event" },
  {
    module: GLOBAL_MODULE,
    name: "Atomics.wait",
    reason: "suspends the thread until it is notified",
    replacement: "`await Atomics.waitAsync(...).value`",
    fix: "atomics-wait-async",
  },
  { type: "better-sqlite3.Statement", name: "run", reason: "runs the SQL statement synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { type: "better-sqlite3.Statement", name: "get", reason: "runs the SQL query synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { type: "better-sqlite3.Statement", name: "all", reason: "runs the SQL query synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { type: "better-sqlite3.Statement", name: "iterate", reason: "runs the SQL query synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { type: "better-sqlite3.Database", name: "exec", reason: "runs the SQL synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { type: "better-sqlite3.Database", name: "pragma", reason: "runs the pragma synchronously", replacement: "an async driver (e.g. `sqlite` over `sqlite3`) or a worker thread" },
  { module: "deasync", name: "*", reason: "spins the event loop from inside a synchronous call", replacement: "plain `await`" },
  { type: "deasync.SyncFunction", name: "", reason: "blocks until the wrapped asynchronous function completes", replacement: "`await` on the original asynchronous function" },
  {
    type: "XMLHttpRequest",
    name: "open",
    reason: "makes the request synchronous (the third argument is false)",
    replacement: "an asynchronous request (`fetch`, or `open(method, url, true)`)",
    blockingWhenArgumentFalse: 2,
  },
];

function globRows(module: string, names: string[], replacement: string): BlockingCallSpec[] {
  return names.map((name) => ({ module, name, reason: "walks the directory tree synchronously", replacement }));
}

/**
 * fs functions whose fs/promises twin takes the same arguments and resolves to what the sync one returns,
 * so `fs.xSync(a)` → `await fsp.x(a)` is a mechanical rewrite. Not here: `openSync` (fd vs FileHandle),
 * `existsSync` (no twin), fd-based calls (`readSync`, `fstatSync`...), `opendirSync`, `watch`.
 */
export const FS_PROMISES_TWINS: ReadonlySet<string> = new Set([
  "access", "appendFile", "chmod", "chown", "copyFile", "cp", "lchown", "link", "lstat", "lutimes", "mkdir", "mkdtemp", "readdir",
  "readFile", "readlink", "realpath", "rename", "rm", "rmdir", "stat", "statfs", "symlink", "truncate", "unlink", "utimes", "writeFile",
]);

/** Options the sync function accepts but its fs/promises twin does not (the rewrite would change behaviour). */
export const FS_SYNC_ONLY_OPTIONS: ReadonlySet<string> = new Set(["throwIfNoEntry"]);

/** Functions that read a clock: a loop whose only work is calling these is a busy wait. */
export const CLOCK_READS: { module: string; path: string[] }[] = [
  { module: GLOBAL_MODULE, path: ["Date", "now"] },
  { module: GLOBAL_MODULE, path: ["performance", "now"] },
  { module: "perf_hooks", path: ["performance", "now"] },
  { module: GLOBAL_MODULE, path: ["process", "hrtime"] },
  { module: GLOBAL_MODULE, path: ["process", "hrtime", "bigint"] },
  { module: "process", path: ["hrtime"] },
  { module: "process", path: ["hrtime", "bigint"] },
];
