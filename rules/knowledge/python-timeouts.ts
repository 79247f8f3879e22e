// Python network calls that can wait forever, where each one takes its timeout, and what bounds them from
// outside (`async with asyncio.timeout(...)`, `asyncio.wait_for`). The require-timeout rule's Python detector
// reads these tables; it holds no API names. Signatures checked against aiohttp 3.8, httpx 0.23, requests 2.28,
// websockets 10.4 and CPython 3.11.

/** How a missing timeout is written by a fix. `{{seconds}}` is the rule's `defaultTimeoutMs` in seconds. */
export interface PyTimeoutValue {
  /** Value text, e.g. `{{seconds}}` or `{{ref}}(total={{seconds}})`. */
  template: string;
  /** A module member that `{{ref}}` stands for, referenced in the file's import style. */
  reference?: { module: string; name: string };
}

export interface PyTimeoutApi {
  /** Qualified names of the function or constructor (`aiohttp.ClientSession`, `requests.get`). */
  callees?: string[];
  /** Or methods of an instance type tracked in python-instances.ts. */
  type?: string;
  members?: string[];
  /** Keyword argument that carries the timeout. */
  keyword: string;
  /** Positional index (self not counted) where the timeout may also be given; absent: keyword-only or `**kwargs`. */
  position?: number;
  /** Other keywords that set a deadline too (aiohttp's deprecated `read_timeout`), or make one unneeded. */
  alsoSatisfiedBy?: string[];
  /**
   * What an absent timeout means. "flag": no deadline (or one far too long), reported. "library-default": the
   * library has a sensible one; only an explicit `None` is reported. "flag-when-visible": reported only when
   * the object the method is called on was created in view (a requests Session from a parameter may have an
   * adapter that sets a default timeout).
   */
  absent: "flag" | "library-default" | "flag-when-visible";
  /**
   * With "flag": an absent timeout falls back to a library default that exists but is far too long (aiohttp's 5
   * minutes), so the message says the call sets none rather than that there is none.
   */
  longDefault?: boolean;
  /**
   * A blocking call: inside a coroutine `no-blocking-call` reports it (python-blocking.ts), and one call is
   * never reported twice, so require-timeout only judges it in synchronous code.
   */
  synchronous?: boolean;
  /**
   * A coroutine function: only judged when awaited where it is called. A coroutine handed to something else
   * (`wait_for`, `gather`, a task, a variable) may be bounded there.
   */
  awaitedOnly?: boolean;
  /** What happens with no timeout, completing "`callee` has no timeout: ...". */
  consequence: string;
  /** What an explicit `None` (or an all-`None` timeout object) means, when it differs from `consequence`. */
  disabledConsequence?: string;
  /** How to add one, shown in the message. */
  remedy: string;
  /** The keyword value a fix writes (absent: no keyword fix). */
  fix?: PyTimeoutValue;
  /**
   * The fix may cut healthy long transfers when the file reads responses as streams or opens websockets on it
   * (a total deadline covers the whole body): it is then a suggestion.
   */
  totalDeadline?: boolean;
  /**
   * For a session or client: its request methods. A session bound to a local name whose every use is one of
   * these with its own timeout never applies its default, so its creation is not reported.
   */
  requests?: {
    type: string;
    members: readonly string[];
    /** Uses that make no request (`close`). */
    harmless: readonly string[];
  };
  /**
   * For "flag-when-visible" methods: calls on the receiver that may give every request a default timeout (an adapter
   * mounted with `mount(...)`), and members whose replacement may (`s.request = functools.partial(...)`).
   */
  configuredBy?: { methods: readonly string[]; replacedMembers: readonly string[] };
  /**
   * Without the keyword the call falls back to a process-wide default that this regular expression, matched
   * against the file, sets (`socket.setdefaulttimeout(...)`): a file that sets it is not judged.
   */
  processDefaultSetBy?: RegExp;
  /** No keyword exists: the suggestion wraps the awaited call in `asyncio.wait_for(..., timeout=N)`. */
  wrapFix?: boolean;
}

/**
 * Timeout objects (`aiohttp.ClientTimeout`, `httpx.Timeout`) whose fields all default to `None`: built with every
 * argument `None` or absent, they set no limit at all, as if `timeout=None` were written.
 */
