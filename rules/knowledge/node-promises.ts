// Promise-returning and I/O-performing APIs, and the limiters that bound concurrency.
// Read by no-unawaited-call and require-concurrency-limit; the rules hold no API names.
//
// An API is named by the module that exports it (`GLOBAL_MODULE` for globals, no `node:` prefix) and its
// export path, dotted. In a path, `*` matches any one name (or part of one: `resolve*`), and a final `**`
// matches any number of trailing names, including none (`**` alone is the module itself and all it holds).

import { GLOBAL_MODULE } from "./node-instances";

export interface ApiPattern {
  module: string;
  name: string;
}

/** An object made by a constructor or factory a module exports, named `<module>.<Type>` by convention. */
export interface TrackedFactory {
  module: string;
  /** Export path of the constructor or factory; `""` is the module itself (a default or CommonJS export). */
  name: string;
  type: string;
}

/** A method of a tracked object that returns another tracked object (`client.db(name)` → a mongodb Db). */
export interface TrackedMethodResult {
  type: string;
  member: string;
  returns: string;
}

/** Members of a tracked object; `name` is a path pattern relative to the object (`query`, `*`, `**`). `""` is a call of the object itself. */
export interface TrackedMember {
  type: string;
  name: string;
}

/** A class or interface declared by a package, recognised in typed mode from the declared type of a receiver. */
export interface DeclaredType {
  module: string;
  typeName: string;
  type: string;
}

const FS_PROMISE_FUNCTIONS = [
  "access", "appendFile", "chmod", "chown", "copyFile", "cp", "lchmod", "lchown", "link", "lstat", "lutimes", "mkdir", "mkdtemp", "open",
  "opendir", "readdir", "readFile", "readlink", "realpath", "rename", "rm", "rmdir", "stat", "statfs", "symlink", "truncate", "unlink",
  "utimes", "writeFile",
];
// Not here: `watch` and `glob` return async iterators, `constants` is not a function.

const DNS_PROMISE_FUNCTIONS = ["lookup", "lookupService", "resolve", "resolve*", "reverse"];
// Not here: `getServers`, `setServers`, `setDefaultResultOrder` are synchronous.

const AXIOS_REQUEST_METHODS = ["request", "get", "delete", "head", "options", "post", "put", "patch", "postForm", "putForm", "patchForm"];
/** ky's and got's (not `got.stream`, `got.paginate`, `got.extend`). */
const KY_REQUEST_METHODS = ["get", "post", "put", "patch", "head", "delete"];

/**
 * Calls that return a promise, for syntax mode (typed mode reads the return type instead).
 * Only APIs whose result is always a promise: not `fs.promises.watch` (an async iterator), not `readline/promises.createInterface`.
 */
export const PROMISE_RETURNING_CALLS: ApiPattern[] = [
  ...FS_PROMISE_FUNCTIONS.map((name) => ({ module: "fs/promises", name })),
  ...FS_PROMISE_FUNCTIONS.map((name) => ({ module: "fs", name: `promises.${name}` })),
  ...DNS_PROMISE_FUNCTIONS.map((name) => ({ module: "dns/promises", name })),
  ...DNS_PROMISE_FUNCTIONS.map((name) => ({ module: "dns", name: `promises.${name}` })),
  { module: "timers/promises", name: "setTimeout" },
  { module: "timers/promises", name: "setImmediate" },
  { module: "timers", name: "promises.setTimeout" },
  { module: "timers", name: "promises.setImmediate" },
  { module: "stream/promises", name: "pipeline" },
  { module: "stream/promises", name: "finished" },
  { module: "stream", name: "promises.pipeline" },
  { module: "stream", name: "promises.finished" },
  { module: "events", name: "once" },
  { module: "events", name: "EventEmitter.once" },
  { module: GLOBAL_MODULE, name: "fetch" },
  { module: GLOBAL_MODULE, name: "crypto.subtle.*" },
  { module: "crypto", name: "subtle.*" },
  { module: "crypto", name: "webcrypto.subtle.*" },
  // A dropped combinator is a dropped promise; `Promise.resolve(x)` alone is harmless and not listed.
  { module: GLOBAL_MODULE, name: "Promise.all" },
  { module: GLOBAL_MODULE, name: "Promise.allSettled" },
  { module: GLOBAL_MODULE, name: "Promise.any" },
  { module: GLOBAL_MODULE, name: "Promise.race" },
  { module: GLOBAL_MODULE, name: "Promise.reject" },
  // HTTP clients whose request functions always return a promise (not their `create`/`extend`, `isAxiosError`,
  // `got.stream`...): the function itself, its default export, and its request methods.
  ...["axios", "ky", "got", "node-fetch", "cross-fetch"].flatMap((module) => ["", "default"].map((name) => ({ module, name }))),
  ...AXIOS_REQUEST_METHODS.flatMap((method) => [`${method}`, `default.${method}`].map((name) => ({ module: "axios", name }))),
  ...KY_REQUEST_METHODS.flatMap((method) => [`${method}`, `default.${method}`].flatMap((name) => ["ky", "got"].map((module) => ({ module, name })))),
];

