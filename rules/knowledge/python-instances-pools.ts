// Objects of thread and process pools and of well-known synchronous network clients, tracked as in
// python-instances.ts (which spreads these tables into its own). Their blocking methods are in
// python-blocking-pools.ts. The asyncio twins (`redis.asyncio.Redis`, motor, aioboto3) are not these types.
// Typed where they are spread in (no import back: the knowledge modules form no cycle).

const EXECUTOR = "concurrent.futures.Executor";
const FUTURE = "concurrent.futures.Future";

export const PY_POOL_AND_CLIENT_FACTORIES = [
  // concurrent.futures
  ...["ThreadPoolExecutor", "ProcessPoolExecutor", "thread.ThreadPoolExecutor", "process.ProcessPoolExecutor"].map((c) => ({ callee: `concurrent.futures.${c}`, type: EXECUTOR })),
  // A future of another loop's (or thread's) work: `.result()` on it waits.
  { callee: "asyncio.run_coroutine_threadsafe", type: FUTURE },
  { callee: "asyncio.tasks.run_coroutine_threadsafe", type: FUTURE },
  // multiprocessing
  ...["multiprocessing.Pool", "multiprocessing.pool.Pool", "multiprocessing.pool.ThreadPool", "multiprocessing.dummy.Pool"].map((callee) => ({ callee, type: "multiprocessing.pool.Pool" })),
  { callee: "multiprocessing.Process", type: "multiprocessing.Process" },
  // Redis (synchronous redis-py; `redis.asyncio.*` are other names)
  ...["redis.Redis", "redis.StrictRedis", "redis.client.Redis", "redis.client.StrictRedis", "redis.from_url", "redis.Redis.from_url", "redis.StrictRedis.from_url", "redis.RedisCluster", "redis.cluster.RedisCluster"].map(
    (callee) => ({ callee, type: "redis.Redis" }),
  ),
  // MongoDB
  ...["pymongo.MongoClient", "pymongo.mongo_client.MongoClient"].map((callee) => ({ callee, type: "pymongo.MongoClient" })),
  // AWS
  { callee: "boto3.client", type: "boto3.Client" },
  { callee: "boto3.resource", type: "boto3.Resource" },
  { callee: "boto3.Session", type: "boto3.Session" },
  { callee: "boto3.session.Session", type: "boto3.Session" },
  // SMTP, FTP, SSH
  ...["smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"].map((callee) => ({ callee, type: "smtplib.SMTP" })),
  ...["ftplib.FTP", "ftplib.FTP_TLS"].map((callee) => ({ callee, type: "ftplib.FTP" })),
  { callee: "paramiko.SSHClient", type: "paramiko.SSHClient" },
  { callee: "paramiko.client.SSHClient", type: "paramiko.SSHClient" },
  { callee: "paramiko.SFTPClient.from_transport", type: "paramiko.SFTPClient" },
];

/** MongoClient attributes that are not databases (`client.mydb` is a database; `client.close` is not). */
const MONGO_CLIENT_MEMBERS = [
  ...["close", "server_info", "list_database_names", "list_databases", "drop_database", "get_database", "get_default_database"],
  ...["start_session", "watch", "address", "nodes", "options", "codec_options", "read_preference", "write_concern", "read_concern", "topology_description"],
];
/** Database attributes that are not collections. */
const MONGO_DATABASE_MEMBERS = [
  ...["command", "list_collection_names", "list_collections", "create_collection", "drop_collection", "get_collection", "validate_collection"],
  ...["aggregate", "watch", "name", "client", "with_options", "dereference", "cursor_command", "codec_options", "read_preference", "write_concern", "read_concern"],
];
/** boto3 resource classes (`s3.Bucket(name)`, `dynamodb.Table(name)`): made without a request. */
const BOTO3_RESOURCE_CLASSES = ["Bucket", "Object", "ObjectSummary", "Table", "Queue", "Topic", "Instance", "Volume", "Image", "User", "Role", "Policy", "Message"];

export const PY_POOL_AND_CLIENT_MEMBER_RESULTS = [
  { type: EXECUTOR, member: "submit", access: "call" as const, returns: FUTURE },
  ...["map_async", "apply_async", "starmap_async"].map((member) => ({ type: "multiprocessing.pool.Pool", member, access: "call" as const, returns: "multiprocessing.pool.AsyncResult" })),
  { type: "redis.Redis", member: "pipeline", access: "call" as const, returns: "redis.Pipeline" },
  { type: "pymongo.MongoClient", member: "*", except: MONGO_CLIENT_MEMBERS, access: "attribute" as const, returns: "pymongo.Database" },
  { type: "pymongo.MongoClient", member: "__getitem__", access: "call" as const, returns: "pymongo.Database" },
  { type: "pymongo.MongoClient", member: "get_database", access: "call" as const, returns: "pymongo.Database" },
  { type: "pymongo.MongoClient", member: "get_default_database", access: "call" as const, returns: "pymongo.Database" },
  { type: "pymongo.Database", member: "*", except: MONGO_DATABASE_MEMBERS, access: "attribute" as const, returns: "pymongo.Collection" },
  { type: "pymongo.Database", member: "__getitem__", access: "call" as const, returns: "pymongo.Collection" },
  { type: "pymongo.Database", member: "get_collection", access: "call" as const, returns: "pymongo.Collection" },
  { type: "boto3.Session", member: "client", access: "call" as const, returns: "boto3.Client" },
  { type: "boto3.Session", member: "resource", access: "call" as const, returns: "boto3.Resource" },
  ...BOTO3_RESOURCE_CLASSES.map((member) => ({ type: "boto3.Resource", member, access: "call" as const, returns: "boto3.ResourceObject" })),
  { type: "paramiko.SSHClient", member: "open_sftp", access: "call" as const, returns: "paramiko.SFTPClient" },
];

/** `with X(...) as x` binds the object itself. */
export const PY_POOL_AND_CLIENT_CONTEXT_MANAGERS = [EXECUTOR, "multiprocessing.pool.Pool", "redis.Redis", "redis.Pipeline", "pymongo.MongoClient", "smtplib.SMTP", "ftplib.FTP", "paramiko.SSHClient", "paramiko.SFTPClient"];

/** Classes an annotation may name. */
export const PY_POOL_AND_CLIENT_ANNOTATIONS: Readonly<Record<string, string>> = {
  "concurrent.futures.ThreadPoolExecutor": EXECUTOR,
  "concurrent.futures.ProcessPoolExecutor": EXECUTOR,
  "concurrent.futures.Executor": EXECUTOR,
  "concurrent.futures.Future": FUTURE,
  "multiprocessing.pool.Pool": "multiprocessing.pool.Pool",
  "redis.Redis": "redis.Redis",
  "redis.StrictRedis": "redis.Redis",
  "redis.client.Redis": "redis.Redis",
  "pymongo.MongoClient": "pymongo.MongoClient",
  "pymongo.collection.Collection": "pymongo.Collection",
  "pymongo.database.Database": "pymongo.Database",
  "smtplib.SMTP": "smtplib.SMTP",
  "smtplib.SMTP_SSL": "smtplib.SMTP",
  "ftplib.FTP": "ftplib.FTP",
  "paramiko.SSHClient": "paramiko.SSHClient",
  "paramiko.SFTPClient": "paramiko.SFTPClient",
};
