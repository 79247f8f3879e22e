// Python asyncio fan-out knowledge for require-concurrency-limit: which awaitable calls do network, database,
// file or process I/O, which objects perform it, what bounds concurrency, and which calls start many tasks at
// once. Only asynchronous APIs are listed: a blocking call in a coroutine is no-blocking-call's business, and
// work handed to a thread pool (`asyncio.to_thread`) is bounded by the pool. Rules read these tables; they hold
// no API names. Types are named `<module>.<Class>` by convention; python-instances.ts says which constructors,
// factories and annotations give them.

/** An awaitable I/O call: a function by qualified name, or a method of a tracked type (`*` matches within a name). */
export interface PyIoCall {
  callee?: string;
  type?: string;
  member?: string;
}

const HTTP_METHODS = ["request", "get", "post", "put", "patch", "delete", "head", "options"];
const ASYNCPG_QUERIES = ["execute", "executemany", "fetch", "fetchrow", "fetchval", "fetchmany", "copy_from_query", "copy_from_table", "copy_to_table", "copy_records_to_table"];
const AIOSQLITE_QUERIES = ["execute", "executemany", "executescript", "execute_fetchall", "execute_insert"];
const REDIS_COMMANDS = ["get", "set", "mget", "mset", "delete", "exists", "expire", "hget", "hset", "hgetall", "hmget", "incr", "lpush", "rpush", "lrange", "sadd", "smembers", "publish", "execute_command"];

/** Awaitable calls that perform I/O. */
export const PY_IO_CALLS: PyIoCall[] = [
  // HTTP
  { callee: "aiohttp.request" },
  ...[...HTTP_METHODS, "ws_connect"].map((member) => ({ type: "aiohttp.ClientSession", member })),
  ...["httpx.AsyncClient", "httpx2.AsyncClient"].flatMap((type) => [...HTTP_METHODS, "send", "stream"].map((member) => ({ type, member }))),
  // Sockets, streams and processes
  { callee: "asyncio.open_connection" },
  { callee: "asyncio.open_unix_connection" },
  { callee: "asyncio.streams.open_connection" },
  { callee: "asyncio.create_subprocess_exec" },
  { callee: "asyncio.create_subprocess_shell" },
  ...["create_connection", "create_unix_connection", "create_datagram_endpoint", "sock_connect", "sock_recv", "sock_sendall", "getaddrinfo", "subprocess_exec", "subprocess_shell"].map(
    (member) => ({ type: "asyncio.AbstractEventLoop", member }),
  ),
  { callee: "websockets.connect" },
  { callee: "websockets.client.connect" },
  { callee: "websockets.asyncio.client.connect" },
  { callee: "anyio.connect_tcp" },
  { callee: "anyio.connect_unix" },
  { callee: "anyio.run_process" },
  { callee: "anyio.open_process" },
  { callee: "asyncssh.connect" },
  // Files
  { callee: "aiofiles.open" },
  { callee: "aiofiles.os.*" },
  { callee: "anyio.open_file" },
  // Databases
  { callee: "asyncpg.connect" },
  ...ASYNCPG_QUERIES.map((member) => ({ type: "asyncpg.Connection", member })),
  ...ASYNCPG_QUERIES.map((member) => ({ type: "asyncpg.Pool", member })),
  { callee: "aiosqlite.connect" },
  ...AIOSQLITE_QUERIES.map((member) => ({ type: "aiosqlite.Connection", member })),
  ...REDIS_COMMANDS.map((member) => ({ type: "redis.asyncio.Redis", member })),
];

/**
 * What bounds how many run together. A coroutine that enters one of these (`async with sem:`,
 * `await sem.acquire()`) is limited, and so is a fan-out written inside one.
 */
