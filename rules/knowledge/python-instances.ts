// Python objects whose methods matter to rules, tracked by where they are created: a constructor or factory
// (by qualified name), a method or attribute of another tracked object, or a `with ... as x` of one; or by what
// an annotation declares (`client: httpx.Client`). The Python name resolver uses this to follow
// `conn = sqlite3.connect(p); conn.cursor().execute(q)` and `with requests.Session() as s: s.get(u)`, the type
// inference (lang/python/types.ts) to read annotations. Types are named `<module>.<Class>` by convention.
import { PY_FILE_ANNOTATION_CLASSES, PY_FILE_OPENERS, PY_FILE_OPENING_METHODS, PY_FILE_TYPE } from "./python-files";
import { PY_POOL_AND_CLIENT_ANNOTATIONS, PY_POOL_AND_CLIENT_CONTEXT_MANAGERS, PY_POOL_AND_CLIENT_FACTORIES, PY_POOL_AND_CLIENT_MEMBER_RESULTS } from "./python-instances-pools";

export interface PyInstanceFactory {
  /** Qualified name of the constructor or factory function, e.g. `requests.Session`. */
  callee: string;
  type: string;
  /** A narrower type when an argument is given and its source text does not match `unless` (`Queue(maxsize=10)`). */
  typeWithArgument?: { position: number; keyword: string; unless: RegExp; type: string };
}

export interface PyMemberResult {
  type: string;
  /**
   * Method or attribute name; `__truediv__` stands for the `/` operator, `__getitem__` for a subscript; `*` for any
   * public name without an exact row and not in `except` (`client.mydb` of a MongoClient is a database).
   */
  member: string;
  except?: readonly string[];
  /** "call": `x.member(...)` gives the result; "attribute": `x.member` does. */
  access: "call" | "attribute";
  returns: string;
}

