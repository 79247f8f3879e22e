// --shard i/n: disjoint parts that together are the whole run, split by path so adding files moves no other.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { filesOfShard, shardOf } from "../../cli/shard";
import { type JsonResult, runCli, tempDir, write } from "./helpers";

const BLOCKING = (name: string) => `import fs from "node:fs";\n\nexport async function ${name}(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n`;

function project(): string {
  const dir = tempDir();
  for (let i = 0; i < 12; i++) write(dir, `src/file${i}.ts`, i % 3 === 0 ? BLOCKING(`load${i}`) : `export const value${i} = ${i};\n`);
  // A call chain across files: the handler's finding needs the helper, whatever shard each falls in.
  write(dir, "src/handler.ts", 'import { readConfig } from "./helper";\n\nexport async function handle() {\n  return readConfig();\n}\n');
  write(dir, "src/helper.ts", 'import fs from "node:fs";\n\nexport function readConfig() {\n  return fs.readFileSync("c.json", "utf8");\n}\n');
  return dir;
}

const filesOf = (stdout: string) => (JSON.parse(stdout) as JsonResult[]).map((r) => r.filePath);

describe("--shard", { timeout: 120_000 }, () => {
  it("splits the files into disjoint shards whose union is the whole run, with the same findings", () => {
    const dir = project();
    const whole = runCli(["--format", "json"], dir);
    const wholeResults = JSON.parse(whole.stdout) as JsonResult[];
    const shards = [1, 2, 3].map((i) => runCli(["--format", "json", "--shard", `${i}/3`], dir));
    const parts = shards.map((run) => JSON.parse(run.stdout) as JsonResult[]);
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
    const union = parts.flat().sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
    expect(union).toEqual(wholeResults);
    expect(new Set(union.map((r) => r.filePath)).size).toBe(union.length);
    // Each shard's exit code is its own: 1 only where it has errors.
    for (const [i, run] of shards.entries()) expect(run.code).toBe(parts[i].some((r) => r.errorCount > 0) ? 1 : 0);
    expect(wholeResults.find((r) => r.filePath.endsWith("handler.ts"))!.errorCount).toBe(1);
  });

  it("keeps every file in its shard when files are added", () => {
    const dir = project();
    const before = filesOf(runCli(["--format", "json", "--shard", "2/3"], dir).stdout);
    for (let i = 0; i < 20; i++) write(dir, `added/new${i}.ts`, "export {};\n");
    const after = filesOf(runCli(["--format", "json", "--shard", "2/3"], dir).stdout);
    expect(after.filter((file) => !file.includes(`${path.sep}added${path.sep}`))).toEqual(before);
  });

  it("hashes the path relative to the working folder, the same on every machine", () => {
    expect(shardOf("/repo/src/a.ts", "/repo", 4)).toBe(shardOf("/elsewhere/src/a.ts", "/elsewhere", 4));
    // Fixed values: a change of the hash would reshuffle every CI matrix.
    expect(["src/a.ts", "src/b.ts", "lib/index.js", "test/x.py"].map((file) => shardOf(path.join("/r", file), "/r", 4))).toEqual([1, 4, 1, 4]);
    const files = Array.from({ length: 1000 }, (_, i) => `/r/src/f${i}.ts`);
    const sizes = [1, 2, 3, 4].map((index) => filesOfShard(files, "/r", { index, count: 4 }).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(1000);
    for (const size of sizes) expect(size).toBeGreaterThan(200);
  });

  it("rejects a malformed shard", () => {
    const dir = tempDir();
    for (const shard of ["0/3", "4/3", "1/0", "x", "1-3"]) {
      const run = runCli(["--shard", shard], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`async-lint: option '--shard <i/n>' argument '${shard}' is invalid. expected i/n with 1 ≤ i ≤ n, e.g. 2/4.\n`);
    }
  });
});
