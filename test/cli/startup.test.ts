// Start-up: the CLI loads TypeScript only when it lints TypeScript or JavaScript (scripts/build.mjs and
// rules/lang/typescript/load.ts), so `--version`, `--help` and runs over Python files only start fast. The
// modules each run loaded are read from require.cache at exit, in every thread, by a preloaded script.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, write } from "./helpers";

const PRELOAD = path.join(__dirname, "loaded-modules.cjs");

/** Runs the built CLI; returns its exit code and whether any of its threads loaded the typescript package. */
function run(args: string[], cwd: string): { code: number | null; stdout: string; loadedTypeScript: boolean; threads: number } {
  const record = path.join(tempDir(), "modules.jsonl");
  const result = runCli(args, cwd, { allRules: true, env: { NODE_OPTIONS: `--require ${PRELOAD}`, ASYNC_LINT_LOADED_MODULES: record } });
  const records = fs.readFileSync(record, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { threadId: number; modules: string[] });
  const loadedTypeScript = records.some((r) => r.modules.some((file) => file.split(path.sep).join("/").includes("/node_modules/typescript/")));
  return { code: result.code, stdout: result.stdout, loadedTypeScript, threads: new Set(records.map((r) => r.threadId)).size };
}

describe("CLI start-up", () => {
  it("does not load TypeScript for --version or --help", () => {
    const dir = tempDir();
    const version = run(["--version"], dir);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.loadedTypeScript).toBe(false);
    const help = run(["--help"], dir);
    expect(help.code).toBe(0);
    expect(help.loadedTypeScript).toBe(false);
  });

  it("does not load TypeScript for Python files only, on one thread or on workers", () => {
    const dir = tempDir();
    write(dir, "app.py", "import time\n\nasync def main():\n    time.sleep(1)\n");
    write(dir, "util.py", "def add(a, b):\n    return a + b\n");
    for (const workers of ["1", "2"]) {
      const python = run(["--format", "json", "--workers", workers, "."], dir);
      expect(python.code).toBe(1);
      const results = JSON.parse(python.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
      expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.line} ${m.ruleId}`)])).toEqual([
        ["app.py", ["4 no-blocking-call"]],
        ["util.py", []],
      ]);
      expect(python.loadedTypeScript, `--workers ${workers}`).toBe(false);
      // With --workers 2, a worker linted files (the first one free takes the next batch: one may do them all).
      expect(python.threads > 1, `--workers ${workers}`).toBe(workers !== "1");
    }
  });

  it("loads TypeScript once a TypeScript or JavaScript file is linted, on one thread or on workers", () => {
    const dir = tempDir();
    write(dir, "app.py", "import time\n\nasync def main():\n    time.sleep(1)\n");
    write(dir, "load.js", "const fs = require('node:fs');\nasync function load() {\n  return fs.readFileSync('x');\n}\nmodule.exports = { load };\n");
    write(dir, "other.js", "module.exports = 1;\n");
    for (const workers of ["1", "2"]) {
      const mixed = run(["--format", "json", "--workers", workers, "."], dir);
      expect(mixed.code).toBe(1);
      const results = JSON.parse(mixed.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
      expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.line} ${m.ruleId}`)])).toEqual([
        ["app.py", ["4 no-blocking-call"]],
        ["load.js", ["3 no-blocking-call"]],
        ["other.js", []],
      ]);
      expect(mixed.loadedTypeScript, `--workers ${workers}`).toBe(true);
      expect(mixed.threads > 1, `--workers ${workers}`).toBe(workers !== "1");
    }
  });

  it("prints a TypeScript file's configuration", () => {
    const dir = tempDir();
    write(dir, "tsconfig.json", "{}\n");
    write(dir, "a.ts", "export const a = 1;\n");
    const printed = run(["--print-config", "a.ts"], dir);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ tsconfig: path.join(dir, "tsconfig.json") });
  });
});