/**
 * Calls whose promise the library itself waits for: the test runner collects `test(...)`, so a statement
 * `test("x", async () => {...})` is how it is meant to be used, not a dropped promise.
 */
export const SELF_OBSERVED_PROMISE_CALLS: ApiPattern[] = [
  { module: "test", name: "**" },
];

/** Functions that perform network, file or database I/O (require-concurrency-limit). */
export const IO_CALLS: ApiPattern[] = [
  { module: GLOBAL_MODULE, name: "fetch" },
  ...FS_PROMISE_FUNCTIONS.map((name) => ({ module: "fs/promises", name })),
  ...FS_PROMISE_FUNCTIONS.map((name) => ({ module: "fs", name: `promises.${name}` })),
  ...DNS_PROMISE_FUNCTIONS.map((name) => ({ module: "dns/promises", name })),
  ...DNS_PROMISE_FUNCTIONS.map((name) => ({ module: "dns", name: `promises.${name}` })),
  // Callback APIs: usually wrapped in `new Promise(...)` inside the mapper, which the rule looks through.
  { module: "http", name: "request" },
  { module: "http", name: "get" },
  { module: "https", name: "request" },
  { module: "https", name: "get" },
  { module: "http2", name: "connect" },
  { module: "fs", name: "readFile" },
  { module: "fs", name: "writeFile" },
  { module: "fs", name: "stat" },
  { module: "child_process", name: "exec" },
  { module: "child_process", name: "execFile" },
  { module: "child_process", name: "spawn" },
  { module: "axios", name: "**" },
  { module: "got", name: "**" },
  { module: "node-fetch", name: "**" },
  { module: "cross-fetch", name: "**" },
  { module: "ky", name: "**" },
  { module: "superagent", name: "**" },
  { module: "undici", name: "fetch" },
  { module: "undici", name: "request" },
  { module: "undici", name: "stream" },
  { module: "ofetch", name: "**" },
  { module: "mongoose", name: "connect" },
];

