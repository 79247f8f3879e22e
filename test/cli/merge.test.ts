// `async-lint merge`: the reports of the shards of a run, merged, are the report of the whole run.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES, runCli, tempDir, write } from "./helpers";

const BLOCKING = (name: string) => `import fs from "node:fs";\n\nexport async function ${name}(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n`;

function project(): string {
  const dir = tempDir();
  for (let i = 0; i < 8; i++) write(dir, `src/file${i}.ts`, i % 2 === 0 ? BLOCKING(`load${i}`) : `export const value${i} = ${i};\n`);
  return dir;
}

/** `async-lint merge ...` (without the `--rule` flags runCli adds for lint runs). */
function merge(args: string[], dir: string) {
  return runCli(["merge", ...args], dir, { allRules: true });
}

/** Writes the reports of `count` shards in `format`; returns their names. */
function shardReports(dir: string, format: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `report-${i + 1}.${format}`;
    runCli(["--format", format, "--shard", `${i + 1}/${count}`, "-o", name], dir);
    return name;
  });
}

describe("async-lint merge", { timeout: 120_000 }, () => {
  it("merges JSON reports into the JSON report of the whole run", () => {
    const dir = project();
    const whole = runCli(["--format", "json"], dir);
    const merged = merge(["--format", "json", ...shardReports(dir, "json", 3)], dir);
    expect(merged).toEqual({ code: 1, stdout: whole.stdout, stderr: "" });
  });

  it("merges SARIF reports into the SARIF log of the whole run", () => {
    const dir = project();
    const whole = runCli(["--format", "sarif"], dir);
    const merged = merge(["--format", "sarif", ...shardReports(dir, "sarif", 3)], dir);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toBe("");
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it("prints merged reports in the stylish and github formats, from JSON or SARIF", () => {
    const dir = project();
    const stylish = runCli([], dir).stdout;
    const github = runCli(["--format", "github"], dir).stdout;
    for (const format of ["json", "sarif"]) {
      const reports = shardReports(dir, format, 2);
      expect(merge([...reports], dir)).toEqual({ code: 1, stdout: stylish, stderr: "" });
      expect(merge(["--format", "github", ...reports], dir)).toEqual({ code: 1, stdout: github, stderr: "" });
    }
  });

  it("converts between JSON and SARIF", () => {
    const dir = project();
    const [json] = shardReports(dir, "json", 1);
    const [sarif] = shardReports(dir, "sarif", 1);
    const fromJson = JSON.parse(merge(["--format", "sarif", json], dir).stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(fromJson.runs[0].results.map((r) => r.message.text)).toEqual(["load0", "load2", "load4", "load6"].map(MESSAGES.readFileSync));
    const fromSarif = JSON.parse(merge(["--format", "json", sarif], dir).stdout) as { filePath: string; messages: { line: number; message: string }[] }[];
    expect(fromSarif.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.line} ${m.message}`)])).toEqual(
      [0, 2, 4, 6].map((i) => [`file${i}.ts`, [`4 ${MESSAGES.readFileSync(`load${i}`)}`]]),
    );
  });

  it("exits 0 when the merged reports hold no errors, and writes to --output-file", () => {
    const dir = tempDir();
    write(dir, "a.ts", "export const a = 1;\n");
    runCli(["--format", "json", "-o", "a.json"], dir);
    expect(merge(["--format", "json", "-o", "merged.json", "a.json"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "merged.json"), "utf8"))).toHaveLength(1);
  });

  it("warns when a file is in more than one report and keeps it once", () => {
    const dir = project();
    const [report] = shardReports(dir, "json", 1);
    const run = merge(["--format", "json", report, report], dir);
    expect(run.stdout).toBe(fs.readFileSync(path.join(dir, report), "utf8"));
    expect(run.stderr).toContain(`async-lint: warning: merge: ${path.join(dir, "src", "file0.ts")} is in more than one report; keeping the first`);
  });

  it("exits 2 on missing, non-JSON or unknown reports", () => {
    const dir = tempDir();
    write(dir, "notes.txt", "hello");
    write(dir, "other.json", '{"a": 1}');
    expect(merge(["missing.json"], dir)).toEqual({ code: 2, stdout: "", stderr: "async-lint: merge: cannot read missing.json: ENOENT\n" });
    expect(merge(["notes.txt"], dir).stderr).toBe("async-lint: merge: notes.txt is not JSON (expected a report written with --format json or --format sarif)\n");
    expect(merge(["other.json"], dir).stderr).toBe("async-lint: merge: other.json is neither an ESLint-format JSON report nor a SARIF 2.1.0 log\n");
    expect(merge([], dir)).toEqual({ code: 2, stdout: "", stderr: "async-lint: merge: missing required argument 'reports'\n" });
  });

  it("has its own help, and the main help mentions it", () => {
    const dir = tempDir();
    const help = merge(["--help"], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: async-lint merge \[options\] <reports\.\.\.>\n/);
    expect(runCli(["--help"], dir).stdout).toContain("async-lint merge [--format <format>] [-o <file>] <reports...>");
  });
});
