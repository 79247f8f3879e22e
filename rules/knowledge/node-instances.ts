// Objects whose methods matter to rules, tracked by where they are created: a constructor or factory
// exported by a module, or a method of such an object that returns another one.
// The name resolver uses this to follow `const db = new Database(f); db.prepare(q).all()`.

/** Module name used for the global scope (`fetch`, `Atomics`, `XMLHttpRequest`). */
export const GLOBAL_MODULE = "globalThis";

export interface InstanceFactory {
  module: string;
  /** Export path of the constructor or factory; [] is the module itself (a default/CommonJS export). */
  path: string[];
  /** Instance type, named `<module>.<Type>` by convention. */
  type: string;
}

export interface InstanceMethodResult {
  type: string;
  member: string;
  returns: string;
}

export const NODE_INSTANCE_FACTORIES: InstanceFactory[] = [
  { module: "better-sqlite3", path: [], type: "better-sqlite3.Database" },
  { module: "better-sqlite3", path: ["Database"], type: "better-sqlite3.Database" },
  { module: GLOBAL_MODULE, path: ["XMLHttpRequest"], type: "XMLHttpRequest" },
  { module: "deasync", path: [], type: "deasync.SyncFunction" },
  // HTTP client instances: their calls take the same config as the module's, plus the instance's own.
  { module: "axios", path: ["create"], type: "axios.AxiosInstance" },
  { module: "axios", path: ["default", "create"], type: "axios.AxiosInstance" },
  { module: "got", path: ["extend"], type: "got.Got" },
  { module: "got", path: ["default", "extend"], type: "got.Got" },
];

export const NODE_INSTANCE_METHOD_RESULTS: InstanceMethodResult[] = [
  { type: "better-sqlite3.Database", member: "prepare", returns: "better-sqlite3.Statement" },
  // Statement setters return the statement itself, so chains like db.prepare(q).pluck().all() stay tracked.
  { type: "better-sqlite3.Statement", member: "pluck", returns: "better-sqlite3.Statement" },
  { type: "better-sqlite3.Statement", member: "expand", returns: "better-sqlite3.Statement" },
  { type: "better-sqlite3.Statement", member: "raw", returns: "better-sqlite3.Statement" },
  { type: "better-sqlite3.Statement", member: "columns", returns: "better-sqlite3.Columns" },
  { type: "better-sqlite3.Statement", member: "bind", returns: "better-sqlite3.Statement" },
  { type: "better-sqlite3.Statement", member: "safeIntegers", returns: "better-sqlite3.Statement" },
  { type: "got.Got", member: "extend", returns: "got.Got" },
];
