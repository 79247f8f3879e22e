// APIs whose awaits must stay in order: running them concurrently would change what the program does
// (timers, locks, transactions, prompts, stream writes, processes) or whose calls are writes by name.
// prefer-concurrent-awaits reads these tables; it holds no API names itself. Every entry here only ever
// removes findings, so a name-based match costs recall, never precision.

import { GLOBAL_MODULE } from "./node-instances";

export interface OrderedModuleApi {
  /** Module specifier without `node:`; `GLOBAL_MODULE` for globals. */
  module: string;
  /** Export path, dotted; `*` alone matches every export of the module (and the module itself). */
  name: string;
  /** Why its order matters, for the docs. */
  reason: string;
}

/** Exports matched by where they come from (import-aware, alias-aware), never by name alone. */
export const ORDERED_MODULE_APIS: OrderedModuleApi[] = [
  { module: "timers/promises", name: "*", reason: "a timer: waiting is the point" },
  { module: "timers", name: "*", reason: "a timer: waiting is the point" },
  { module: GLOBAL_MODULE, name: "setTimeout", reason: "a timer: waiting is the point" },
  { module: GLOBAL_MODULE, name: "navigator.locks.request", reason: "a lock: acquiring and releasing is ordered by definition" },
  { module: "readline/promises", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "readline", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "events", name: "once", reason: "waits for an event: the order of events is the meaning" },
  { module: "events", name: "on", reason: "waits for an event: the order of events is the meaning" },
  { module: "stream/promises", name: "*", reason: "drives a stream: data is written in order" },
  { module: "child_process", name: "*", reason: "runs a process: processes usually have side effects" },
  { module: "execa", name: "*", reason: "runs a process: processes usually have side effects" },
  { module: "zx", name: "*", reason: "runs a process: processes usually have side effects" },
  { module: "fs/promises", name: "mkdir", reason: "writes to the file system" },
  { module: "fs/promises", name: "mkdtemp", reason: "writes to the file system" },
  { module: "fs/promises", name: "writeFile", reason: "writes to the file system" },
  { module: "fs/promises", name: "appendFile", reason: "writes to the file system" },
  { module: "fs/promises", name: "open", reason: "opens a file handle: reads and writes through it are positional" },
  { module: "fs/promises", name: "rm", reason: "writes to the file system" },
  { module: "fs/promises", name: "rmdir", reason: "writes to the file system" },
  { module: "fs/promises", name: "unlink", reason: "writes to the file system" },
  { module: "fs/promises", name: "rename", reason: "writes to the file system" },
  { module: "fs/promises", name: "copyFile", reason: "writes to the file system" },
  { module: "fs/promises", name: "cp", reason: "writes to the file system" },
  { module: "fs/promises", name: "symlink", reason: "writes to the file system" },
  { module: "fs/promises", name: "link", reason: "writes to the file system" },
  { module: "fs/promises", name: "chmod", reason: "writes to the file system" },
  { module: "fs/promises", name: "chown", reason: "writes to the file system" },
  { module: "fs/promises", name: "utimes", reason: "writes to the file system" },
  { module: "fs/promises", name: "truncate", reason: "writes to the file system" },
  { module: "async-mutex", name: "*", reason: "a lock: acquiring and releasing is ordered by definition" },
  { module: "proper-lockfile", name: "*", reason: "a lock: acquiring and releasing is ordered by definition" },
  { module: "async-lock", name: "*", reason: "a lock: acquiring and releasing is ordered by definition" },
  { module: "@inquirer/prompts", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "inquirer", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "prompts", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "enquirer", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "@clack/prompts", name: "*", reason: "prompts the user: questions are asked in order" },
  { module: "delay", name: "*", reason: "a timer: waiting is the point" },
  { module: "p-retry", name: "*", reason: "retries: attempts run in order" },
  { module: "p-wait-for", name: "*", reason: "polls until a condition holds" },
];

/**
 * Method and function names (the last segment of the callee) that are ordered on any receiver:
 * locks, transactions, prompts, sleeps, stream writes. Matched exactly, or as a camelCase or snake_case
 * prefix when `prefix` is set (`acquire` matches `acquireLock`, not `acquired`).
 */
export interface OrderedName {
  name: string;
  prefix?: boolean;
  reason: string;
}

const LOCK = "a lock: acquiring and releasing is ordered by definition";
const TRANSACTION = "a transaction step: statements run in order";
const SLEEP = "a sleep or wait: waiting is the point";
const PROMPT = "prompts the user: questions are asked in order";
const STREAM = "writes to a stream: data is written in order";
const PROCESS = "runs a process: processes usually have side effects";

