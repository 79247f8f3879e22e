// Network and event APIs that can wait forever, and where each one takes its timeout.
// One row per call shape. The require-timeout rule reads this table; it holds no API names.

import { GLOBAL_MODULE } from "./node-instances";

/** Where a call's timeout goes. */
export type TimeoutPlacement =
  | {
      /**
       * A property of an object argument: `fetch(url, { signal })` (init-property), `axios.get(url, { timeout })`
       * (config-property: instances and `defaults` can also carry it), `http.request(url, { timeout })` (option).
       */
      kind: "init-property" | "config-property" | "option";
      /**
       * Argument positions where the object may be, in order. The first object literal found is it; a string,
       * number, URL or callback at a position is skipped; anything else (a variable) might be the object and
       * makes the call unknowable (not flagged).
       */
      arguments: number[];
      /** Where the fix may put a new object argument when the call has none (omitted: it may not). */
      insertAt?: number;
      /** Properties any of which gives the call a deadline. */
      properties: string[];
      /** Methods on the returned object (or a chain on it) that set a timeout later: `req.setTimeout(ms)`. */
      returnedMethods?: string[];
      /** The first argument may be a Request object carrying its own signal (`fetch(request)`). */
      inputMayCarrySignal?: boolean;
    }
  | {
      /** A method called on the request builder the call returns: superagent's `.timeout(ms)`. */
      kind: "chained-method";
      methods: string[];
    };

/** How a missing timeout is added; `{{ms}}` is the rule's `defaultTimeoutMs`. */
export interface TimeoutFixSpec {
  /** Property added to the object literal (or to a new object argument). */
  property?: string;
  value?: string;
  /** Text appended after the call, for chained methods. */
  chain?: string;
  /**
   * "safe": adding it cannot change anything but the deadline. "with-error-listener": safe when the
   * caller handles the request's `error` event (an abort is emitted there), a suggestion otherwise.
   * "suggestion": never applied by --fix.
   */
  safety: "safe" | "with-error-listener" | "suggestion";
}

export interface TimeoutApi {
  /** How messages name the API family. */
  library: string;
  /** Module exporting the call (`GLOBAL_MODULE` for globals). Absent for methods of tracked instances. */
  module?: string;
  /** Instance type (see node-instances.ts) whose method or call this is. */
  type?: string;
  /**
   * Export paths, dotted ("" is the module itself; a leading `default.` is ignored), or instance members
   * ("" is calling the instance itself).
   */
  names: string[];
  /** Called with `new` (constructors). */
  construct?: boolean;
  placement: TimeoutPlacement;
  /**
   * The library's own timeout in ms when none is given. With a default the call is only flagged when a
   * timeout property is explicitly disabled (0, Infinity, null, false).
   */
  defaultMs?: number;
  /** What happens with no timeout, completing "`callee` has no timeout: ...". */
  consequence: string;
  /** How to add one, shown in the message. */
  remedy: string;
  fix?: TimeoutFixSpec;
  /** Replacement value (template) per property when the call explicitly disables it. */
  replaceDisabled?: Record<string, string>;
  /** The response is a stream: a total deadline can cut a healthy long transfer, so fixes are suggestions. */
  streams?: boolean;
  /** A response property that is a stream (fetch's `body`): code reading it gets suggestions, for the same reason. */
  streamingBody?: string;
  /** The call waits for an event: racing the promise or handing it to a wrapper counts as a way out. */
  eventWait?: boolean;
  /** Waiting here is often intentional (an event that may take long): reported at info severity. */
  severity?: "info";
}

const FETCH_CONSEQUENCE =
  "a server that accepts the connection and stalls holds the request, and everyone awaiting it, until the socket dies (browsers never give up; Node only after 300 s of silence)";
const FETCH_REMEDY = "Pass `signal: AbortSignal.timeout(ms)` in the init object";
const FETCH_FIX: TimeoutFixSpec = { property: "signal", value: "AbortSignal.timeout({{ms}})", safety: "safe" };
const fetchPlacement = (properties: string[]): TimeoutPlacement => ({
  kind: "init-property",
  arguments: [1],
  insertAt: 1,
  properties,
  inputMayCarrySignal: true,
});

