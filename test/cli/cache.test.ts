// --cache: a second run reuses results, and any change that could alter a result (the file, a helper it calls
// into, the config, the tool) makes the file linted again. A broken cache file is ignored, never a crash.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, MESSAGES, read, runCli, tempDir, write } from "./helpers";

const BLOCKING = 'import fs from "node:fs";\n\nexport async function load(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n';
const HELPER_BLOCKING = 'import fs from "node:fs";\n\nexport function readConfig() {\n  return fs.readFileSync("config.json", "utf8");\n}\n';
const HELPER_CLEAN = "export function readConfig() {\n  return '{}';\n}\n";
const HANDLER = 'import { readConfig } from "./helper";\n\nexport async function handle() {\n  return readConfig();\n}\n';

/** `--debug` says how many files came from the cache: the one observable difference of a cache hit. */
function fromCache(stderr: string): number {
  const match = /, (\d+) from the cache\)/.exec(stderr);
  if (!match) throw new Error(`no cache count in: ${stderr}`);
  return Number(match[1]);
}

function lint(dir: string, extra: string[] = []) {
  return runCli(["--cache", "--debug", "--format", "json", ...extra], dir);
}

function findingsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as { filePath: string; messages: { line: number; ruleId: string; message: string }[] }[]).flatMap((r) =>
    r.messages.map((m) => `${path.basename(r.filePath)}:${m.line} ${m.ruleId} ${m.message}`),
  );
}

