// Python APIs whose awaits must stay in order, for prefer-concurrent-awaits. The rule also reads the
// language-neutral name tables of node-ordered.ts (ORDERED_NAMES, WRITE_VERBS, SESSION_RECEIVER_NAMES,
// SHARED_STATE_ARGUMENT_NAMES, BATCH_ITERABLE_PATTERN), whose camelCase/snake_case matching covers Python names;
// what is here is Python-only. Every entry only ever removes findings.

/** Awaitables by qualified name (import-aware) that are ordered: timers, processes, connections, waiting. */
export const PY_ORDERED_FUNCTIONS: { name: string; reason: string }[] = [
  { name: "asyncio.sleep", reason: "a sleep: waiting is the point" },
  { name: "anyio.sleep", reason: "a sleep: waiting is the point" },
  { name: "trio.sleep", reason: "a sleep: waiting is the point" },
  { name: "asyncio.wait_for", reason: "waits with a timeout on something that may already be running" },
  { name: "asyncio.shield", reason: "protects something that may already be running" },
  { name: "asyncio.open_connection", reason: "opens a connection: its reads and writes are ordered" },
  { name: "asyncio.open_unix_connection", reason: "opens a connection: its reads and writes are ordered" },
  { name: "asyncio.start_server", reason: "starts a server" },
  { name: "asyncio.start_unix_server", reason: "starts a server" },
  { name: "asyncio.create_subprocess_exec", reason: "runs a process: processes usually have side effects" },
  { name: "asyncio.create_subprocess_shell", reason: "runs a process: processes usually have side effects" },
  { name: "asyncio.staggered.staggered_race", reason: "already schedules its inputs" },
  { name: "builtins.anext", reason: "steps an iterator: items come in order" },
];

/**
 * Method names (the last segment of the callee) that are ordered on any receiver in Python code: stream and socket
 * I/O, generator stepping, context-manager protocol, process control. Matched like ORDERED_NAMES: exactly, or as a
 * snake_case prefix when `prefix` is set (`recv` matches `recv_into`).
 */
export const PY_ORDERED_METHOD_NAMES: { name: string; prefix?: boolean; reason: string }[] = [
  { name: "read", reason: "reads a stream: data comes in order" },
  { name: "readline", prefix: true, reason: "reads a stream: data comes in order" },
  { name: "readexactly", reason: "reads a stream: data comes in order" },
  { name: "readuntil", reason: "reads a stream: data comes in order" },
  { name: "readany", reason: "reads a stream: data comes in order" },
  { name: "readchunk", reason: "reads a stream: data comes in order" },
  { name: "read_nowait", reason: "reads a stream: data comes in order" },
  { name: "recv", prefix: true, reason: "reads a socket: data comes in order" },
  { name: "receive", prefix: true, reason: "reads a connection: messages come in order" },
  { name: "sock", prefix: true, reason: "socket I/O: data moves in order" },
  { name: "accept", prefix: true, reason: "accepts connections in order" },
  { name: "join", reason: "waits for work to finish: waiting is the point" },
  { name: "communicate", reason: "talks to a process: input and output are ordered" },
  { name: "asend", reason: "steps a generator: items come in order" },
  { name: "athrow", reason: "steps a generator: items come in order" },
  { name: "aclose", reason: "closes a resource" },
  { name: "__anext__", reason: "steps an iterator: items come in order" },
  { name: "__aenter__", reason: "enters a context: setup and teardown are ordered" },
  { name: "__aexit__", reason: "exits a context: setup and teardown are ordered" },
];

/**
 * `get` is ordered only on a queue; elsewhere (`client.get(url)`, `cache.get(key)`) it is a read. The queue types
 * (python-instances.ts) and receiver names that say "queue".
 */
export const PY_QUEUE_TYPES: readonly string[] = ["asyncio.Queue"];
export const PY_QUEUE_NAME_PATTERN = /(^|_)(q|queue|inbox|outbox|mailbox)$|queue/i;

/** Instance types (python-instances.ts) whose awaited methods are all ordered: locks, queues, events, loops' sockets. */
export const PY_ORDERED_RECEIVER_TYPES: readonly string[] = [
  "asyncio.Queue",
  "asyncio.Lock",
  "asyncio.Semaphore",
  "asyncio.Condition",
  "asyncio.Event",
];

/** Receiver names (any segment of the chain) that denote a session-like object, beyond SESSION_RECEIVER_NAMES. */
export const PY_SESSION_RECEIVER_NAMES: readonly string[] = [
  "cursor", "cur", "db", "database", "websocket", "proc", "process", "transport", "protocol", "sock", "loop", "tr", "pr",
];

/**
 * Argument names (beyond SHARED_STATE_ARGUMENT_NAMES) that carry a database connection or session through a call:
 * `await crud.get_user(db, id)` then `await crud.get_items(db, id)` share one connection, and an SQLAlchemy
 * `AsyncSession` or an asyncpg connection refuses concurrent operations. Matched against the argument's name or its
 * last attribute, case-insensitively, also as a `_`-suffix (`db_session`, `read_conn`).
 */
export const PY_SESSION_ARGUMENT_NAMES: readonly string[] = ["db", "database", "conn", "connection", "cursor", "cur", "session", "uow", "tx", "txn"];

/**
 * Calls that emit something in a loop body (output, messages, events, stream writes). A loop that emits per
 * iteration is not reported: gathered, everything would come out at once at the end. Matched against the last
 * name of the callee, exactly or as a snake_case prefix (`send_json`, `write_eof`).
 */
export const PY_SINK_NAMES: readonly { name: string; prefix: boolean }[] = [
  { name: "print", prefix: false },
  { name: "send", prefix: true },
  { name: "emit", prefix: true },
  { name: "publish", prefix: true },
  { name: "notify", prefix: true },
  { name: "broadcast", prefix: true },
  { name: "write", prefix: true },
  { name: "flush", prefix: true },
  { name: "drain", prefix: false },
];

/** Calls that already run their inputs concurrently: an await of one is never merged into a run. */
export const PY_CONCURRENCY_COMBINATORS: readonly string[] = [
  "asyncio.gather",
  "asyncio.wait",
  "asyncio.as_completed",
  "asyncio.tasks.gather",
  "asyncio.tasks.wait",
  "anyio.create_task_group",
  "trio.open_nursery",
];

/**
 * Context managers whose body may run awaits concurrently without changing what the block means: timeouts, and
 * HTTP client sessions (which pool connections). Inside any other `with` / `async with` (a lock, a semaphore, a
 * transaction, `assertRaises`), the block's awaits keep their order: gathering them would hold a permit for two
 * calls, interleave statements of one transaction, or run a call the test expects never to start.
 */
export const PY_CONCURRENCY_NEUTRAL_CONTEXTS: readonly string[] = [
  "asyncio.timeout",
  "asyncio.timeout_at",
  "asyncio.timeouts.timeout",
  "async_timeout.timeout",
  "anyio.fail_after",
  "anyio.move_on_after",
  "trio.fail_after",
  "trio.move_on_after",
  "aiohttp.ClientSession",
  "httpx.AsyncClient",
  "httpx2.AsyncClient",
];
