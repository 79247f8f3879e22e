import { PY_FILESYSTEM_CALLS } from "./python-blocking-filesystem";
import { PY_POOL_AND_CLIENT_CALLS } from "./python-blocking-pools";

// Synchronous Python APIs that block the event loop when called inside a coroutine, with the asyncio way to do
// the same. One row per API: a function by qualified name (a trailing `*` matches a family, `os.spawn*`), or a
// method of an instance type tracked in python-instances.ts. Rules read this table; they hold no API names.
import { PY_FILE_BLOCKING_METHODS, PY_FILE_INSTEAD, PY_FILE_REASON, PY_FILE_TYPE } from "./python-files";

/** An argument value that makes the call return at once (`q.get(block=False)`, `os.waitpid(p, os.WNOHANG)`). */
export interface NonBlockingArgument {
  position?: number;
  keyword?: string;
  /** Tested against the argument's source text. */
  matches: RegExp;
}

export interface PyBlockingCallSpec {
  /** Qualified name (`time.sleep`, `builtins.open`, `urllib.request.urlopen`). */
  callee?: string;
  /** Or a method of a tracked instance type; `*` for every public method but `notMembers` (a boto3 client's). */
  type?: string;
  member?: string;
  notMembers?: readonly string[];
  /** What the call blocks on, completing "it ...". */
  reason: string;
  /** What to use instead. */
  replacement: string;
  /** "asyncio-sleep": rewritten to `await asyncio.sleep(x)` by a safe fix. */
  fix?: "asyncio-sleep";
  /**
   * Whether `await asyncio.to_thread(f, ...)` is offered as a suggestion (default true). Not for calls that must run
   * on the thread that later releases what they take (an RLock), or whose result is not usable from the loop.
   */
  toThread?: boolean;
  nonBlockingWhen?: NonBlockingArgument[];
  /** Blocks only on a socket in blocking mode: not when the same name gets `setblocking(False)` / `settimeout(0)`. */
  socket?: boolean;
  /** The flake8-async / Ruff code for the same check. */
  code?: string;
}

const HTTP = "waits for the HTTP response";
const HTTP_INSTEAD = "an async HTTP client (`aiohttp.ClientSession` or `httpx.AsyncClient`)";
const PROCESS = "waits for the child process to exit";
const PROCESS_INSTEAD = "`asyncio.create_subprocess_exec` (or `_shell`) and `await proc.communicate()`";
const PROCESS_START = "starts the child process synchronously (fork and exec on the event loop's thread)";
const PROCESS_START_INSTEAD = "`await asyncio.create_subprocess_exec(...)`";
const SPAWN_FUNCTIONS = ["spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"];
const FILE = "does file I/O on the event loop's thread";
const FILE_INSTEAD = "`aiofiles`, or `await asyncio.to_thread(...)`";
const SQLITE = "runs the SQL on the event loop's thread";
const SQLITE_INSTEAD = "`aiosqlite`, or `await asyncio.to_thread(...)`";
const FALSE_OR_ZERO = /^(False|0)$/;

const requestsMethods = ["request", "get", "post", "put", "patch", "delete", "head", "options"];
const httpxMethods = [...requestsMethods, "stream"];
const HTTPX_MODULES = ["httpx", "httpx2"];
/** Methods of a urllib3 pool or pool manager that do no network I/O. */
const URLLIB3_LOCAL_METHODS = ["connection_from_host", "connection_from_url", "connection_from_context", "connection_from_pool_key", "is_same_host", "close", "clear"];

