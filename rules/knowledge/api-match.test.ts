import { describe, expect, it } from "vitest";
import { calleeTextPattern, matchApi, nodeBlockingSpec, pathMatches, pythonBlockingSpec, qualifiedNameMatches } from "./api-match";

describe("API name patterns", () => {
  it("match export paths segment by segment, `*` within one name, a final `**` any trailing names", () => {
    expect(pathMatches("readFileSync", ["readFileSync"])).toBe(true);
    expect(pathMatches("*Sync", ["readFileSync"])).toBe(true);
    expect(pathMatches("*Sync", ["readFile"])).toBe(false);
    expect(pathMatches("crypto.subtle.*", ["crypto", "subtle", "digest"])).toBe(true);
    expect(pathMatches("crypto.subtle.*", ["crypto", "subtle", "a", "b"])).toBe(false);
    expect(pathMatches("**", [])).toBe(true);
    expect(pathMatches("**", ["a", "b"])).toBe(true);
    expect(pathMatches("", [])).toBe(true);
    expect(pathMatches("", ["a"])).toBe(false);
    expect(pathMatches("a.b", ["a"])).toBe(false);
    // Regular-expression characters in a pattern are literal.
    expect(pathMatches("a+*", ["a+b"])).toBe(true);
    expect(pathMatches("a+*", ["aab"])).toBe(false);
  });

  it("match Python qualified names with the same patterns", () => {
    expect(qualifiedNameMatches("os.spawn*", "os.spawnlp")).toBe(true);
    expect(qualifiedNameMatches("os.spawn*", "os.system")).toBe(false);
    expect(qualifiedNameMatches("aiofiles.os.*", "aiofiles.os.stat")).toBe(true);
    expect(qualifiedNameMatches("time.sleep", "time.sleep")).toBe(true);
  });

  it("find the table entry for a module export a TypeScript callee resolves to", () => {
    const table = [
      { module: "fs", name: "readFile" },
      { module: "axios", name: "**" },
    ];
    expect(matchApi(table, { kind: "module", module: "axios", path: ["get"] })).toBe(table[1]);
    expect(matchApi(table, { kind: "module", module: "fs", path: ["readFile"] })).toBe(table[0]);
    expect(matchApi(table, { kind: "module", module: "fs", path: ["writeFile"] })).toBeUndefined();
    expect(matchApi(table, { kind: "instance", type: "fs" })).toBeUndefined();
    expect(matchApi(table, undefined)).toBeUndefined();
  });

  it("turn a custom blocking API option into a table entry of either language", () => {
    const custom = { module: "node:my-db", name: "*Sync", replacement: "queryAsync" };
    expect(nodeBlockingSpec(custom)).toEqual({ module: "my-db", name: "*Sync", reason: "runs synchronously", replacement: "`queryAsync`" });
    expect(pythonBlockingSpec({ module: "mydb", name: "query*", reason: "waits on the database", replacement: "`await q()`" })).toEqual({
      callee: "mydb.query*",
      reason: "waits on the database",
      replacement: "`await q()`",
    });
    // A family pattern in a Python option matches as it does in TypeScript.
    expect(qualifiedNameMatches(pythonBlockingSpec({ module: "mydb", name: "*_sync", replacement: "x" }).callee!, "mydb.fetch_sync")).toBe(true);
  });
});

describe("callee text patterns", () => {
  it("keep `*` within one name of the callee as written", () => {
    const pattern = calleeTextPattern("analytics.*");
    expect(pattern.test("analytics.track")).toBe(true);
    expect(pattern.test("analytics.queue.push")).toBe(false);
    expect(pattern.test("analyticsX.track")).toBe(false);
    expect(calleeTextPattern("log*").test("logger")).toBe(true);
  });
});
