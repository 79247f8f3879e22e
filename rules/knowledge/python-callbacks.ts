// Python APIs that take a plain callable and call it synchronously, dropping what it returns; APIs that start an
// event loop; and async resources that need `async with` / `async for` (no-misused-async). Rules read these
// tables; they hold no API names.

export interface PyCallbackApi {
  /** Qualified name of the function (`threading.Thread`), or a method name on any receiver (`call_soon`). */
  callee?: string;
  method?: string;
  /** Or a method of a tracked instance type (python-instances.ts). */
  type?: string;
  /** Where the callable goes: a position, a keyword, or both. */
  position?: number;
  keyword?: string;
  /** What to do instead, for the message. */
  instead: string;
}

const IN_THREAD = "Run it on the event loop with `asyncio.run_coroutine_threadsafe(f(), loop)`, or give the thread a sync function that calls `asyncio.run(f())`.";
const ON_LOOP = "Schedule the coroutine instead: `loop.create_task(f())` (keep the task), or wrap it: `lambda: asyncio.create_task(f())`.";
const IN_WORKER = "Await the coroutine directly: a worker thread cannot run it.";
const AT_EXIT = "Give it a sync function that calls `asyncio.run(f())`, or do the cleanup before the event loop closes.";
const AS_KEY = "Compute the values first (`await asyncio.gather(...)`), then filter or sort synchronously.";

export const PY_SYNC_CALLBACK_APIS: PyCallbackApi[] = [
  { callee: "threading.Thread", keyword: "target", position: 1, instead: IN_THREAD },
  { callee: "threading.Timer", keyword: "function", position: 1, instead: IN_THREAD },
  { callee: "signal.signal", keyword: "handler", position: 1, instead: "Use `loop.add_signal_handler(sig, lambda: asyncio.create_task(f()))`." },
  { callee: "atexit.register", position: 0, instead: AT_EXIT },
  { callee: "asyncio.to_thread", position: 0, instead: IN_WORKER },
  // Matched by method name whatever the receiver, as the event-loop methods are (`loop`, `self._loop`, `asyncio.get_running_loop()`).
  { method: "call_soon", position: 0, instead: ON_LOOP },
  { method: "call_soon_threadsafe", position: 0, instead: "Use `asyncio.run_coroutine_threadsafe(f(), loop)`." },
  { method: "call_later", position: 1, instead: ON_LOOP },
  { method: "call_at", position: 1, instead: ON_LOOP },
  { method: "add_signal_handler", position: 1, instead: ON_LOOP },
  { method: "run_in_executor", position: 1, instead: IN_WORKER },
  { type: "concurrent.futures.Executor", method: "submit", keyword: "fn", position: 0, instead: IN_WORKER },
  // A coroutine is always true as a filter's answer, and coroutines do not compare as sort keys.
  { callee: "builtins.filter", position: 0, instead: AS_KEY },
  { callee: "builtins.sorted", keyword: "key", instead: AS_KEY },
  { callee: "builtins.min", keyword: "key", instead: AS_KEY },
  { callee: "builtins.max", keyword: "key", instead: AS_KEY },
];

/** Calls that run an event loop until a coroutine finishes: inside a running loop they raise RuntimeError. */
export const PY_EVENT_LOOP_RUNNERS = {
  functions: ["asyncio.run", "asyncio.runners.run"],
  /** `loop.run_until_complete(...)` on any receiver. */
  methods: ["run_until_complete"],
};

/**
 * Code that makes a nested loop work or checks for a running loop first: a function mentioning one of these is
 * left alone (`nest_asyncio.apply()`, `try: asyncio.get_running_loop() except RuntimeError: asyncio.run(...)`).
 */
export const PY_RUNNING_LOOP_GUARDS = /\b(nest_asyncio|get_running_loop|_get_running_loop|is_running)\b/;

/** Calls returning an async context manager that has no sync protocol (`with` raises). */
export const PY_ASYNC_ONLY_CONTEXT_MANAGERS: { callee?: string; type?: string; member?: string }[] = [
  { callee: "aiofiles.open" },
  { callee: "aiofiles.threadpool.open" },
  { callee: "aiohttp.ClientSession" },
  { callee: "aiohttp.client.ClientSession" },
  { callee: "asyncio.timeout" },
  { callee: "asyncio.TaskGroup" },
  { type: "aiohttp.ClientSession", member: "get" },
  { type: "aiohttp.ClientSession", member: "post" },
  { type: "aiohttp.ClientSession", member: "put" },
  { type: "aiohttp.ClientSession", member: "patch" },
  { type: "aiohttp.ClientSession", member: "delete" },
  { type: "aiohttp.ClientSession", member: "head" },
  { type: "aiohttp.ClientSession", member: "options" },
  { type: "aiohttp.ClientSession", member: "request" },
  { type: "aiohttp.ClientSession", member: "ws_connect" },
  { type: "asyncpg.Pool", member: "acquire" },
  { type: "asyncpg.Connection", member: "transaction" },
];

/** Types whose instances are async context managers only (`with lock:` on an `asyncio.Lock` raises). */
export const PY_ASYNC_ONLY_CONTEXT_TYPES: ReadonlySet<string> = new Set(["asyncio.Lock", "asyncio.Semaphore", "asyncio.Condition", "aiohttp.ClientSession", "asyncio.TaskGroup"]);

/** Calls returning an async iterator only (`for` raises TypeError): asyncpg cursors. */
export const PY_ASYNC_ONLY_ITERABLES: { type: string; member: string }[] = [{ type: "asyncpg.Connection", member: "cursor" }];