export const PY_TIMEOUT_OBJECTS: ReadonlySet<string> = new Set([
  "aiohttp.ClientTimeout",
  "aiohttp.client.ClientTimeout",
  "httpx.Timeout",
  "httpx._config.Timeout",
]);

const AIOHTTP_TIMEOUT: PyTimeoutValue = { template: "{{ref}}(total={{seconds}})", reference: { module: "aiohttp", name: "ClientTimeout" } };
const SECONDS: PyTimeoutValue = { template: "{{seconds}}" };

const SOCKET_DEFAULT_TIMEOUT = /\bsetdefaulttimeout\s*\(/;
const WEBSOCKETS_CONNECT = [
  "websockets.connect",
  "websockets.unix_connect",
  "websockets.client.connect",
  "websockets.client.unix_connect",
  "websockets.legacy.client.connect",
  "websockets.legacy.client.unix_connect",
  "websockets.asyncio.client.connect",
  "websockets.asyncio.client.unix_connect",
];

const HTTP_METHODS = ["request", "get", "post", "put", "patch", "delete", "head", "options"];
const FOREVER = "a stalled server holds the call, and the code waiting on it, forever";
const REQUESTS_CONSEQUENCE = "requests never gives up on its own, so a stalled server blocks this thread forever";
const REQUESTS_SESSION_CONFIGURED_BY = { methods: ["mount"], replacedMembers: [...HTTP_METHODS, "send"] };

export const PY_TIMEOUT_APIS: PyTimeoutApi[] = [
  // aiohttp: the session's timeout (default ClientTimeout(total=300), no per-read limit) covers its requests.
  {
    callees: ["aiohttp.ClientSession", "aiohttp.client.ClientSession"],
    keyword: "timeout",
    // `read_timeout` (deprecated) sets the total; `conn_timeout` only the connect phase, leaving the 5-minute total.
    alsoSatisfiedBy: ["read_timeout"],
    absent: "flag",
    longDefault: true,
    requests: { type: "aiohttp.ClientSession", members: HTTP_METHODS, harmless: ["close"] },
    consequence: "aiohttp's default gives each request 5 minutes in total and no limit per read, so a stalled server holds a task that long",
    disabledConsequence: "no request of the session then has any time limit, so a stalled server holds a task forever",
    remedy: "Pass `timeout=aiohttp.ClientTimeout(total=...)` sized for the service",
    fix: AIOHTTP_TIMEOUT,
    totalDeadline: true,
  },
  {
    callees: ["aiohttp.request", "aiohttp.client.request"],
    keyword: "timeout",
    absent: "flag",
    longDefault: true,
    consequence: "aiohttp's default gives the request 5 minutes in total and no limit per read",
    disabledConsequence: "the request then has no time limit, so a stalled server holds the task forever",
    remedy: "Pass `timeout=aiohttp.ClientTimeout(total=...)`",
    fix: AIOHTTP_TIMEOUT,
    totalDeadline: true,
  },
  {
    type: "aiohttp.ClientSession",
    members: HTTP_METHODS,
    keyword: "timeout",
    absent: "library-default",
    consequence: FOREVER,
    remedy: "Pass an `aiohttp.ClientTimeout` with a limit, or leave `timeout` out to use the session's",
    fix: AIOHTTP_TIMEOUT,
  },
  // httpx: 5 seconds by default, so only turning it off is flagged.
  ...["httpx.AsyncClient", "httpx.Client"].map(
    (client): PyTimeoutApi => ({
      callees: [client],
      keyword: "timeout",
      absent: "library-default",
      consequence: "every request of the client can then wait forever for a stalled server",
      remedy: "Leave `timeout` out (httpx's default is 5 seconds) or give a number",
      fix: SECONDS,
    }),
  ),
  ...["httpx.AsyncClient", "httpx.Client"].map(
    (client): PyTimeoutApi => ({
      type: client,
      members: [...HTTP_METHODS, "stream"],
      keyword: "timeout",
      absent: "library-default",
      synchronous: client === "httpx.Client",
      consequence: FOREVER,
      remedy: "Leave `timeout` out to use the client's, or give a number",
      fix: SECONDS,
    }),
  ),
  {
    callees: [...HTTP_METHODS, "stream"].map((m) => `httpx.${m}`),
    keyword: "timeout",
    absent: "library-default",
    synchronous: true,
    consequence: FOREVER,
    remedy: "Leave `timeout` out (httpx's default is 5 seconds) or give a number",
    fix: SECONDS,
  },
  // requests: no default timeout at all.
  {
    callees: HTTP_METHODS.map((m) => `requests.${m}`),
    keyword: "timeout",
    absent: "flag",
    synchronous: true,
    consequence: REQUESTS_CONSEQUENCE,
    remedy: "Pass `timeout=` (seconds, or a `(connect, read)` tuple)",
    fix: SECONDS,
  },
  {
    type: "requests.Session",
    members: ["request"],
    keyword: "timeout",
    // Session.request(method, url, params, data, headers, cookies, files, auth, timeout, ...)
    position: 8,
    absent: "flag-when-visible",
    configuredBy: REQUESTS_SESSION_CONFIGURED_BY,
    synchronous: true,
    consequence: REQUESTS_CONSEQUENCE,
    remedy: "Pass `timeout=` (seconds, or a `(connect, read)` tuple)",
    fix: SECONDS,
  },
  {
    type: "requests.Session",
    members: HTTP_METHODS.filter((m) => m !== "request").concat("send"),
    keyword: "timeout",
    absent: "flag-when-visible",
    configuredBy: REQUESTS_SESSION_CONFIGURED_BY,
    synchronous: true,
    consequence: REQUESTS_CONSEQUENCE,
    remedy: "Pass `timeout=` (seconds, or a `(connect, read)` tuple)",
    fix: SECONDS,
  },
  // asyncio streams: no timeout parameter for connecting at all.
  {
    callees: ["asyncio.open_connection", "asyncio.open_unix_connection", "asyncio.streams.open_connection", "asyncio.streams.open_unix_connection"],
    keyword: "",
    // Given a connected socket there is nothing to connect.
    alsoSatisfiedBy: ["sock"],
    absent: "flag",
    awaitedOnly: true,
    consequence: "connecting waits as long as the operating system lets it (minutes for an unreachable host)",
    remedy: "Wrap it in `async with asyncio.timeout(...)` or `asyncio.wait_for(..., timeout=...)`",
    wrapFix: true,
  },
  // loop.create_connection: like asyncio.open_connection (built on it), no timeout parameter.
  {
    type: "asyncio.AbstractEventLoop",
    members: ["create_connection", "create_unix_connection"],
    keyword: "",
    alsoSatisfiedBy: ["sock"],
    absent: "flag",
    awaitedOnly: true,
    consequence: "connecting waits as long as the operating system lets it (minutes for an unreachable host)",
    remedy: "Wrap it in `async with asyncio.timeout(...)` or `asyncio.wait_for(..., timeout=...)`",
    wrapFix: true,
  },
  // The standard library's blocking clients: without `timeout` they use the socket module's default, which is
  // none unless `socket.setdefaulttimeout(...)` was called.
  {
    callees: ["urllib.request.urlopen"],
    keyword: "timeout",
    // urlopen(url, data=None, timeout=...)
    position: 2,
    absent: "flag",
    synchronous: true,
    processDefaultSetBy: SOCKET_DEFAULT_TIMEOUT,
    consequence: "it uses the socket module's default, which is no timeout at all unless `socket.setdefaulttimeout` was called, so a stalled server blocks this thread forever",
    remedy: "Pass `timeout=` (seconds)",
    fix: SECONDS,
  },
  {
    callees: ["socket.create_connection"],
    keyword: "timeout",
    // create_connection(address, timeout=..., source_address=None)
    position: 1,
    absent: "flag",
    synchronous: true,
    processDefaultSetBy: SOCKET_DEFAULT_TIMEOUT,
    consequence: "connecting, and every later read on the socket, uses the socket module's default, which is no timeout at all unless `socket.setdefaulttimeout` was called",
    remedy: "Pass `timeout=` (seconds)",
    fix: SECONDS,
  },
  // websockets: opening times out after 10 seconds unless turned off.
  {
    callees: WEBSOCKETS_CONNECT,
    keyword: "open_timeout",
    absent: "library-default",
    consequence: "the opening handshake can then wait forever for a stalled server",
    remedy: "Leave `open_timeout` out (the default is 10 seconds) or give a number",
    fix: SECONDS,
  },
  // websockets: keepalive pings, every 20 seconds by default, close a connection whose peer stops answering.
  {
    callees: WEBSOCKETS_CONNECT,
    keyword: "ping_timeout",
    // `ping_interval=None` turns pings off altogether, which is reported through it instead (same consequence).
    absent: "library-default",
    consequence: "a connection whose peer vanished without closing it (a dropped network, a frozen server) is never detected, so `recv()` and `async for` on it wait forever",
    remedy: "Leave `ping_timeout` out (the default is 20 seconds) or give a number",
    fix: { template: "20" },
  },
];

/** Context managers that cancel the code in their body after a deadline; the argument is the delay or deadline. */
export interface PyTimeoutScope {
  callee: string;
  position: number;
  keyword: string;
  /** Methods on the `as` target that set the deadline later (`cm.reschedule(when)` after `asyncio.timeout(None)`). */
  rescheduledBy?: string[];
}

export const PY_TIMEOUT_SCOPES: PyTimeoutScope[] = [
  { callee: "asyncio.timeout", position: 0, keyword: "delay", rescheduledBy: ["reschedule"] },
  { callee: "asyncio.timeout_at", position: 0, keyword: "when", rescheduledBy: ["reschedule"] },
  { callee: "asyncio.timeouts.timeout", position: 0, keyword: "delay", rescheduledBy: ["reschedule"] },
  { callee: "asyncio.timeouts.timeout_at", position: 0, keyword: "when", rescheduledBy: ["reschedule"] },
  { callee: "async_timeout.timeout", position: 0, keyword: "delay", rescheduledBy: ["shift", "update"] },
  { callee: "async_timeout.timeout_at", position: 0, keyword: "deadline", rescheduledBy: ["shift", "update"] },
  // aiohttp's own helper (an `async_timeout`/`asyncio.timeout` rounded up), which code copied from aiohttp uses.
  { callee: "aiohttp.helpers.ceil_timeout", position: 0, keyword: "delay" },
  { callee: "anyio.fail_after", position: 0, keyword: "delay" },
  { callee: "anyio.move_on_after", position: 0, keyword: "delay" },
  { callee: "trio.fail_after", position: 0, keyword: "seconds" },
  { callee: "trio.move_on_after", position: 0, keyword: "seconds" },
  { callee: "trio.fail_at", position: 0, keyword: "deadline" },
  { callee: "trio.move_on_at", position: 0, keyword: "deadline" },
];

/** Calls that cancel the awaitable in their first argument after a timeout. */
export const PY_TIMEOUT_WRAPPERS: { callee: string; awaitable: { position: number; keyword: string }; timeout: { position: number; keyword: string } }[] = [
  { callee: "asyncio.wait_for", awaitable: { position: 0, keyword: "fut" }, timeout: { position: 1, keyword: "timeout" } },
  { callee: "asyncio.tasks.wait_for", awaitable: { position: 0, keyword: "fut" }, timeout: { position: 1, keyword: "timeout" } },
];

/**
 * Top-level packages every API above is reached from: a file naming none of them cannot have a finding (names
 * resolve through imports, and an import names its package).
 */
export const PY_TIMEOUT_PACKAGES: readonly string[] = [
  ...new Set(PY_TIMEOUT_APIS.flatMap((api) => [...(api.callees ?? []), ...(api.type ? [api.type] : []), ...(api.requests ? [api.requests.type] : [])]).map((name) => name.split(".")[0])),
];

/**
 * Reading a response body as a stream (aiohttp's `response.content.iter_chunked(...)`, `async for ... in
 * response.content`) or opening websockets on a session: a total deadline would cut a healthy long transfer, so a
 * fix adding one (`totalDeadline`) is only a suggestion in such a file.
 */
export const PY_STREAMING_USE = /\.content\s*(?:\.\s*(?:iter_\w+|read\w*)\s*\(|:)|\bws_connect\b/;