const AXIOS_CONSEQUENCE = "axios' default timeout is 0 (none), so a stalled server holds the request forever";
const AXIOS_REMEDY = "Add `timeout: ms` to the config (or create the instance with one)";
const AXIOS_FIX: TimeoutFixSpec = { property: "timeout", value: "{{ms}}", safety: "safe" };
const AXIOS_PROPERTIES = ["timeout", "signal", "cancelToken"];
const AXIOS_NO_BODY = ["get", "delete", "head", "options"];
const AXIOS_WITH_BODY = ["post", "put", "patch", "postForm", "putForm", "patchForm"];

const GOT_CONSEQUENCE = "got has no default timeout, so a stalled server holds the request forever";
const GOT_REMEDY = "Add `timeout: { request: ms }` to the options";
const GOT_METHODS = ["", "get", "post", "put", "patch", "delete", "head"];
const GOT_FIX: TimeoutFixSpec = { property: "timeout", value: "{ request: {{ms}} }", safety: "safe" };

const SUPERAGENT_METHODS = ["", "get", "post", "put", "patch", "delete", "del", "head", "options"];

const HTTP_CONSEQUENCE = "Node's http client has no timeout, so a peer that stops answering holds the request forever";
const HTTP_REMEDY = "Pass `signal: AbortSignal.timeout(ms)` (or `timeout` with a 'timeout' listener that destroys the request)";

const SOCKET_CONSEQUENCE = "a socket has no idle timeout by default, so a silent peer holds it open forever";
const SOCKET_REMEDY = "Set `timeout` (or call `socket.setTimeout(ms)`) and destroy the socket on 'timeout'";

const UNDICI_CONSEQUENCE = "a value of 0 turns off undici's 300 s limit, so a stalled server holds the request forever";
const UNDICI_REMEDY = "Keep undici's default or set a finite number of ms";
const UNDICI_DISABLED = { headersTimeout: "{{ms}}", bodyTimeout: "{{ms}}" };