export const ORDERED_NAMES: OrderedName[] = [
  { name: "sleep", prefix: true, reason: SLEEP },
  { name: "delay", prefix: true, reason: SLEEP },
  { name: "wait", prefix: true, reason: SLEEP },
  { name: "pause", prefix: true, reason: SLEEP },
  { name: "setTimeout", reason: SLEEP },
  { name: "nextTick", reason: SLEEP },
  { name: "yield", reason: SLEEP },
  { name: "poll", prefix: true, reason: "polls until a condition holds" },
  { name: "retry", prefix: true, reason: "retries: attempts run in order" },
  { name: "lock", prefix: true, reason: LOCK },
  { name: "unlock", prefix: true, reason: LOCK },
  { name: "acquire", prefix: true, reason: LOCK },
  { name: "release", prefix: true, reason: LOCK },
  { name: "runExclusive", reason: LOCK },
  { name: "transaction", prefix: true, reason: TRANSACTION },
  { name: "$transaction", reason: TRANSACTION },
  { name: "withTransaction", reason: TRANSACTION },
  { name: "startTransaction", reason: TRANSACTION },
  { name: "beginTransaction", reason: TRANSACTION },
  { name: "begin", prefix: true, reason: TRANSACTION },
  { name: "commit", prefix: true, reason: TRANSACTION },
  { name: "rollback", prefix: true, reason: TRANSACTION },
  { name: "savepoint", prefix: true, reason: TRANSACTION },
  { name: "multi", reason: TRANSACTION },
  { name: "watch", reason: TRANSACTION },
  { name: "question", reason: PROMPT },
  { name: "prompt", prefix: true, reason: PROMPT },
  { name: "ask", prefix: true, reason: PROMPT },
  { name: "confirm", prefix: true, reason: PROMPT },
  { name: "write", prefix: true, reason: STREAM },
  { name: "end", reason: STREAM },
  { name: "drain", reason: STREAM },
  { name: "flush", prefix: true, reason: STREAM },
  { name: "pipe", prefix: true, reason: STREAM },
  { name: "pipeline", reason: STREAM },
  { name: "exec", prefix: true, reason: PROCESS },
  { name: "spawn", prefix: true, reason: PROCESS },
  { name: "fork", reason: PROCESS },
  { name: "$", reason: PROCESS },
  { name: "run", prefix: true, reason: PROCESS },
];

/**
 * Verbs that name a write or another side effect. A call named `<verb>` or `<verb>Something`
 * (`createUser`, `save`, `send_email`) is treated as a write even when its result is used:
 * `const user = await createUser(); const order = await createOrder();` stays in order. The verb may follow one
 * qualifier word (`apiCreateRecipients`, `admin_delete_user`) unless that word reads (`getCreateForm`).
 */
export const WRITE_VERBS: readonly string[] = [
  "add", "append", "apply", "approve", "assign", "attach", "authenticate", "authorize", "backfill", "ban", "bind", "block", "build", "bump", "cancel",
  "change", "charge", "checkout", "claim", "clean", "cleanup", "clear", "click", "close", "compact", "connect", "consume", "copy",
  "cp", "create", "decr", "decrement", "del", "delete", "deploy", "destroy", "detach", "disable", "disconnect", "dispatch", "dispose", "distribute",
  "drag", "drop", "dump", "emit", "enable", "enqueue", "ensure", "expire", "fill", "finish", "focus", "goto", "grant", "hover",
  "hset", "import", "incr", "increment", "init", "initialize", "insert", "install", "invalidate", "invite", "invoke", "kill", "link",
  "listen", "lpush", "login", "logout", "mark", "merge", "migrate", "mkdir", "modify", "mount", "move", "mutate", "mv",
  "navigate", "notify", "open", "pay", "persist", "pop", "post", "press", "process", "publish", "purge", "push", "put", "queue",
  "record", "refresh", "refund", "register", "reload", "remove", "rename", "replace", "reset", "restart", "restore", "revoke", "rm",
  "rpush", "sadd", "save", "schedule", "scroll", "seed", "send", "set", "setup", "shutdown", "signIn", "signOut",
  "signup", "start", "stop", "store", "submit", "subscribe", "sync", "tap", "teardown", "terminate", "toggle", "track", "transfer", "trigger",
  "truncate", "type", "unlink", "unmount", "unsubscribe", "update", "upload", "upsert", "visit", "zadd",
];

/**
 * Nouns of an actor that writes, as the last word of a name: `revisionCreator(...)`, `documentUpdater(...)`,
 * `teamPermanentDeleter(...)` (command modules named after what they do). Matched case-sensitively at a camelCase
 * boundary (`Creator` in `revisionCreator`) or as the whole name (`creator`).
 */
export const WRITE_NOUN_SUFFIXES: readonly string[] = [
  "Creator", "Updater", "Deleter", "Destroyer", "Remover", "Writer", "Saver", "Inserter", "Upserter", "Importer", "Provisioner",
  "Duplicator", "Mover", "Restorer", "Archiver", "Publisher", "Inviter", "Uploader", "Sender", "Syncer", "Seeder", "Migrator",
];

/**
 * Names of an argument, or of a property of an options argument, that hand a call a database transaction or session:
 * `findOne({ where, transaction })`, `save({ session })`, `query(sql, { transaction: ctx.transaction })`. Queries in
 * one transaction share one connection, so they run one after another whatever the code says, and their order is
 * part of what the transaction means (locks, reads of earlier writes). Matched case-insensitively against a name
 * anywhere in the call's arguments, outside nested functions: an identifier, a property name (`ctx.transaction`,
 * `{ transaction: t }`) or a property read on it (`transaction.LOCK.UPDATE`).
 */