export const PY_LIMITERS = {
  /** Tracked types (from constructors or annotations). A lock is a limit of one. */
  types: ["asyncio.Semaphore", "asyncio.Lock", "anyio.Semaphore", "anyio.CapacityLimiter", "anyio.Lock", "trio.Semaphore", "trio.CapacityLimiter", "aiolimiter.AsyncLimiter"],
  /**
   * When the object's origin cannot be seen (a parameter, `self._sem` assigned elsewhere): the name of what
   * `async with` enters, or the attribute of `self.x`.
   */
  names: [
    /^_*(sem|sema|semaphore|limit|limiter|throttle|throttler|lock|mutex|capacity|ratelimit|ratelimiter)$/i,
    // `self._request_semaphore`, `fetch_limiter`, `rate_limit`, `db_lock`.
    /_(sem|sema|semaphore|limit|limiter|throttle|throttler|lock|mutex)$/i,
  ],
  /**
   * A method that waits for a slot, whatever its receiver (`await sem.acquire()`, `async with pool.acquire()`): a
   * connection pool handing out a bounded number of connections bounds the I/O as well.
   */
  methods: ["acquire", "acquire_on_behalf_of"],
};

/** Calls that wrap a coroutine into a task or another awaitable; the work is the coroutine argument's. */
export const PY_TASK_WRAPPERS: PyIoCall[] = [
  { callee: "asyncio.create_task" },
  { callee: "asyncio.ensure_future" },
  { callee: "asyncio.wait_for" },
  { callee: "asyncio.shield" },
  { type: "asyncio.AbstractEventLoop", member: "create_task" },
  { type: "asyncio.TaskGroup", member: "create_task" },
];

/** Combinators that start every awaitable of a collection at once. */
export const PY_FAN_OUT_COMBINATORS = {
  /** `asyncio.gather(*coros)`: the collection comes as a `*` argument. */
  splat: ["asyncio.gather", "asyncio.tasks.gather"],
  /** `asyncio.wait(tasks)`: the collection is the first argument. */
  collection: ["asyncio.wait", "asyncio.as_completed", "asyncio.tasks.wait", "asyncio.tasks.as_completed"],
};

/**
 * Task groups: a call that makes one (bound by `async with ... as tg`), and the method that starts a task in it.
 * "coroutine": the method takes a coroutine (`tg.create_task(fetch(u))`); "function": a function and its
 * arguments (`tg.start_soon(fetch, u)`).
 */
export const PY_TASK_GROUPS: { factory: string; method: string; takes: "coroutine" | "function" }[] = [
  { factory: "asyncio.TaskGroup", method: "create_task", takes: "coroutine" },
  { factory: "asyncio.taskgroups.TaskGroup", method: "create_task", takes: "coroutine" },
  { factory: "anyio.create_task_group", method: "start_soon", takes: "function" },
  { factory: "trio.open_nursery", method: "start_soon", takes: "function" },
];

/**
 * Calls whose result has at most as many elements as their collection argument (which decides); `zip` is as
 * short as its shortest argument, so one bounded argument bounds it.
 */
export const PY_COLLECTION_PASSTHROUGH = {
  /** Bounded when their first argument is. */
  first: ["builtins.enumerate", "builtins.sorted", "builtins.reversed", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.iter"],
  /** Bounded when any argument is. */
  any: ["builtins.zip", "builtins.filter", "builtins.map"],
  /** Methods of the collection itself (`HOSTS.items()`). */
  methods: ["items", "keys", "values", "copy"],
  /** A slice of an unbounded collection: `itertools.islice(xs, 10)`. */
  slices: ["itertools.islice"],
};

/** A collection named like one chunk of a bigger one (`for batch in batches: gather(*[f(x) for x in batch])`). */
export const PY_CHUNK_NAMES: RegExp[] = [/^_*(chunk|batch|slice|window|page|group|shard)$/i, /_(chunk|batch|slice|window|page|group|shard)$/i];

/** Calls that split a collection into chunks (`itertools.batched`, `more_itertools.chunked`, a project's own `chunks`), by name. */
export const PY_CHUNKING_CALLS: RegExp[] = [/chunk|batch/i];
