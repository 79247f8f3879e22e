// asyncio (and friends) knowledge for the Python rules: which calls hand work to a thread, which return a
// coroutine that must be awaited, which create tasks that must be kept referenced. Rules read these tables;
// they hold no API names.

/** Calls whose function arguments run in a worker thread, not on the event loop. */
export const PY_OFFLOADING_CALLS = {
  /** By qualified name. */
  functions: [
    "asyncio.to_thread",
    "anyio.to_thread.run_sync",
    "trio.to_thread.run_sync",
    "starlette.concurrency.run_in_threadpool",
    "fastapi.concurrency.run_in_threadpool",
    "asgiref.sync.sync_to_async",
  ],
  /** By method name on any receiver (`loop.run_in_executor`, `self._loop.run_in_executor`). */
  methods: ["run_in_executor"],
};

export interface PyCoroutineApi {
  /** Qualified name of a function returning a coroutine, e.g. `asyncio.sleep`. */
  callee?: string;
  /** Or a method of a tracked instance type (see python-instances.ts). */
  type?: string;
  member?: string;
  /**
   * Only when the first argument is a call (`ensure_future(work())`): given an existing future or task,
   * `ensure_future` returns it unchanged and creates nothing.
   */
  onlyWithCallArgument?: boolean;
}

/**
 * Library calls that return a coroutine (or an awaitable that does nothing until awaited). Called as a bare
 * statement, the work never happens. Functions that schedule work themselves (`asyncio.gather`,
 * `loop.run_in_executor`, `asyncio.create_task`) are not here.
 */
export const PY_COROUTINE_APIS: PyCoroutineApi[] = [
  { callee: "asyncio.sleep" },
  { callee: "asyncio.wait_for" },
  { callee: "asyncio.wait" },
  { callee: "asyncio.to_thread" },
  { callee: "asyncio.open_connection" },
  { callee: "asyncio.open_unix_connection" },
  { callee: "asyncio.start_server" },
  { callee: "asyncio.start_unix_server" },
  { callee: "asyncio.create_subprocess_exec" },
  { callee: "asyncio.create_subprocess_shell" },
  { type: "asyncio.Queue", member: "get" },
  { type: "asyncio.Queue", member: "put" },
  { type: "asyncio.Queue", member: "join" },
  { type: "asyncio.Lock", member: "acquire" },
  { type: "asyncio.Semaphore", member: "acquire" },
  { type: "asyncio.Condition", member: "acquire" },
  { type: "asyncio.Condition", member: "wait" },
  { type: "asyncio.Condition", member: "wait_for" },
  { type: "asyncio.Event", member: "wait" },
  { type: "asyncio.AbstractEventLoop", member: "sock_recv" },
  { type: "asyncio.AbstractEventLoop", member: "sock_sendall" },
  { type: "asyncio.AbstractEventLoop", member: "sock_connect" },
  { type: "asyncio.AbstractEventLoop", member: "sock_accept" },
  { type: "asyncio.AbstractEventLoop", member: "create_connection" },
  { type: "asyncio.AbstractEventLoop", member: "create_server" },
  { type: "asyncio.AbstractEventLoop", member: "getaddrinfo" },
  { type: "asyncio.AbstractEventLoop", member: "shutdown_asyncgens" },
  { type: "asyncio.AbstractEventLoop", member: "shutdown_default_executor" },
  { type: "aiohttp.ClientSession", member: "close" },
  { type: "httpx.AsyncClient", member: "aclose" },
  { type: "httpx.AsyncClient", member: "get" },
  { type: "httpx.AsyncClient", member: "post" },
  { type: "httpx.AsyncClient", member: "put" },
  { type: "httpx.AsyncClient", member: "patch" },
  { type: "httpx.AsyncClient", member: "delete" },
  { type: "httpx.AsyncClient", member: "request" },
  { type: "httpx.AsyncClient", member: "send" },
];

/** Calls that start a task and return it; as a bare statement nothing keeps the task alive. */
export const PY_TASK_CREATING_APIS: PyCoroutineApi[] = [
  { callee: "asyncio.create_task" },
  { callee: "asyncio.ensure_future", onlyWithCallArgument: true },
  { type: "asyncio.AbstractEventLoop", member: "create_task" },
];

/**
 * Decorators (qualified names; for `@f(...)`, the name of `f`) that keep an `async def` a coroutine function, so
 * calling it still returns a coroutine. Any other decorator may wrap it into something else
 * (`@asynccontextmanager`, `@app.route`), so such functions are left alone.
 */
export const PY_COROUTINE_PRESERVING_DECORATORS: ReadonlySet<string> = new Set([
  "builtins.staticmethod",
  "builtins.classmethod",
  "abc.abstractmethod",
  "typing.override",
  "typing_extensions.override",
  "functools.wraps",
]);

/**
 * `asyncio.get_event_loop()` (also reached as `asyncio.events.get_event_loop`); inside a coroutine
 * `get_running_loop()` of the same module returns the same loop.
 */
export const PY_GET_EVENT_LOOP = { functions: ["asyncio.get_event_loop", "asyncio.events.get_event_loop"], replacement: "get_running_loop", module: "asyncio" };

/**
 * Context managers inside which a statement is expected to raise (tests), so its result is never produced:
 * `with self.assertRaises(E):` / `with pytest.raises(E):`. By method name for unittest, by qualified name otherwise.
 */
export const PY_EXPECTED_RAISE_CONTEXTS = {
  methods: ["assertRaises", "assertRaisesRegex"],
  functions: ["pytest.raises"],
};