export const PY_BLOCKING_CALLS: PyBlockingCallSpec[] = [
  { callee: "time.sleep", reason: "suspends the whole thread, so no other task runs", replacement: "`await asyncio.sleep(...)`", fix: "asyncio-sleep", code: "ASYNC251" },
  // HTTP
  ...requestsMethods.map((m) => ({ callee: `requests.${m}`, reason: HTTP, replacement: HTTP_INSTEAD, code: "ASYNC210" })),
  ...[...requestsMethods, "send"].map((m) => ({ type: "requests.Session", member: m, reason: HTTP, replacement: HTTP_INSTEAD, code: "ASYNC210" })),
  // httpx and httpx2 (its maintained continuation, the same API under another module name).
  ...HTTPX_MODULES.flatMap((module) => [
    ...httpxMethods.map((m) => ({ callee: `${module}.${m}`, reason: HTTP, replacement: `\`${module}.AsyncClient\` (await its methods)`, code: "ASYNC210" })),
    ...[...httpxMethods, "send"].map((m) => ({ type: `${module}.Client`, member: m, reason: HTTP, replacement: `\`${module}.AsyncClient\` (await its methods)`, code: "ASYNC212" })),
    {
      type: `${module}.Client`,
      member: "close",
      reason: "closes the client's pooled connections synchronously",
      replacement: `\`${module}.AsyncClient\` and \`await client.aclose()\``,
      code: "ASYNC212",
    },
  ]),
  { callee: "urllib.request.urlopen", reason: HTTP, replacement: HTTP_INSTEAD, code: "ASYNC210" },
  { callee: "urllib3.request", reason: HTTP, replacement: HTTP_INSTEAD, code: "ASYNC210" },
  ...["request", "urlopen", "request_encode_url", "request_encode_body"].map((m) => ({
    type: "urllib3.PoolManager",
    member: m,
    reason: HTTP,
    replacement: HTTP_INSTEAD,
    code: "ASYNC211",
  })),
  // Every other public method of a urllib3 pool (`urlopen` on a proxy, methods of subclasses) talks to the server,
  // as flake8-async's ASYNC212 has it, but for these, which do no network I/O: the `connection_from_*` family
  // picks or makes a pool object (a pool connects lazily, on its first request), `is_same_host` compares URLs,
  // and `close`/`clear` drop the idle sockets (a close, no round trip).
  {
    type: "urllib3.PoolManager",
    member: "*",
    notMembers: URLLIB3_LOCAL_METHODS,
    reason: HTTP,
    replacement: HTTP_INSTEAD,
    code: "ASYNC212",
  },
  // Processes
  ...["run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"].map((m) => ({
    callee: `subprocess.${m}`,
    reason: PROCESS,
    replacement: PROCESS_INSTEAD,
    code: "ASYNC221",
  })),
  { type: "subprocess.Popen", member: "wait", reason: PROCESS, replacement: "`asyncio.create_subprocess_exec` and `await proc.wait()`", code: "ASYNC222" },
  { type: "subprocess.Popen", member: "communicate", reason: PROCESS, replacement: PROCESS_INSTEAD, code: "ASYNC222" },
  { callee: "os.system", reason: "waits for the shell command to finish", replacement: "`asyncio.create_subprocess_shell` and `await proc.wait()`", code: "ASYNC221" },
  { callee: "os.popen", reason: "starts a shell and reads its output synchronously", replacement: "`asyncio.create_subprocess_shell` with `stdout=PIPE`", code: "ASYNC220" },
  // The real `os.spawn*` names only (`os.spawnllll` is no function). With P_WAIT they wait for the child; with
  // P_NOWAIT (or P_DETACH) they still fork and exec on the loop's thread, as `subprocess.Popen(...)` and
  // `os.posix_spawn` do: ASYNC220, flagged like Ruff and flake8-async do (the child is then waited for
  // synchronously, or not at all).
  ...SPAWN_FUNCTIONS.map((name) => ({
    callee: `os.${name}`,
    reason: "waits for the child process to exit (mode P_WAIT)",
    replacement: PROCESS_INSTEAD,
    nonBlockingWhen: [{ position: 0, keyword: "mode", matches: /P_NOWAITO?$|P_DETACH$/ }],
    code: "ASYNC221",
  })),
  ...SPAWN_FUNCTIONS.map((name) => ({ callee: `os.${name}`, reason: PROCESS_START, replacement: PROCESS_START_INSTEAD, toThread: false, code: "ASYNC220" })),
  ...["os.posix_spawn", "os.posix_spawnp", "subprocess.Popen"].map((callee) => ({
    callee,
    reason: PROCESS_START,
    replacement: PROCESS_START_INSTEAD,
    toThread: false,
    code: callee === "subprocess.Popen" ? "ASYNC220" : "ASYNC221",
  })),
  { callee: "os.wait", reason: "waits for a child process to exit", replacement: "`await proc.wait()` on an asyncio subprocess", code: "ASYNC222" },
  ...[
    ["os.waitpid", 1],
    ["os.wait3", 0],
    ["os.wait4", 1],
    ["os.waitid", 2],
  ].map(([callee, position]) => ({
    callee: callee as string,
    reason: "waits for a child process to change state",
    replacement: "`await proc.wait()` on an asyncio subprocess",
    nonBlockingWhen: [{ position: position as number, keyword: "options", matches: /WNOHANG/ }],
    code: "ASYNC222",
  })),
  // Files
  { callee: "builtins.open", reason: FILE, replacement: FILE_INSTEAD, code: "ASYNC230" },
  { callee: "io.open", reason: FILE, replacement: FILE_INSTEAD, code: "ASYNC230" },
  { callee: "os.fdopen", reason: FILE, replacement: FILE_INSTEAD, code: "ASYNC231" },
  ...["read_text", "read_bytes", "write_text", "write_bytes", "open"].map((m) => ({
    type: "pathlib.Path",
    member: m,
    reason: FILE,
    replacement: "`anyio.Path` / `aiofiles`, or `await asyncio.to_thread(...)`",
    code: "ASYNC240",
  })),
  // Methods of file objects (python-files.ts)
  ...PY_FILE_BLOCKING_METHODS.map((member) => ({ type: PY_FILE_TYPE, member, reason: PY_FILE_REASON, replacement: PY_FILE_INSTEAD, code: "ASYNC232" })),
  ...["copy", "copy2", "copyfile", "copytree", "move", "rmtree"].map((m) => ({
    callee: `shutil.${m}`,
    reason: "copies, moves or deletes files synchronously",
    replacement: "`await asyncio.to_thread(...)`",
  })),
  // Databases
  { callee: "sqlite3.connect", reason: "opens the database on the event loop's thread", replacement: SQLITE_INSTEAD },
  ...["execute", "executemany", "executescript", "commit", "rollback", "backup"].map((m) => ({ type: "sqlite3.Connection", member: m, reason: SQLITE, replacement: SQLITE_INSTEAD })),
  ...["execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall"].map((m) => ({ type: "sqlite3.Cursor", member: m, reason: SQLITE, replacement: SQLITE_INSTEAD })),
  { callee: "psycopg2.connect", reason: "connects to the database synchronously", replacement: "`asyncpg`, or psycopg 3's `await psycopg.AsyncConnection.connect(...)`" },
  ...["execute", "executemany", "fetchone", "fetchmany", "fetchall"].map((m) => ({
    type: "psycopg2.cursor",
    member: m,
    reason: "waits for the database",
    replacement: "`asyncpg`, or psycopg 3's `AsyncConnection`",
  })),
  ...["commit", "rollback"].map((m) => ({ type: "psycopg2.connection", member: m, reason: "waits for the database", replacement: "`asyncpg`, or psycopg 3's `AsyncConnection`" })),
  { callee: "psycopg.connect", reason: "connects to the database synchronously", replacement: "`await psycopg.AsyncConnection.connect(...)`" },
  { callee: "pymysql.connect", reason: "connects to the database synchronously", replacement: "`aiomysql` or `asyncmy`" },
  { callee: "mysql.connector.connect", reason: "connects to the database synchronously", replacement: "`aiomysql` or `asyncmy`" },
  // Sockets
  { callee: "socket.create_connection", reason: "connects synchronously", replacement: "`await asyncio.open_connection(...)`" },
  ...["recv", "recv_into", "recvfrom", "sendall", "connect", "accept"].map((m) => ({
    type: "socket.socket",
    member: m,
    reason: "waits on the network with a blocking socket",
    replacement: "asyncio streams (`asyncio.open_connection`) or `loop.sock_recv` / `loop.sock_sendall` on a non-blocking socket",
    socket: true,
  })),
  // Thread synchronisation
  ...(["threading.Lock", "threading.Semaphore", "threading.BoundedSemaphore"] as const).map((type) => ({
    type,
    member: "acquire",
    reason: "waits for a thread lock, freezing every task while another thread holds it",
    replacement: `\`${type.replace("threading.", "asyncio.")}\` (\`async with\`), unless the lock is shared with threads`,
    nonBlockingWhen: [{ position: 0, keyword: "blocking", matches: FALSE_OR_ZERO }],
  })),
  ...(["threading.RLock", "threading.Condition"] as const).map((type) => ({
    type,
    member: "acquire",
    reason: "waits for a thread lock, freezing every task while another thread holds it",
    replacement: `\`${type === "threading.RLock" ? "asyncio.Lock" : "asyncio.Condition"}\`, unless the lock is shared with threads`,
    // Must be released by the thread that acquired it, so acquiring it in a worker thread would break the release.
    toThread: false,
    nonBlockingWhen: [{ position: 0, keyword: "blocking", matches: FALSE_OR_ZERO }],
  })),
  { type: "threading.Condition", member: "wait", reason: "waits for a thread condition", replacement: "`asyncio.Condition`", toThread: false },
  { type: "threading.Condition", member: "wait_for", reason: "waits for a thread condition", replacement: "`asyncio.Condition`", toThread: false },
  {
    type: "threading.Event",
    member: "wait",
    reason: "waits for a thread event",
    replacement: "`asyncio.Event`, or `await asyncio.to_thread(event.wait)` when threads set it",
    nonBlockingWhen: [{ position: 0, keyword: "timeout", matches: /^0(\.0*)?$/ }],
  },
  {
    type: "threading.Thread",
    member: "join",
    reason: "waits for the thread to finish",
    replacement: "`await asyncio.to_thread(thread.join)`, or run the work with `asyncio.to_thread(...)` in the first place",
    nonBlockingWhen: [{ position: 0, keyword: "timeout", matches: /^0(\.0*)?$/ }],
  },
  ...(["queue.Queue", "queue.BoundedQueue"] as const).map((type) => ({
    type,
    member: "get",
    reason: "waits for an item from a thread queue",
    replacement: "`asyncio.Queue`, or `get_nowait()`",
    nonBlockingWhen: [{ position: 0, keyword: "block", matches: FALSE_OR_ZERO }],
  })),
  {
    type: "queue.BoundedQueue",
    member: "put",
    reason: "waits for room in a bounded thread queue",
    replacement: "`asyncio.Queue`, or `put_nowait()`",
    nonBlockingWhen: [{ position: 1, keyword: "block", matches: FALSE_OR_ZERO }],
  },
  {
    type: "queue.SimpleQueue",
    member: "get",
    reason: "waits for an item from a thread queue",
    replacement: "`asyncio.Queue`, or `get_nowait()`",
    nonBlockingWhen: [{ position: 0, keyword: "block", matches: FALSE_OR_ZERO }],
  },
  // Console
  { callee: "builtins.input", reason: "waits for a line on standard input", replacement: "`await asyncio.to_thread(input, ...)`", code: "ASYNC250" },
  // File-system metadata and directories (python-blocking-filesystem.ts)
  ...PY_FILESYSTEM_CALLS,
  // Thread and process pools, synchronous network clients (python-blocking-pools.ts)
  ...PY_POOL_AND_CLIENT_CALLS,
];

/**
 * Thread synchronisation primitives that `with x:` acquires (blocking), and the asyncio class to use instead.
 * `editable`: the asyncio class takes the same constructor arguments, so the suggestion can rewrite the
 * constructor and every `with` on it (RLock is reentrant and asyncio.Lock is not; Condition takes a lock).
 */
export const PY_THREAD_LOCKS: { type: string; asyncio: string; editable: boolean }[] = [
  { type: "threading.Lock", asyncio: "Lock", editable: true },
  { type: "threading.Semaphore", asyncio: "Semaphore", editable: true },
  { type: "threading.BoundedSemaphore", asyncio: "BoundedSemaphore", editable: true },
  { type: "threading.RLock", asyncio: "Lock", editable: false },
  { type: "threading.Condition", asyncio: "Condition", editable: false },
];
