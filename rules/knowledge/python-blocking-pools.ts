// Blocking calls of thread and process pools (waiting for their work) and of well-known synchronous network
// clients (Redis, MongoDB, AWS, SMTP, FTP, SSH). None of the peers (Ruff, flake8-async) knows them; real asyncio
// applications make them. Spread into PY_BLOCKING_CALLS (python-blocking.ts); the object types come from
// python-instances-pools.ts. Their asyncio twins (`redis.asyncio`, `motor`, `aioboto3`, `aiosmtplib`,
// `asyncssh`) are other types and stay silent.
// Typed where they are spread in (no import back: the knowledge modules form no cycle).

const POOL_WAIT = "waits for work running in a pool";
const POOL_INSTEAD = "`await asyncio.wrap_future(future)`, `await loop.run_in_executor(executor, ...)` or `await asyncio.to_thread(...)`";
const TIMEOUT_ZERO = /^0(\.0*)?$/;
/** An argument left out: `argumentAt(...)` is absent, and `matchBlockingCall` tests "\0". */
const ABSENT_OR_EMPTY = /^(\0|""|'')$/;

const REDIS = "waits for the Redis server";
const REDIS_INSTEAD = "`redis.asyncio.Redis` (await its methods)";
const REDIS_COMMANDS = [
  ...["get", "set", "setex", "setnx", "getset", "getdel", "mget", "mset", "append", "incr", "incrby", "decr", "decrby", "delete", "unlink", "exists"],
  ...["expire", "expireat", "pexpire", "ttl", "pttl", "persist", "keys", "scan", "type", "rename"],
  ...["hget", "hset", "hsetnx", "hmget", "hmset", "hgetall", "hdel", "hexists", "hincrby", "hkeys", "hvals", "hlen"],
  ...["lpush", "rpush", "lpop", "rpop", "blpop", "brpop", "lrange", "llen", "lrem", "ltrim", "lindex"],
  ...["sadd", "srem", "smembers", "sismember", "scard", "spop"],
  ...["zadd", "zrem", "zrange", "zrevrange", "zrangebyscore", "zscore", "zincrby", "zcard", "zrank"],
  ...["publish", "ping", "info", "flushdb", "flushall", "eval", "evalsha", "execute_command", "xadd", "xread", "xreadgroup"],
];

const MONGO = "waits for the MongoDB server";
const MONGO_INSTEAD = "`motor` (`AsyncIOMotorClient`) or pymongo's `AsyncMongoClient`";
/** Collection methods that talk to the server (`find` returns a cursor that does when iterated). */
const MONGO_COLLECTION_CALLS = [
  ...["find", "find_one", "insert_one", "insert_many", "update_one", "update_many", "replace_one", "delete_one", "delete_many"],
  ...["count_documents", "estimated_document_count", "aggregate", "distinct", "bulk_write", "find_one_and_update", "find_one_and_replace", "find_one_and_delete"],
  ...["create_index", "create_indexes", "drop_index", "drop_indexes", "index_information", "list_indexes", "drop", "rename"],
];

const AWS = "waits for the AWS API over HTTP";
const AWS_INSTEAD = "`aioboto3` / `aiobotocore`, or `await asyncio.to_thread(...)`";

const SMTP = "talks to the mail server synchronously";
const SMTP_INSTEAD = "`aiosmtplib`, or `await asyncio.to_thread(...)`";
const FTP = "talks to the FTP server synchronously";
const FTP_INSTEAD = "`aioftp`, or `await asyncio.to_thread(...)`";
const SSH = "talks to the SSH server synchronously";
const SSH_INSTEAD = "`asyncssh`, or `await asyncio.to_thread(...)`";