/** Objects whose methods perform I/O, by where they are created. */
export const IO_FACTORIES: TrackedFactory[] = [
  { module: "axios", name: "create", type: "axios.Instance" },
  { module: "got", name: "extend", type: "got.Instance" },
  { module: "ky", name: "create", type: "ky.Instance" },
  { module: "ky", name: "extend", type: "ky.Instance" },
  { module: "undici", name: "Pool", type: "undici.Dispatcher" },
  { module: "undici", name: "Client", type: "undici.Dispatcher" },
  { module: "undici", name: "Agent", type: "undici.Dispatcher" },
  { module: "pg", name: "Pool", type: "pg.Queryable" },
  { module: "pg", name: "Client", type: "pg.Queryable" },
  { module: "pg", name: "default.Pool", type: "pg.Queryable" },
  { module: "pg", name: "default.Client", type: "pg.Queryable" },
  { module: "mysql2/promise", name: "createPool", type: "mysql2.Queryable" },
  { module: "mysql2/promise", name: "createConnection", type: "mysql2.Queryable" },
  { module: "mysql2/promise", name: "default.createPool", type: "mysql2.Queryable" },
  { module: "mysql2/promise", name: "default.createConnection", type: "mysql2.Queryable" },
  { module: "postgres", name: "", type: "postgres.Sql" },
  { module: "mongodb", name: "MongoClient", type: "mongodb.MongoClient" },
  { module: "mongoose", name: "model", type: "mongoose.Model" },
  { module: "ioredis", name: "", type: "redis.Client" },
  { module: "ioredis", name: "Redis", type: "redis.Client" },
  { module: "ioredis", name: "default", type: "redis.Client" },
  { module: "redis", name: "createClient", type: "redis.Client" },
  { module: "@prisma/client", name: "PrismaClient", type: "prisma.Client" },
  { module: "knex", name: "", type: "knex.Knex" },
  { module: "knex", name: "knex", type: "knex.Knex" },
  { module: "knex", name: "default", type: "knex.Knex" },
  { module: "@aws-sdk/client-s3", name: "S3Client", type: "aws.Client" },
  { module: "@aws-sdk/client-s3", name: "S3", type: "aws.AggregatedClient" },
  { module: "@aws-sdk/client-dynamodb", name: "DynamoDBClient", type: "aws.Client" },
  { module: "@aws-sdk/lib-dynamodb", name: "DynamoDBDocumentClient.from", type: "aws.Client" },
  { module: "@aws-sdk/client-sqs", name: "SQSClient", type: "aws.Client" },
  { module: "@aws-sdk/client-sns", name: "SNSClient", type: "aws.Client" },
  { module: "@aws-sdk/client-lambda", name: "LambdaClient", type: "aws.Client" },
  { module: "@aws-sdk/client-secrets-manager", name: "SecretsManagerClient", type: "aws.Client" },
  { module: "@aws-sdk/client-ses", name: "SESClient", type: "aws.Client" },
  { module: "@aws-sdk/client-sesv2", name: "SESv2Client", type: "aws.Client" },
];

export const IO_METHOD_RESULTS: TrackedMethodResult[] = [
  { type: "mongodb.MongoClient", member: "db", returns: "mongodb.Db" },
  { type: "mongodb.Db", member: "collection", returns: "mongodb.Collection" },
];

/** Members of tracked objects whose calls perform I/O. */
export const IO_MEMBERS: TrackedMember[] = [
  { type: "axios.Instance", name: "**" },
  { type: "got.Instance", name: "**" },
  { type: "ky.Instance", name: "**" },
  { type: "undici.Dispatcher", name: "request" },
  { type: "undici.Dispatcher", name: "stream" },
  { type: "pg.Queryable", name: "query" },
  { type: "pg.Queryable", name: "connect" },
  { type: "mysql2.Queryable", name: "query" },
  { type: "mysql2.Queryable", name: "execute" },
  { type: "mysql2.Queryable", name: "getConnection" },
  // postgres.js: sql`...` is a tagged template; `sql.unsafe(...)` and `sql.begin(...)` are calls.
  { type: "postgres.Sql", name: "unsafe" },
  { type: "postgres.Sql", name: "begin" },
  { type: "mongodb.MongoClient", name: "connect" },
  { type: "mongodb.Collection", name: "*" },
  { type: "mongoose.Model", name: "*" },
  { type: "redis.Client", name: "*" },
  { type: "prisma.Client", name: "*.*" },
  { type: "prisma.Client", name: "$queryRaw*" },
  { type: "prisma.Client", name: "$executeRaw*" },
  { type: "prisma.Client", name: "$transaction" },
  { type: "knex.Knex", name: "" },
  { type: "knex.Knex", name: "raw" },
  { type: "aws.Client", name: "send" },
  { type: "aws.AggregatedClient", name: "*" },
];