export const TRANSACTION_ARGUMENT_NAMES: readonly string[] = ["transaction", "tx", "trx", "txn", "session", "transactionalEntityManager"];

/**
 * Calls whose callback runs in a transaction: every await inside `sequelize.transaction(async (t) => ...)`,
 * `prisma.$transaction(async (tx) => ...)`, `knex.transaction(async (trx) => ...)`, `dataSource.transaction(...)`,
 * `session.withTransaction(...)` is a statement of that transaction, ordered. Last name of the callee; camelCase
 * prefix match (`transactionAsync`).
 */
export const TRANSACTION_CALLBACK_NAMES: readonly string[] = ["transaction", "$transaction", "withTransaction", "runInTransaction", "inTransaction"];

/**
 * Receiver names that denote a session-like object (a transaction, a connection, a client): every call
 * under the same such root shares one receiver, so `tx.user.create()` and `tx.post.create()` stay ordered
 * like `tx.query()` twice. Matched against every name of the receiver chain (`this.session.users`), case-insensitively
 * and without a leading `_`/`#`; lang/receiver-sharing.ts decides.
 */
export const SESSION_RECEIVER_NAMES: readonly string[] = [
  "tx", "trx", "txn", "transaction", "t", "session", "conn", "connection", "client", "queryRunner", "manager", "em", "entityManager",
  "page", "frame", "browser", "context", "rl", "readline", "socket", "ws", "stream", "writer", "reader", "res", "response", "reply",
  "lock", "mutex", "semaphore", "channel", "ch", "sftp", "ftp", "ssh",
];

/**
 * Loops over chunks or batches throttle on purpose: `for (const chunk of chunkArray(ids, 500)) await query(chunk)`.
 * Matched against the iterated expression as written.
 */
export const BATCH_ITERABLE_PATTERN = /chunk|batch/i;

/**
 * Arguments whose name says they carry shared, mutable state through a sequence of steps (a request context, a
 * cursor, an accumulator). Calls that are handed one may communicate through it, so they keep their order:
 * `for (const node of plan) await executeNode(context, node)`. Matched against the argument's name or its last
 * property (`this.context`), case-insensitively.
 */
export const SHARED_STATE_ARGUMENT_NAMES: readonly string[] = [
  "context", "ctx", "state", "cursor", "acc", "accumulator", "memo", "session", "tx", "trx", "transaction", "txn",
];

/**
 * Type names (typed mode) of receivers whose calls are ordered: the type's symbol name, with `*` as a wildcard.
 * `await fh.read(...)` twice on a FileHandle reads consecutive positions; a Page clicks in order.
 */
export const ORDERED_RECEIVER_TYPES: readonly string[] = [
  "*Transaction", "Transaction*", "PoolClient", "*Connection", "Connection*", "*Session", "Session*", "EntityManager", "QueryRunner",
  "Page", "Frame", "Locator", "ElementHandle", "BrowserContext", "Interface", "Mutex", "Semaphore", "*Lock", "Writable", "WriteStream",
  "Duplex", "Socket", "FileHandle", "WebSocket", "ChildProcess",
];

/** HTTP calls whose options argument names the method: only GET and HEAD (the default) are reads. */
export interface HttpRequestApi {
  module: string;
  name: string;
  /** Index of the options argument holding `method`. */
  optionsArgument: number;
}

export const HTTP_REQUEST_APIS: HttpRequestApi[] = [
  { module: GLOBAL_MODULE, name: "fetch", optionsArgument: 1 },
  { module: "node-fetch", name: "*", optionsArgument: 1 },
  { module: "undici", name: "fetch", optionsArgument: 1 },
  { module: "undici", name: "request", optionsArgument: 1 },
];

export const READ_HTTP_METHODS: readonly string[] = ["GET", "HEAD", "OPTIONS"];

/**
 * Calls that already run their inputs concurrently: awaits inside their arguments are not serial,
 * and an `await Promise.all(...)` is never merged into a run.
 */
export const CONCURRENCY_COMBINATORS: { module: string; name: string }[] = [
  { module: GLOBAL_MODULE, name: "Promise.all" },
  { module: GLOBAL_MODULE, name: "Promise.allSettled" },
  { module: GLOBAL_MODULE, name: "Promise.race" },
  { module: GLOBAL_MODULE, name: "Promise.any" },
  { module: "p-map", name: "*" },
  { module: "p-all", name: "*" },
  { module: "p-limit", name: "*" },
  { module: "p-queue", name: "*" },
  { module: "bluebird", name: "all" },
  { module: "bluebird", name: "map" },
  { module: "bluebird", name: "props" },
  { module: "async", name: "*" },
];

/** Loggers whose calls between awaits do not split a run (the suggestion moves them next to it). */
export const LOGGING_RECEIVERS: readonly string[] = ["console", "logger", "log", "this.logger", "this.log"];
export const LOGGING_METHODS: readonly string[] = ["log", "info", "warn", "error", "debug", "trace"];
