// Bulk suppressions end to end: --suppress-all on an existing code base, then only new findings fail the run.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { read, runCli, tempDir, write } from "./helpers";

const READS = (names: string[]) =>
  `import * as fs from "node:fs";\n\n${names.map((name) => `export async function ${name}(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n`).join("\n")}`;
const EXEC = `import { execSync } from "node:child_process";\n\nexport async function rev() {\n  return execSync("git rev-parse HEAD").toString();\n}\n`;
const SLEEP = `import time\n\n\nasync def poll():\n    time.sleep(1)\n`;

function project(): string {
  const dir = tempDir();
  write(dir, "src/a.ts", READS(["one", "two"]));
  write(dir, "src/b.ts", EXEC);
  write(dir, "jobs/poll.py", SLEEP);
  return dir;
}

const RECORDED = {
  "jobs/poll.py": { "no-blocking-call": { count: 1 } },
  "src/a.ts": { "no-blocking-call": { count: 2 } },
  "src/b.ts": { "no-blocking-call": { count: 1 } },
};

describe("bulk suppressions", () => {
  it("--suppress-all records today's findings; the next run reports nothing and exits 0", () => {
    const dir = project();
    expect(runCli([], dir).code).toBe(1);
    expect(runCli(["--suppress-all"], dir)).toEqual({ code: 0, stdout: "", stderr: "async-lint: async-lint-suppressions.json: 4 findings suppressed in 3 files\n" });
    expect(JSON.parse(read(dir, "async-lint-suppressions.json"))).toEqual(RECORDED);
    expect(runCli([], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a file that gains a finding of a recorded rule fails, with all of that rule's findings in it; others stay quiet", () => {
    const dir = project();
    runCli(["--suppress-all"], dir);
    write(dir, "src/a.ts", READS(["one", "two", "three"]));
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; ruleId: string }[] }[];
    const found = report.flatMap((file) => file.messages.map((m) => `${file.filePath.slice(dir.length + 1)}:${m.line} ${m.ruleId}`));
    expect(found).toEqual(["src/a.ts:4 no-blocking-call", "src/a.ts:8 no-blocking-call", "src/a.ts:12 no-blocking-call"]);
  });

  it("a fixed finding leaves a count to prune: exit 2 until --prune-suppressions lowers it (or --pass-on-unpruned-suppressions)", () => {
    const dir = project();
    runCli(["--suppress-all"], dir);
    write(dir, "src/a.ts", READS(["one"]));
    fs.rmSync(`${dir}/src/b.ts`);
    const stale = runCli([], dir);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toBe(
      "async-lint: async-lint-suppressions.json records more findings than there are now for 1 file and rule pair: run with --prune-suppressions to lower the counts (so that new findings there are caught), or pass --pass-on-unpruned-suppressions\n",
    );
    expect(runCli(["--pass-on-unpruned-suppressions"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(runCli(["--prune-suppressions"], dir)).toEqual({ code: 0, stdout: "", stderr: "async-lint: async-lint-suppressions.json: 2 findings suppressed in 2 files\n" });
    expect(JSON.parse(read(dir, "async-lint-suppressions.json"))).toEqual({ "jobs/poll.py": RECORDED["jobs/poll.py"], "src/a.ts": { "no-blocking-call": { count: 1 } } });
    expect(runCli([], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    // The pruned count catches the next one at once.
    write(dir, "src/a.ts", READS(["one", "two"]));
    expect(runCli([], dir).code).toBe(1);
  });

  it("--suppress-rule records only the named rules", () => {
    const dir = project();
    write(dir, "src/c.ts", `export async function load(urls: string[]) {\n  for (const url of urls) await fetch(url);\n}\n`);
    const run = runCli(["--suppress-rule", "require-timeout", "--format", "json"], dir, { allRules: true });
    expect(JSON.parse(read(dir, "async-lint-suppressions.json"))).toEqual({ "src/c.ts": { "require-timeout": { count: 1 } } });
    const rules = new Set((JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((m) => m.ruleId)));
    expect(rules.has("require-timeout")).toBe(false);
    expect(rules.has("no-blocking-call")).toBe(true);
  });

  it("a shard records and prunes its own files only", () => {
    const dir = project();
    runCli(["--suppress-all"], dir);
    write(dir, "src/a.ts", READS(["one"]));
    write(dir, "src/b.ts", "export {};\n");
    write(dir, "jobs/poll.py", "async def poll():\n    pass\n");
    for (const shard of ["1/2", "2/2"]) runCli(["--prune-suppressions", "--shard", shard], dir);
    expect(JSON.parse(read(dir, "async-lint-suppressions.json"))).toEqual({ "src/a.ts": { "no-blocking-call": { count: 1 } } });
  });

  it.each([
    [["--suppress-all", "--prune-suppressions"], "async-lint: --suppress-all and --prune-suppressions cannot be used together\n"],
    [["--suppress-all", "--quiet"], "async-lint: --quiet cannot be used with --suppress-all, --suppress-rule or --prune-suppressions (they record every finding)\n"],
    [["--suppress-rule", "no-such-rule"], "async-lint: --suppress-rule no-such-rule: unknown rule (known rules: "],
  ])("usage errors exit 2: %j", (args, stderr) => {
    const run = runCli(args, project());
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(stderr)).toBe(true);
  });

  it("a damaged suppressions file stops the run with its name and the problem", () => {
    const dir = project();
    write(dir, "async-lint-suppressions.json", `{ "src/a.ts": { "no-blocking-call": { "count": 0 } } }`);
    expect(runCli([], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `async-lint: ${dir}/async-lint-suppressions.json: "src/a.ts" › "no-blocking-call" has no count ≥ 1 (expected { "<file>": { "<rule-id>": { "count": <n> } } })\n`,
    });
  });
});