export const NODE_TIMEOUT_APIS: TimeoutApi[] = [
  // fetch: the global, undici's, node-fetch's and cross-fetch's. node-fetch v2 also takes a `timeout` option.
  {
    library: "fetch",
    module: GLOBAL_MODULE,
    names: ["fetch", "window.fetch", "self.fetch"],
    placement: fetchPlacement(["signal"]),
    consequence: FETCH_CONSEQUENCE,
    remedy: FETCH_REMEDY,
    fix: FETCH_FIX,
    replaceDisabled: { signal: "AbortSignal.timeout({{ms}})" },
    streamingBody: "body",
  },
  {
    library: "fetch",
    module: "undici",
    names: ["fetch"],
    placement: fetchPlacement(["signal"]),
    consequence: FETCH_CONSEQUENCE,
    remedy: FETCH_REMEDY,
    fix: FETCH_FIX,
    replaceDisabled: { signal: "AbortSignal.timeout({{ms}})" },
    streamingBody: "body",
  },
  {
    library: "fetch",
    module: "node-fetch",
    names: ["", "fetch"],
    placement: fetchPlacement(["signal", "timeout"]),
    consequence: FETCH_CONSEQUENCE,
    remedy: FETCH_REMEDY,
    fix: FETCH_FIX,
    replaceDisabled: { signal: "AbortSignal.timeout({{ms}})" },
    streamingBody: "body",
  },
  {
    library: "fetch",
    module: "cross-fetch",
    names: ["", "fetch"],
    placement: fetchPlacement(["signal"]),
    consequence: FETCH_CONSEQUENCE,
    remedy: FETCH_REMEDY,
    fix: FETCH_FIX,
    replaceDisabled: { signal: "AbortSignal.timeout({{ms}})" },
    streamingBody: "body",
  },

  // axios: the default instance and instances from axios.create(). Calling the instance takes (config) or (url, config).
  ...axiosRows({ module: "axios" }),
  ...axiosRows({ type: "axios.AxiosInstance" }),

  // got: got(url, options) / got(options) / got.get(...), and instances from got.extend().
  ...gotRows({ module: "got" }),
  ...gotRows({ type: "got.Got" }),

  // superagent: the request builder takes `.timeout(ms)` anywhere in its chain.
  {
    library: "superagent",
    module: "superagent",
    names: SUPERAGENT_METHODS,
    placement: { kind: "chained-method", methods: ["timeout"] },
    consequence: "superagent has no default timeout, so a stalled server holds the request forever",
    remedy: "Chain `.timeout(ms)` on the request",
    fix: { chain: ".timeout({{ms}})", safety: "suggestion" },
  },

  // undici's own API defaults to 300 s for headers and body; only turning that off is flagged.
  {
    library: "undici",
    module: "undici",
    names: ["request", "stream"],
    placement: { kind: "option", arguments: [1], properties: ["headersTimeout", "bodyTimeout"] },
    defaultMs: 300_000,
    consequence: UNDICI_CONSEQUENCE,
    remedy: UNDICI_REMEDY,
    replaceDisabled: UNDICI_DISABLED,
  },
  {
    library: "undici",
    module: "undici",
    names: ["Pool", "Client", "BalancedPool"],
    construct: true,
    placement: { kind: "option", arguments: [1], properties: ["headersTimeout", "bodyTimeout"] },
    defaultMs: 300_000,
    consequence: UNDICI_CONSEQUENCE,
    remedy: UNDICI_REMEDY,
    replaceDisabled: UNDICI_DISABLED,
  },
  {
    library: "undici",
    module: "undici",
    names: ["Agent"],
    construct: true,
    placement: { kind: "option", arguments: [0], properties: ["headersTimeout", "bodyTimeout"] },
    defaultMs: 300_000,
    consequence: UNDICI_CONSEQUENCE,
    remedy: UNDICI_REMEDY,
    replaceDisabled: UNDICI_DISABLED,
  },

  // http/https: request(url[, options][, cb]) / request(options[, cb]); the returned request takes setTimeout().
  ...["http", "https"].map(
    (module): TimeoutApi => ({
      library: module,
      module,
      names: ["request", "get"],
      placement: { kind: "option", arguments: [0, 1], insertAt: 1, properties: ["timeout", "signal"], returnedMethods: ["setTimeout"] },
      consequence: HTTP_CONSEQUENCE,
      remedy: HTTP_REMEDY,
      // `timeout` alone only emits an event; a signal actually aborts, surfacing as the request's 'error'.
      fix: { property: "signal", value: "AbortSignal.timeout({{ms}})", safety: "with-error-listener" },
    }),
  ),

  // Raw sockets: connect(options[, cb]) / connect(port[, host][, cb]). A total deadline would cut long-lived
  // connections, and `timeout` only emits an event, so there is no mechanical fix.
  ...[
    { module: "net", names: ["connect", "createConnection"], arguments: [0] },
    { module: "tls", names: ["connect"], arguments: [0, 1, 2] },
  ].map(
    ({ module, names, arguments: positions }): TimeoutApi => ({
      library: module,
      module,
      names,
      placement: { kind: "option", arguments: positions, properties: ["timeout", "signal"], returnedMethods: ["setTimeout"] },
      consequence: SOCKET_CONSEQUENCE,
      remedy: SOCKET_REMEDY,
    }),
  ),

  // Event waits: often intentional (a server's 'close'), so info.
  {
    library: "events",
    module: "events",
    names: ["once", "EventEmitter.once"],
    placement: { kind: "option", arguments: [2], insertAt: 2, properties: ["signal"] },
    consequence: "if the event never fires, the await never returns",
    remedy: "Pass `{ signal: AbortSignal.timeout(ms) }` if that is not intended",
    fix: { property: "signal", value: "AbortSignal.timeout({{ms}})", safety: "suggestion" },
    eventWait: true,
    severity: "info",
  },
];

function axiosRows(origin: { module: string } | { type: string }): TimeoutApi[] {
  const common = { library: "axios", ...origin, consequence: AXIOS_CONSEQUENCE, remedy: AXIOS_REMEDY, fix: AXIOS_FIX, replaceDisabled: { timeout: "{{ms}}" } };
  const property = (positions: number[], insertAt?: number): TimeoutPlacement => ({ kind: "config-property", arguments: positions, insertAt, properties: AXIOS_PROPERTIES });
  return [
    { ...common, names: [""], placement: property([0, 1], 1) },
    { ...common, names: ["request"], placement: property([0]) },
    { ...common, names: AXIOS_NO_BODY, placement: property([1], 1) },
    { ...common, names: AXIOS_WITH_BODY, placement: property([2], 2) },
  ];
}