export const PY_POOL_AND_CLIENT_CALLS = [
  // concurrent.futures: waiting for a future on the loop's thread (a future of `run_coroutine_threadsafe` on the
  // same loop never completes while the loop waits: a deadlock).
  ...["result", "exception"].map((member) => ({
    type: "concurrent.futures.Future",
    member,
    reason: "waits for the future's work to finish",
    replacement: "`await asyncio.wrap_future(future)`",
    toThread: false,
    nonBlockingWhen: [{ position: 0, keyword: "timeout", matches: TIMEOUT_ZERO }],
  })),
  {
    callee: "concurrent.futures.wait",
    reason: POOL_WAIT,
    replacement: "`await asyncio.wait([asyncio.wrap_future(f) for f in futures])`",
    nonBlockingWhen: [{ position: 1, keyword: "timeout", matches: TIMEOUT_ZERO }],
  },
  // These two return iterators that wait as they are iterated: moving the call to a thread would not help.
  {
    callee: "concurrent.futures.as_completed",
    reason: "waits for work running in a pool as it is iterated",
    replacement: "`asyncio.as_completed` over `asyncio.wrap_future(f)`",
    toThread: false,
  },
  { type: "concurrent.futures.Executor", member: "map", reason: "waits for the pool's results as they are iterated", replacement: POOL_INSTEAD, toThread: false },
  {
    type: "concurrent.futures.Executor",
    member: "shutdown",
    reason: "waits for the pool's pending work and joins its threads",
    replacement: "`executor.shutdown(wait=False)`, or `await asyncio.to_thread(executor.shutdown)`",
    nonBlockingWhen: [{ position: 0, keyword: "wait", matches: /^(False|0)$/ }],
  },
  // multiprocessing
  ...["map", "starmap", "apply", "imap", "imap_unordered", "join"].map((member) => ({
    type: "multiprocessing.pool.Pool",
    member,
    toThread: !member.startsWith("imap"),
    reason: POOL_WAIT,
    replacement: "`concurrent.futures.ProcessPoolExecutor` with `await loop.run_in_executor(executor, ...)`",
  })),
  ...["get", "wait"].map((member) => ({
    type: "multiprocessing.pool.AsyncResult",
    member,
    reason: POOL_WAIT,
    replacement: "`await loop.run_in_executor(executor, ...)` with a `ProcessPoolExecutor`",
    nonBlockingWhen: [{ position: 0, keyword: "timeout", matches: TIMEOUT_ZERO }],
  })),
  {
    type: "multiprocessing.Process",
    member: "join",
    reason: "waits for the process to exit",
    replacement: "`await asyncio.to_thread(process.join)`",
    nonBlockingWhen: [{ position: 0, keyword: "timeout", matches: TIMEOUT_ZERO }],
  },
  // Redis (redis-py's synchronous client)
  ...REDIS_COMMANDS.map((member) => ({ type: "redis.Redis", member, reason: REDIS, replacement: REDIS_INSTEAD })),
  { type: "redis.Pipeline", member: "execute", reason: REDIS, replacement: REDIS_INSTEAD },
  // MongoDB (pymongo)
  // `find` returns a cursor that queries as it is iterated.
  ...MONGO_COLLECTION_CALLS.map((member) => ({ type: "pymongo.Collection", member, reason: MONGO, replacement: MONGO_INSTEAD, toThread: member !== "find" })),
  ...["command", "list_collection_names", "create_collection", "drop_collection"].map((member) => ({ type: "pymongo.Database", member, reason: MONGO, replacement: MONGO_INSTEAD })),
  ...["server_info", "list_database_names", "drop_database"].map((member) => ({ type: "pymongo.MongoClient", member, reason: MONGO, replacement: MONGO_INSTEAD })),
  // AWS (boto3): every method of a client is an API request, but for these local helpers.
  {
    type: "boto3.Client",
    member: "*",
    notMembers: ["get_paginator", "get_waiter", "can_paginate", "generate_presigned_url", "generate_presigned_post", "close", "meta", "exceptions"],
    reason: AWS,
    replacement: AWS_INSTEAD,
  },
  ...[
    ...["get", "put", "delete", "load", "reload", "upload_file", "download_file", "upload_fileobj", "download_fileobj", "copy", "copy_from"],
    ...["put_item", "get_item", "update_item", "delete_item", "query", "scan", "send_message", "receive_messages"],
  ].map((member) => ({ type: "boto3.ResourceObject", member, reason: AWS, replacement: AWS_INSTEAD })),
  // SMTP, FTP, SSH: their constructors connect when given a host.
  ...["smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"].map((callee) => ({
    callee,
    reason: "connects to the mail server synchronously",
    replacement: SMTP_INSTEAD,
    nonBlockingWhen: [{ position: 0, keyword: "host", matches: ABSENT_OR_EMPTY }],
  })),
  ...["connect", "login", "starttls", "ehlo", "helo", "sendmail", "send_message", "quit", "noop", "verify"].map((member) => ({ type: "smtplib.SMTP", member, reason: SMTP, replacement: SMTP_INSTEAD })),
  ...["ftplib.FTP", "ftplib.FTP_TLS"].map((callee) => ({
    callee,
    reason: "connects to the FTP server synchronously",
    replacement: FTP_INSTEAD,
    nonBlockingWhen: [{ position: 0, keyword: "host", matches: ABSENT_OR_EMPTY }],
  })),
  ...[
    ...["connect", "login", "cwd", "pwd", "nlst", "dir", "mlsd", "retrbinary", "retrlines", "storbinary", "storlines"],
    ...["delete", "rename", "mkd", "rmd", "size", "sendcmd", "voidcmd", "quit"],
  ].map((member) => ({ type: "ftplib.FTP", member, reason: FTP, replacement: FTP_INSTEAD })),
  ...["connect", "exec_command", "open_sftp", "invoke_shell"].map((member) => ({ type: "paramiko.SSHClient", member, reason: SSH, replacement: SSH_INSTEAD })),
  ...["get", "put", "getfo", "putfo", "listdir", "listdir_attr", "stat", "lstat", "remove", "unlink", "rename", "mkdir", "rmdir", "open", "chmod"].map((member) => ({
    type: "paramiko.SFTPClient",
    member,
    reason: SSH,
    replacement: SSH_INSTEAD,
  })),
];