/** Typed mode: a receiver whose declared type is one of these is a tracked object, however it was obtained. */
export const IO_DECLARED_TYPES: DeclaredType[] = [
  { module: "pg", typeName: "Pool", type: "pg.Queryable" },
  { module: "pg", typeName: "Client", type: "pg.Queryable" },
  { module: "pg", typeName: "PoolClient", type: "pg.Queryable" },
  { module: "mysql2", typeName: "Pool", type: "mysql2.Queryable" },
  { module: "mysql2", typeName: "Connection", type: "mysql2.Queryable" },
  { module: "mysql2", typeName: "PoolConnection", type: "mysql2.Queryable" },
  { module: "mongodb", typeName: "Collection", type: "mongodb.Collection" },
  { module: "mongodb", typeName: "MongoClient", type: "mongodb.MongoClient" },
  { module: "ioredis", typeName: "Redis", type: "redis.Client" },
  { module: "axios", typeName: "AxiosInstance", type: "axios.Instance" },
  { module: "axios", typeName: "AxiosStatic", type: "axios.Instance" },
  { module: "undici", typeName: "Dispatcher", type: "undici.Dispatcher" },
  { module: "@prisma/client", typeName: "PrismaClient", type: "prisma.Client" },
];

/** Limiter objects: calls through them run at bounded concurrency. */
export const LIMITER_FACTORIES: TrackedFactory[] = [
  { module: "p-limit", name: "", type: "p-limit.Limit" },
  { module: "p-limit", name: "default", type: "p-limit.Limit" },
  { module: "p-limit", name: "limitFunction", type: "p-limit.LimitedFunction" },
  { module: "p-queue", name: "", type: "p-queue.PQueue" },
  { module: "p-queue", name: "default", type: "p-queue.PQueue" },
  { module: "bottleneck", name: "", type: "bottleneck.Bottleneck" },
  { module: "bottleneck", name: "default", type: "bottleneck.Bottleneck" },
  { module: "async-sema", name: "Sema", type: "async-sema.Sema" },
  { module: "async-sema", name: "RateLimit", type: "async-sema.RateLimit" },
  { module: "async-mutex", name: "Semaphore", type: "async-mutex.Semaphore" },
  { module: "async-mutex", name: "Mutex", type: "async-mutex.Semaphore" },
  { module: "limiter", name: "RateLimiter", type: "limiter.RateLimiter" },
];

export const LIMITER_METHOD_RESULTS: TrackedMethodResult[] = [
  { type: "bottleneck.Bottleneck", member: "wrap", returns: "bottleneck.Wrapped" },
];

/** Calls that go through a limiter: the work inside them (or after them, for `acquire`) is bounded. */
export const LIMITER_MEMBERS: TrackedMember[] = [
  { type: "p-limit.Limit", name: "" },
  { type: "p-limit.LimitedFunction", name: "" },
  { type: "p-queue.PQueue", name: "add" },
  { type: "p-queue.PQueue", name: "addAll" },
  { type: "bottleneck.Bottleneck", name: "schedule" },
  { type: "bottleneck.Bottleneck", name: "submit" },
  { type: "bottleneck.Wrapped", name: "" },
  { type: "async-sema.Sema", name: "acquire" },
  { type: "async-sema.RateLimit", name: "" },
  { type: "async-mutex.Semaphore", name: "acquire" },
  { type: "async-mutex.Semaphore", name: "runExclusive" },
  { type: "async-mutex.Semaphore", name: "waitForUnlock" },
  { type: "limiter.RateLimiter", name: "removeTokens" },
];

/**
 * Names that mark a call as going through a limiter when its origin cannot be resolved (a limiter passed
 * in as a parameter or made in another file). Erring towards "limited" only costs a missed finding; the
 * rule prefers that to a false one. Not `pool`: a database pool queues every query it is given, so the
 * pool's own callers still pile up unbounded.
 */