function gotRows(origin: { module: string } | { type: string }): TimeoutApi[] {
  const placement: TimeoutPlacement = { kind: "config-property", arguments: [0, 1], insertAt: 1, properties: ["timeout", "signal"] };
  const common = { library: "got", ...origin, placement, consequence: GOT_CONSEQUENCE, remedy: GOT_REMEDY, fix: GOT_FIX };
  return [
    { ...common, names: GOT_METHODS },
    { ...common, names: ["stream"], streams: true },
  ];
}

/**
 * Factories whose config sets a timeout for every call on the instance they make, and the assignment
 * (`axios.defaults.timeout = ms`, `instance.defaults.timeout = ms`) that does the same afterwards.
 */
export interface TimeoutInstanceFactory {
  module?: string;
  type?: string;
  names: string[];
  /** Argument positions holding config objects; "all" for variadic factories (`got.extend(a, b)`). */
  arguments: number[] | "all";
  properties: string[];
  /**
   * Reported where the instance is made when no config sets a timeout (once, not at every use): what that means,
   * and the property the suggestion adds. Absent: judged at each use (an instance extended from another may
   * inherit one).
   */
  atCreation?: { library: string; consequence: string; remedy: string; property: string; value: string };
}

export const TIMEOUT_INSTANCE_FACTORIES: TimeoutInstanceFactory[] = [
  {
    module: "axios",
    names: ["create"],
    arguments: [0],
    properties: AXIOS_PROPERTIES,
    atCreation: {
      library: "axios",
      consequence: "axios' default timeout is 0 (none), so every request made through this instance can hang forever",
      remedy: "Add `timeout: ms` to its config (a call that needs longer can pass its own)",
      property: "timeout",
      value: "{{ms}}",
    },
  },
  {
    module: "got",
    names: ["extend"],
    arguments: "all",
    properties: ["timeout", "signal"],
    atCreation: {
      library: "got",
      consequence: "got has no default timeout, so every request made through this instance can hang forever",
      remedy: "Add `timeout: { request: ms }` to its options",
      property: "timeout",
      value: "{ request: {{ms}} }",
    },
  },
  { type: "got.Got", names: ["extend"], arguments: "all", properties: ["timeout", "signal"] },
];

/** Assignments that give a module's default instance, or an instance, a timeout: `<x>.defaults.timeout = ms`. */
export const TIMEOUT_DEFAULTS_ASSIGNMENTS: { module: string; type: string; path: string[] }[] = [
  { module: "axios", type: "axios.AxiosInstance", path: ["defaults", "timeout"] },
];

/** Methods that register an event listener: a Promise resolved from one of these waits for that event. */
export const EVENT_LISTENER_METHODS: ReadonlySet<string> = new Set([
  "on",
  "once",
  "addListener",
  "prependListener",
  "prependOnceListener",
  "addEventListener",
]);

/**
 * Events that deliver a stream's data: a Promise that collects them and resolves on 'end' is reading the
 * stream, bounded by whoever produces it (a file, a response whose request has its own timeout), not an
 * open-ended wait.
 */
export const STREAM_DATA_EVENTS: ReadonlySet<string> = new Set(["data", "readable"]);

/**
 * Test runners that fail a test after a deadline by default (Playwright 30 s, Vitest and Bun 5 s, Jest 5 s through
 * `@jest/globals`): in a file that imports one, every wait is bounded by the test's timeout. Not `node:test` (no
 * default timeout) nor Mocha or Jest through globals (nothing in the file says which runner runs it).
 */
export const TEST_RUNNERS_WITH_DEADLINE: ReadonlySet<string> = new Set(["@playwright/test", "playwright/test", "vitest", "@jest/globals", "bun:test"]);

/** Promise combinators: racing gives a wait a way out; waiting for all passes the wait on. */
export const PROMISE_RACERS: ReadonlySet<string> = new Set(["race", "any"]);
export const PROMISE_JOINERS: ReadonlySet<string> = new Set(["all", "allSettled"]);

/** Functions that only stream data into a request: handing the request to them does not let them time it out. */
export const REQUEST_CONSUMERS: { module: string; path: string[] }[] = [
  { module: "stream", path: ["pipeline"] },
  { module: "stream/promises", path: ["pipeline"] },
  { module: "stream", path: ["promises", "pipeline"] },
];

/** Global timers: a timer callback that touches a request is a hand-written deadline. */
export const TIMER_FUNCTIONS: { module: string; path: string[] }[] = [
  { module: GLOBAL_MODULE, path: ["setTimeout"] },
  { module: "timers", path: ["setTimeout"] },
];