export const PY_INSTANCE_FACTORIES: PyInstanceFactory[] = [
  // HTTP clients
  { callee: "requests.Session", type: "requests.Session" },
  { callee: "requests.session", type: "requests.Session" },
  { callee: "requests.sessions.Session", type: "requests.Session" },
  // httpx2: httpx's maintained continuation, the same classes under another module name.
  ...["httpx", "httpx2"].flatMap((module) => [
    { callee: `${module}.Client`, type: `${module}.Client` },
    { callee: `${module}.AsyncClient`, type: `${module}.AsyncClient` },
  ]),
  { callee: "urllib3.PoolManager", type: "urllib3.PoolManager" },
  { callee: "urllib3.ProxyManager", type: "urllib3.PoolManager" },
  { callee: "urllib3.poolmanager.PoolManager", type: "urllib3.PoolManager" },
  { callee: "urllib3.HTTPConnectionPool", type: "urllib3.PoolManager" },
  { callee: "urllib3.HTTPSConnectionPool", type: "urllib3.PoolManager" },
  { callee: "urllib3.connection_from_url", type: "urllib3.PoolManager" },
  { callee: "urllib3.poolmanager.ProxyManager", type: "urllib3.PoolManager" },
  { callee: "urllib3.proxy_from_url", type: "urllib3.PoolManager" },
  { callee: "urllib3.poolmanager.proxy_from_url", type: "urllib3.PoolManager" },
  { callee: "urllib3.connectionpool.HTTPConnectionPool", type: "urllib3.PoolManager" },
  { callee: "urllib3.connectionpool.HTTPSConnectionPool", type: "urllib3.PoolManager" },
  { callee: "urllib3.connectionpool.connection_from_url", type: "urllib3.PoolManager" },
  { callee: "aiohttp.ClientSession", type: "aiohttp.ClientSession" },
  { callee: "aiohttp.client.ClientSession", type: "aiohttp.ClientSession" },
  // Processes
  { callee: "subprocess.Popen", type: "subprocess.Popen" },
  // Databases
  { callee: "sqlite3.connect", type: "sqlite3.Connection" },
  { callee: "sqlite3.dbapi2.connect", type: "sqlite3.Connection" },
  { callee: "psycopg2.connect", type: "psycopg2.connection" },
  { callee: "psycopg.connect", type: "psycopg.Connection" },
  { callee: "psycopg.Connection.connect", type: "psycopg.Connection" },
  { callee: "pymysql.connect", type: "pymysql.Connection" },
  { callee: "pymysql.Connect", type: "pymysql.Connection" },
  { callee: "pymysql.connections.Connection", type: "pymysql.Connection" },
  { callee: "mysql.connector.connect", type: "mysql.connector.Connection" },
  // Sockets
  { callee: "socket.socket", type: "socket.socket" },
  { callee: "socket.create_connection", type: "socket.socket" },
  { callee: "socket.create_server", type: "socket.socket" },
  { callee: "socket.fromfd", type: "socket.socket" },
  // Thread synchronisation
  { callee: "threading.Lock", type: "threading.Lock" },
  { callee: "threading.RLock", type: "threading.RLock" },
  { callee: "threading.Semaphore", type: "threading.Semaphore" },
  { callee: "threading.BoundedSemaphore", type: "threading.BoundedSemaphore" },
  { callee: "threading.Condition", type: "threading.Condition" },
  { callee: "threading.Event", type: "threading.Event" },
  { callee: "threading.Thread", type: "threading.Thread" },
  // Pools and synchronous network clients (python-instances-pools.ts)
  ...PY_POOL_AND_CLIENT_FACTORIES,
  // `put` waits only on a bounded queue: `maxsize` <= 0 (the default) means unbounded.
  ...(["queue.Queue", "queue.LifoQueue", "queue.PriorityQueue"] as const).map((callee) => ({
    callee,
    type: "queue.Queue",
    typeWithArgument: { position: 0, keyword: "maxsize", unless: /^(0|-\s*\d+)$/, type: "queue.BoundedQueue" },
  })),
  { callee: "queue.SimpleQueue", type: "queue.SimpleQueue" },
  // Paths
  { callee: "pathlib.Path", type: "pathlib.Path" },
  { callee: "pathlib.PosixPath", type: "pathlib.Path" },
  { callee: "pathlib.WindowsPath", type: "pathlib.Path" },
  { callee: "pathlib.Path.home", type: "pathlib.Path" },
  { callee: "pathlib.Path.cwd", type: "pathlib.Path" },
  // asyncio
  { callee: "asyncio.get_running_loop", type: "asyncio.AbstractEventLoop" },
  { callee: "asyncio.get_event_loop", type: "asyncio.AbstractEventLoop" },
  { callee: "asyncio.new_event_loop", type: "asyncio.AbstractEventLoop" },
  { callee: "asyncio.events.get_running_loop", type: "asyncio.AbstractEventLoop" },
  { callee: "asyncio.events.get_event_loop", type: "asyncio.AbstractEventLoop" },
  { callee: "asyncio.Queue", type: "asyncio.Queue" },
  { callee: "asyncio.LifoQueue", type: "asyncio.Queue" },
  { callee: "asyncio.PriorityQueue", type: "asyncio.Queue" },
  { callee: "asyncio.Lock", type: "asyncio.Lock" },
  { callee: "asyncio.Semaphore", type: "asyncio.Semaphore" },
  { callee: "asyncio.BoundedSemaphore", type: "asyncio.Semaphore" },
  { callee: "asyncio.Event", type: "asyncio.Event" },
  { callee: "asyncio.Condition", type: "asyncio.Condition" },
  { callee: "asyncio.TaskGroup", type: "asyncio.TaskGroup" },
  // Async I/O clients (their methods are in python-io.ts): awaited (`await asyncpg.connect(dsn)`) or entered
  // (`async with aiosqlite.connect(p) as db`); the type inference follows the `await`.
  { callee: "asyncpg.connect", type: "asyncpg.Connection" },
  { callee: "asyncpg.create_pool", type: "asyncpg.Pool" },
  { callee: "asyncpg.pool.create_pool", type: "asyncpg.Pool" },
  { callee: "aiosqlite.connect", type: "aiosqlite.Connection" },
  { callee: "redis.asyncio.Redis", type: "redis.asyncio.Redis" },
  { callee: "redis.asyncio.from_url", type: "redis.asyncio.Redis" },
  { callee: "redis.asyncio.Redis.from_url", type: "redis.asyncio.Redis" },
  { callee: "aioredis.Redis", type: "redis.asyncio.Redis" },
  { callee: "aioredis.from_url", type: "redis.asyncio.Redis" },
  // Limiters, so that `sem = anyio.Semaphore(10)` and `self._limit = anyio.CapacityLimiter(4)` are recognised.
  { callee: "anyio.Semaphore", type: "anyio.Semaphore" },
  { callee: "anyio.CapacityLimiter", type: "anyio.CapacityLimiter" },
  { callee: "trio.Semaphore", type: "trio.Semaphore" },
  { callee: "trio.CapacityLimiter", type: "trio.CapacityLimiter" },
  { callee: "aiolimiter.AsyncLimiter", type: "aiolimiter.AsyncLimiter" },
  // File objects (python-files.ts)
  ...PY_FILE_OPENERS.map((callee) => ({ callee, type: PY_FILE_TYPE })),
];

