// Hostile inputs on disk: each gives one clear message naming the file, and the rest of the run goes on.
// (Dangling links, unreadable files, binary and non-UTF-8 files and invalid JSON configs are in discovery.test.ts.)
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson, read, runCli, shareWithEveryone, tempDir, write } from "./helpers";

const BLOCKING = 'import fs from "node:fs";\nexport async function f(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n';
const FIXED = 'import fs from "node:fs";\nexport async function f(p: string) {\n  return await fs.promises.readFile(p, "utf8");\n}\n';
const BLOCKING_PY = "import time\n\nasync def f():\n    time.sleep(1)\n";

/** Files of a JSON report, relative to `dir`, with their number of findings. */
function reported(dir: string, stdout: string): [string, number][] {
  return parseJson({ code: 0, stdout, stderr: "" }).map((r) => [path.relative(dir, r.filePath).split(path.sep).join("/"), r.messages.length]);
}

describe("hostile file systems", () => {
  it("symbolic link loops: each looping file named once, loops of folders not followed, the rest linted", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    fs.symlinkSync("b.ts", path.join(dir, "a.ts"));
    fs.symlinkSync("a.ts", path.join(dir, "b.ts"));
    fs.mkdirSync(path.join(dir, "sub"));
    fs.symlinkSync("..", path.join(dir, "sub", "loop"));
    fs.symlinkSync(".", path.join(dir, "sub", "self.ts"));
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "async-lint: cannot read a.ts: too many levels of symbolic links\n" +
        "async-lint: cannot read b.ts: too many levels of symbolic links\n",
    );
    expect(reported(dir, run.stdout)).toEqual([["good.ts", 1]]);
  });

  it("a folder without read permission: one line naming it, the rest linted", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    write(dir, "locked/inner.ts", BLOCKING);
    shareWithEveryone(dir);
    fs.chmodSync(path.join(dir, "locked"), 0o000);
    try {
      const run = runCli(["--format", "json"], dir, { unprivileged: true });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("async-lint: cannot read folder locked: permission denied\n");
      expect(reported(dir, run.stdout)).toEqual([["good.ts", 1]]);
    } finally {
      fs.chmodSync(path.join(dir, "locked"), 0o755);
    }
  });

  it("a named pipe and a link to a device are skipped with a warning instead of blocking the run", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    execFileSync("mkfifo", [path.join(dir, "pipe.ts")]);
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.ts"));
    const walked = runCli(["--format", "json"], dir);
    // The walk lists regular files and links only: the pipe is not a candidate; the link to a device is skipped on reading.
    expect(walked.stderr).toBe("async-lint: warning: skipped zero.ts: not a regular file (a pipe, socket or device)\n");
    expect(walked.code).toBe(1);
    expect(reported(dir, walked.stdout)).toEqual([["good.ts", 1]]);
    const named = runCli(["pipe.ts", "zero.ts", "good.ts"], dir);
    expect(named.code).toBe(1);
    expect(named.stderr).toBe(
      "async-lint: warning: skipped pipe.ts: not a regular file (a pipe, socket or device)\n" +
        "async-lint: warning: skipped zero.ts: not a regular file (a pipe, socket or device)\n",
    );
  });

  it("a config file that is a named pipe is a config error, not a hang", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    execFileSync("mkfifo", [path.join(dir, "async-lint.json")]);
    const run = runCli(["good.ts"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`async-lint: ${path.join(dir, "async-lint.json")}: not a regular file (a pipe, socket or device)\n`);
  });

  it("files named like options are linted as files, found by the walk or named after --", () => {
    const dir = tempDir();
    for (const name of ["--fix.ts", "-v.ts", "--config=x.ts", "-.ts"]) write(dir, name, BLOCKING);
    const walked = runCli(["--format", "json"], dir);
    expect(walked.code).toBe(1);
    expect(walked.stderr).toBe("");
    expect(reported(dir, walked.stdout)).toEqual([
      ["--config=x.ts", 1],
      ["--fix.ts", 1],
      ["-.ts", 1],
      ["-v.ts", 1],
    ]);
    // runCli appends its `--rule` options last, where `--` would make them file names: every rule stays on here.
    const named = runCli(["--format", "json", "--", "--fix.ts", "-v.ts"], dir, { allRules: true });
    expect(named.code).toBe(1);
    expect(reported(dir, named.stdout)).toEqual([
      ["--fix.ts", 1],
      ["-v.ts", 1],
    ]);
    // Nothing was fixed: `--fix.ts` is a file name, not the option.
    expect(read(dir, "--fix.ts")).toBe(BLOCKING);
  });

  it("paths with spaces and unicode are reported, fixed and shown as they are", () => {
    const dir = tempDir();
    const name = "my folder/ünïcödé 文件 😀.ts";
    write(dir, name, BLOCKING);
    write(dir, "py dir/módulo.py", BLOCKING_PY);
    const run = runCli(["--format", "json"], dir, { allRules: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(reported(dir, run.stdout).map(([file]) => file)).toEqual([name, "py dir/módulo.py"]);
    expect(runCli([name], dir).stdout).toContain(`\n${name}\n  3:10  error`);
    expect(runCli(["--fix", name], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read(dir, name)).toBe(FIXED);
  });

  it("binary files with a source extension are skipped with a warning each; the exit code follows the findings", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    write(dir, "image.py", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    // NUL past the first 8000 bytes: the text is not valid UTF-8 either, so it is still skipped.
    write(dir, "late.ts", Buffer.concat([Buffer.from("x".repeat(9000)), Buffer.from([0x00, 0xff, 0xfe])]));
    write(dir, "empty.ts", "");
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("async-lint: warning: skipped image.py: binary file\nasync-lint: warning: skipped late.ts: not valid UTF-8\n");
    expect(reported(dir, run.stdout)).toEqual([
      ["empty.ts", 0],
      ["good.ts", 1],
    ]);
  });
});

describe("hostile config files", () => {
  it("a config that is not JSON at all (binary garbage): exit 2, one line naming the file and position", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    write(dir, "async-lint.json", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff]));
    const run = runCli([], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^async-lint: ${escape(path.join(dir, "async-lint.json"))}:1:1: invalid JSON: [a-z ]+\\n$`));
  });

  it("a huge config (20 MB) is refused at once with its size, without parsing it", () => {
    const dir = tempDir();
    write(dir, "good.ts", BLOCKING);
    const entries = Array.from({ length: 1_000_000 }, (_, i) => JSON.stringify(`generated/file${i}.ts`)).join(",");
    write(dir, "async-lint.json", `{ "ignores": [${entries}] }`);
    const started = Date.now();
    const run = runCli([], dir);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^async-lint: ${escape(path.join(dir, "async-lint.json"))}: too large \\(\\d+\\.\\d MB; a config file may have at most 1 MB\\)\\n$`));
  });

  it("a pyproject.toml without [tool.async-lint] does not stop the search for a config above it", () => {
    const dir = tempDir();
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "warning" } }));
    write(dir, "pkg/pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n');
    write(dir, "pkg/src/a.ts", BLOCKING);
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(0);
    expect(parseJson(run).map((r) => [r.warningCount, r.errorCount])).toEqual([[1, 0]]);
    expect(JSON.parse(runCli(["--print-config", "pkg/src/a.ts"], dir).stdout).configFile).toBe(path.join(dir, "async-lint.json"));
  });

  it("a pyproject.toml that is not TOML: exit 2, one line naming file, line and column", () => {
    const dir = tempDir();
    write(dir, "pyproject.toml", '[project]\nname = "pkg"\n[tool.async-lint\nrules = {}\n');
    write(dir, "a.py", BLOCKING_PY);
    const run = runCli([], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^async-lint: ${escape(path.join(dir, "pyproject.toml"))}:3:\\d+: invalid TOML: .+\\n$`));
  });

  it("--config naming a folder: exit 2, one line", () => {
    const dir = tempDir();
    write(dir, "conf.json/inner.txt", "x");
    write(dir, "good.ts", BLOCKING);
    const run = runCli(["--config", "conf.json"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`async-lint: ${path.join(dir, "conf.json")}: is a folder, not a config file\n`);
  });
});

describe("big inputs through the CLI", () => {
  it("a 10 MB source file is linted within the time budget and its findings reported", () => {
    const dir = tempDir();
    const block = (i: number) => `export function helper${i}(values: number[]): number {\n  return values.reduce((sum, value) => sum + value * ${i}, 0);\n}\n`;
    const parts = ['import fs from "node:fs";\n'];
    let size = parts[0].length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      parts.push(block(i));
      size += parts[parts.length - 1].length;
    }
    parts.push(BLOCKING.slice(BLOCKING.indexOf("export")).replace("function f", "function last"));
    const text = parts.join("");
    write(dir, "huge.ts", text);
    const started = Date.now();
    const run = runCli([], dir);
    const elapsed = Date.now() - started;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`\nhuge.ts\n  ${text.split("\n").length - 2}:10  error`);
    expect(run.stdout).toContain("✖ 1 problem (1 error, 0 warnings, 0 infos)");
    // The budget of the fuzz suite (20 s per MB) would allow far more; this catches anything super-linear.
    expect(elapsed).toBeLessThan(60_000);
  }, 90_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