export const LIMITER_NAMES = {
  /** A called function: `limit(() => ...)`, `throttled(url)`. */
  functions: [
    /^(p?limit|limiter|throttle|throttled|sema|semaphore)$/i,
    /(Limiter|Limited|Throttled)$/,
    /^(limited|throttled)[A-Z]/,
    // `requestLimit(...)`, `concurrencyLimit(...)`, but not a verb acting on a limit: `applyLimit(query)`, `setLimit(n)`.
    /^(?!(apply|set|get|check|compute|calc|calculate|parse|validate|has|is|update|reset|with|to|read|fetch|load|enforce|increase|decrease)[A-Z])[a-z]\w*Limit$/,
  ],
  /** A method, whatever its receiver: `sem.acquire()`. */
  methods: [/^(acquire|runExclusive|removeTokens|waitForUnlock)$/],
  /** A method of a receiver named like a limiter: `queue.add(() => ...)`, `this.limiter.schedule(...)`. */
  receivers: [/(limit|limiter|queue|sema|semaphore|mutex|bottleneck|throttle|throttler)$/i],
  receiverMethods: [/^(add|addAll|schedule|submit|wrap|run|push)$/],
};

/** Functions that map over a collection with a concurrency option; without it they start everything at once. */
export interface ConcurrencyOptionFunction extends ApiPattern {
  collectionArgument: number;
  mapperArgument: number;
  optionsArgument: number;
  option: string;
}

export const CONCURRENCY_OPTION_FUNCTIONS: ConcurrencyOptionFunction[] = [
  { module: "p-map", name: "", collectionArgument: 0, mapperArgument: 1, optionsArgument: 2, option: "concurrency" },
  { module: "p-map", name: "default", collectionArgument: 0, mapperArgument: 1, optionsArgument: 2, option: "concurrency" },
  { module: "bluebird", name: "map", collectionArgument: 0, mapperArgument: 1, optionsArgument: 2, option: "concurrency" },
];

/** Combinators that start every promise of their argument together. */
export const FAN_OUT_COMBINATORS: ApiPattern[] = [
  { module: GLOBAL_MODULE, name: "Promise.all" },
  { module: GLOBAL_MODULE, name: "Promise.allSettled" },
  { module: GLOBAL_MODULE, name: "Promise.any" },
];

/**
 * A collection named like one slice of a bigger one (`chunk`, `batch`, `currentPage`) is already bounded by the
 * code that cut it: `for (const batch of chunks(ids, 20)) await Promise.all(batch.map(load))` is the chunking remedy.
 * Singular names only: `batches` or `pages` may be any number of them.
 */
export const CHUNK_NAMES: RegExp[] = [/^(chunk|batch|slice|window|page)$/i, /(Chunk|Batch|Slice|Window|Page)$/];

/**
 * Functions that cut a collection into slices (lodash's `chunk`, `chunks`, `chunkArray`, `batch`, `inBatches`,
 * `splitIntoChunks`, `toBatches`): a loop over their result handles one bounded slice per iteration.
 */
export const CHUNKING_FUNCTION_NAMES: RegExp[] = [/^(chunks?|batch(es)?|batched)$/i, /(Chunks?|Batch(es)?|Batched)$/, /^(chunk|batch)[A-Z]/];

/**
 * Names of awaited calls the rule cannot see into (a model's method, a package's client) that read as I/O: the
 * evidence that an async helper waits on I/O when its body shows nothing the tables know. Matched at the start of
 * the function or method name (`findByPk`, `deleteFile`, `sequelize.transaction`); `toJSON`, `toMarkdown`,
 * `presentX` and other in-memory work do not match.
 */
export const IO_CALL_NAMES: RegExp =
  /^(find|count|query|fetch|get|save|create|update|upsert|insert|delete|destroy|remove|del|send|request|post|put|patch|upload|download|read|write|load|transaction|exec|execute|connect|publish|reload|increment|decrement|bulk|call|invoke|rotate|refresh|store|list|scan|search|lookup|resolve|sync)(?![a-z])/;