export const PY_MEMBER_RESULTS: PyMemberResult[] = [
  { type: "sqlite3.Connection", member: "cursor", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Connection", member: "execute", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Connection", member: "executemany", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Connection", member: "executescript", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Cursor", member: "execute", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Cursor", member: "executemany", access: "call", returns: "sqlite3.Cursor" },
  { type: "sqlite3.Cursor", member: "executescript", access: "call", returns: "sqlite3.Cursor" },
  { type: "psycopg2.connection", member: "cursor", access: "call", returns: "psycopg2.cursor" },
  { type: "psycopg.Connection", member: "cursor", access: "call", returns: "psycopg.Cursor" },
  { type: "psycopg.Connection", member: "execute", access: "call", returns: "psycopg.Cursor" },
  { type: "psycopg.Cursor", member: "execute", access: "call", returns: "psycopg.Cursor" },
  { type: "pymysql.Connection", member: "cursor", access: "call", returns: "pymysql.Cursor" },
  { type: "mysql.connector.Connection", member: "cursor", access: "call", returns: "mysql.connector.Cursor" },
  // A pool manager's pool for one host (made lazily, no connection yet); its methods are the manager's.
  ...["connection_from_host", "connection_from_url", "connection_from_context", "connection_from_pool_key"].map((member) => ({
    type: "urllib3.PoolManager",
    member,
    access: "call" as const,
    returns: "urllib3.PoolManager",
  })),
  { type: "pathlib.Path", member: "__truediv__", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "parent", access: "attribute", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "resolve", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "absolute", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "expanduser", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "joinpath", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "with_name", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "with_stem", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "with_suffix", access: "call", returns: "pathlib.Path" },
  { type: "pathlib.Path", member: "relative_to", access: "call", returns: "pathlib.Path" },
  ...PY_FILE_OPENING_METHODS.map(({ type, member }) => ({ type, member, access: "call" as const, returns: PY_FILE_TYPE })),
  // Pools and synchronous network clients (python-instances-pools.ts)
  ...PY_POOL_AND_CLIENT_MEMBER_RESULTS,
];

/**
 * Types whose `__enter__`/`__aenter__` returns the object itself, so `with T(...) as x` binds a `T`.
 * Thread locks are not here: `with lock as x` binds the result of `acquire()`, a bool.
 */
export const PY_CONTEXT_MANAGERS_RETURNING_SELF: ReadonlySet<string> = new Set([
  "requests.Session",
  "httpx.Client",
  "httpx.AsyncClient",
  "httpx2.Client",
  "httpx2.AsyncClient",
  "urllib3.PoolManager",
  "aiohttp.ClientSession",
  "subprocess.Popen",
  "sqlite3.Connection",
  "psycopg2.connection",
  "psycopg2.cursor",
  "psycopg.Connection",
  "psycopg.Cursor",
  "pymysql.Connection",
  "pymysql.Cursor",
  "mysql.connector.Connection",
  "socket.socket",
  "asyncio.TaskGroup",
  "asyncpg.Pool",
  "asyncpg.Connection",
  "aiosqlite.Connection",
  "redis.asyncio.Redis",
  PY_FILE_TYPE,
  // Pools and synchronous network clients (python-instances-pools.ts)
  ...PY_POOL_AND_CLIENT_CONTEXT_MANAGERS,
]);

/**
 * Classes an annotation may name (`session: aiohttp.ClientSession`, `pool: urllib3.HTTPConnectionPool`), by
 * qualified name, mapped to the tracked type they are. Factory functions (`sqlite3.connect`) are not classes and
 * are not here; types only ever returned by methods (`sqlite3.Cursor`) are.
 */
export const PY_ANNOTATION_TYPES: Readonly<Record<string, string>> = {
  // HTTP clients
  "requests.Session": "requests.Session",
  "requests.sessions.Session": "requests.Session",
  "httpx.Client": "httpx.Client",
  "httpx.AsyncClient": "httpx.AsyncClient",
  "httpx2.Client": "httpx2.Client",
  "httpx2.AsyncClient": "httpx2.AsyncClient",
  "urllib3.PoolManager": "urllib3.PoolManager",
  "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
  "urllib3.ProxyManager": "urllib3.PoolManager",
  "urllib3.HTTPConnectionPool": "urllib3.PoolManager",
  "urllib3.HTTPSConnectionPool": "urllib3.PoolManager",
  "urllib3.connectionpool.HTTPConnectionPool": "urllib3.PoolManager",
  "urllib3.connectionpool.HTTPSConnectionPool": "urllib3.PoolManager",
  "urllib3.connectionpool.ConnectionPool": "urllib3.PoolManager",
  "urllib3.poolmanager.ProxyManager": "urllib3.PoolManager",
  // The base class of pools and managers holding their request methods (urllib3 1.x and 2.x paths).
  "urllib3.request.RequestMethods": "urllib3.PoolManager",
  "urllib3._request_methods.RequestMethods": "urllib3.PoolManager",
  "aiohttp.ClientSession": "aiohttp.ClientSession",
  "aiohttp.client.ClientSession": "aiohttp.ClientSession",
  // Processes
  "subprocess.Popen": "subprocess.Popen",
  // Databases
  "sqlite3.Connection": "sqlite3.Connection",
  "sqlite3.Cursor": "sqlite3.Cursor",
  "psycopg2.extensions.connection": "psycopg2.connection",
  "psycopg2.extensions.cursor": "psycopg2.cursor",
  "psycopg.Connection": "psycopg.Connection",
  "psycopg.Cursor": "psycopg.Cursor",
  "pymysql.Connection": "pymysql.Connection",
  "pymysql.connections.Connection": "pymysql.Connection",
  "asyncpg.Connection": "asyncpg.Connection",
  "asyncpg.connection.Connection": "asyncpg.Connection",
  "asyncpg.Pool": "asyncpg.Pool",
  "asyncpg.pool.Pool": "asyncpg.Pool",
  "aiosqlite.Connection": "aiosqlite.Connection",
  "redis.asyncio.Redis": "redis.asyncio.Redis",
  // Sockets
  "socket.socket": "socket.socket",
  // Thread synchronisation
  "threading.Lock": "threading.Lock",
  "threading.RLock": "threading.RLock",
  "threading.Semaphore": "threading.Semaphore",
  "threading.BoundedSemaphore": "threading.BoundedSemaphore",
  "threading.Condition": "threading.Condition",
  "threading.Event": "threading.Event",
  "threading.Thread": "threading.Thread",
  // Pools and synchronous network clients (python-instances-pools.ts)
  ...PY_POOL_AND_CLIENT_ANNOTATIONS,
  // A `queue.Queue` annotation does not say whether it is bounded: as when made without `maxsize`.
  "queue.Queue": "queue.Queue",
  "queue.SimpleQueue": "queue.SimpleQueue",
  // Paths
  "pathlib.Path": "pathlib.Path",
  "pathlib.PosixPath": "pathlib.Path",
  "pathlib.WindowsPath": "pathlib.Path",
  // asyncio and its kin
  "asyncio.AbstractEventLoop": "asyncio.AbstractEventLoop",
  "asyncio.Queue": "asyncio.Queue",
  "asyncio.LifoQueue": "asyncio.Queue",
  "asyncio.PriorityQueue": "asyncio.Queue",
  "asyncio.Lock": "asyncio.Lock",
  "asyncio.Semaphore": "asyncio.Semaphore",
  "asyncio.BoundedSemaphore": "asyncio.Semaphore",
  "asyncio.Event": "asyncio.Event",
  "asyncio.Condition": "asyncio.Condition",
  "asyncio.TaskGroup": "asyncio.TaskGroup",
  "anyio.Semaphore": "anyio.Semaphore",
  "anyio.CapacityLimiter": "anyio.CapacityLimiter",
  "anyio.Lock": "anyio.Lock",
  "trio.Semaphore": "trio.Semaphore",
  "trio.CapacityLimiter": "trio.CapacityLimiter",
  "aiolimiter.AsyncLimiter": "aiolimiter.AsyncLimiter",
  // File objects (python-files.ts)
  ...Object.fromEntries(PY_FILE_ANNOTATION_CLASSES.map((name) => [name, PY_FILE_TYPE])),
};

/** Methods whose result, iterated, gives objects of a tracked type: `for child in directory.iterdir()` gives Paths. */
export const PY_ITERATION_RESULTS: readonly { type: string; member: string; yields: string }[] = [
  { type: "pathlib.Path", member: "iterdir", yields: "pathlib.Path" },
  { type: "pathlib.Path", member: "glob", yields: "pathlib.Path" },
  { type: "pathlib.Path", member: "rglob", yields: "pathlib.Path" },
];