describe("--cache", { timeout: 120_000 }, () => {
  it("never caches a file it could not analyse: every run warns again", () => {
    const dir = tempDir();
    write(dir, "deep.ts", `export async function f() {\n  return ${"(".repeat(10_000)}1${")".repeat(10_000)};\n}\n`);
    for (let run = 0; run < 2; run++) {
      const result = lint(dir);
      expect(result.stderr).toContain("skipped deep.ts: nested too deeply to parse");
      expect(fromCache(result.stderr)).toBe(0);
    }
  });

  it("reuses the results of unchanged files and relints changed ones", () => {
    const dir = tempDir();
    write(dir, "a.ts", BLOCKING);
    write(dir, "b.ts", "export const b = 1;\n");
    const first = lint(dir);
    expect(first.code).toBe(1);
    expect(fromCache(first.stderr)).toBe(0);
    expect(fs.existsSync(path.join(dir, ".async-lint-cache"))).toBe(true);

    const second = lint(dir);
    expect(fromCache(second.stderr)).toBe(2);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(1);

    write(dir, "a.ts", BLOCKING.replace("load", "loadAgain"));
    const third = lint(dir);
    expect(fromCache(third.stderr)).toBe(1);
    expect(findingsOf(third.stdout)).toEqual([`a.ts:4 no-blocking-call ${MESSAGES.readFileSync("loadAgain")}`]);
  });

  it("relints a file when a helper its call chain reads changes, or leaves or joins the lint set", () => {
    const dir = tempDir();
    write(dir, "handler.ts", HANDLER);
    write(dir, "helper.ts", HELPER_BLOCKING);
    const blocking = findingsOf(lint(dir).stdout);
    expect(blocking.filter((f) => f.startsWith("handler.ts:4 no-blocking-call"))).toHaveLength(1);

    write(dir, "helper.ts", HELPER_CLEAN);
    const cleaned = lint(dir);
    expect(fromCache(cleaned.stderr)).toBe(0);
    expect(findingsOf(cleaned.stdout)).toEqual([]);

    write(dir, "helper.ts", HELPER_BLOCKING);
    expect(findingsOf(lint(dir).stdout)).toEqual(blocking);
    // Linting handler.ts alone: helper.ts is not in the lint set, so the chain cannot be followed.
    const alone = lint(dir, ["handler.ts"]);
    expect(fromCache(alone.stderr)).toBe(0);
    expect(findingsOf(alone.stdout)).toEqual([]);
    const again = lint(dir);
    expect(fromCache(again.stderr)).toBe(1);
    expect(findingsOf(again.stdout)).toEqual(blocking);
  });

  it("relints every file when the config or the rule settings change", () => {
    const dir = tempDir();
    write(dir, "a.ts", BLOCKING);
    lint(dir);
    const warning = lint(dir, ["--rule", "no-blocking-call:warning"]);
    expect(fromCache(warning.stderr)).toBe(0);
    expect(warning.code).toBe(0);
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "off" } }));
    const off = lint(dir);
    expect(fromCache(off.stderr)).toBe(0);
    expect(findingsOf(off.stdout)).toEqual([]);
    expect(fromCache(lint(dir).stderr)).toBe(1);
    expect(fromCache(lint(dir, ["--report-unused-disable-directives"]).stderr)).toBe(0);
  });

  it("ignores the entries of another version of async-lint", () => {
    const dir = tempDir();
    write(dir, "a.ts", BLOCKING);
    lint(dir);
    const cacheFile = path.join(dir, ".async-lint-cache");
    const content = JSON.parse(read(dir, ".async-lint-cache")) as { tool: string };
    expect(content.tool).toMatch(/^\d+\.\d+\.\d+/);
    fs.writeFileSync(cacheFile, JSON.stringify({ ...content, tool: "0.0.1+other" }));
    const run = lint(dir);
    expect(fromCache(run.stderr)).toBe(0);
    expect(findingsOf(run.stdout)).toHaveLength(1);
    expect((JSON.parse(read(dir, ".async-lint-cache")) as { tool: string }).tool).toBe(content.tool);
  });

  it("warns about a corrupt cache file, lints everything and rewrites it", () => {
    const dir = tempDir();
    write(dir, "a.ts", BLOCKING);
    write(dir, ".async-lint-cache", "{ not json");
    const run = lint(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("async-lint: warning: the cache .async-lint-cache is corrupt or from another version of its format; ignoring it");
    expect(findingsOf(run.stdout)).toHaveLength(1);
    expect(fromCache(lint(dir).stderr)).toBe(1);
    // A well-formed file whose entries are not: the same.
    write(dir, ".async-lint-cache", JSON.stringify({ format: 1, tool: "x", entries: { a: { hash: 1 } } }));
    expect(lint(dir).stderr).toContain("is corrupt");
    // Entries whose findings would break the report: the same (edited from a real entry of this version).
    const valid = JSON.parse(read(dir, ".async-lint-cache")) as { entries: Record<string, { findings: { location: unknown }[] }> };
    for (const entry of Object.values(valid.entries)) for (const finding of entry.findings) finding.location = "4:10";
    write(dir, ".async-lint-cache", JSON.stringify(valid));
    const damaged = lint(dir);
    expect(damaged.stderr).toContain("is corrupt");
    expect(damaged.code).toBe(1);
    expect(findingsOf(damaged.stdout)).toHaveLength(1);
  });

  it("writes the cache where --cache-location says, and only with --cache", () => {
    const dir = tempDir();
    write(dir, "a.ts", BLOCKING);
    runCli(["--cache-location", "cache/results.json"], dir);
    expect(fs.existsSync(path.join(dir, "cache"))).toBe(false);
    runCli(["--cache", "--cache-location", "cache/results.json"], dir);
    expect(fs.existsSync(path.join(dir, "cache", "results.json"))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".async-lint-cache"))).toBe(false);
  });

  it("fixes files with --fix whether or not their results are cached, and caches the fixed result", () => {
    const dir = copyFixture("basic");
    const before = lint(dir);
    expect(before.code).toBe(1);
    const fixed = runCli(["--cache", "--debug", "--fix"], dir);
    // lib/run.ts (a finding without a fix) and src/clean.ts come from the cache; src/blocking.ts has a fix to apply.
    expect(fromCache(fixed.stderr)).toBe(2);
    expect(read(dir, "src/blocking.ts")).toContain(`return await fs.promises.readFile(p, "utf8");`);
    // The --fix run printed stylish output, so src/blocking.ts's entry holds only safe fixes: it serves runs that
    // show no suggestions; JSON output (which shows them) lints the file again and stores an entry with them.
    const stylish = runCli(["--cache", "--debug"], dir);
    expect(fromCache(stylish.stderr)).toBe(3);
    const json = lint(dir);
    expect(fromCache(json.stderr)).toBe(2);
    expect(findingsOf(json.stdout)).toEqual([`run.ts:4 no-blocking-call ${MESSAGES.execSync("run")}`]);
    expect(fromCache(lint(dir).stderr)).toBe(3);
  });
});
