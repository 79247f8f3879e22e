// Which files are linted: folders, globs, .gitignore, config ignores, explicit paths; and config errors.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, FIXTURES, shareWithEveryone, parseJson, runCli, tempDir, write } from "./helpers";

const BLOCKING = 'import fs from "node:fs";\nexport async function f(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n';

/** Files linted by a run, relative to `dir`, with their number of findings. */
function linted(dir: string, args: string[] = [], cwd = dir): { files: string[]; stderr: string; code: number | null } {
  const run = runCli(["--format", "json", ...args], cwd);
  const files = run.stdout ? parseJson(run).map((r) => path.relative(dir, r.filePath).split(path.sep).join("/")) : [];
  return { files, stderr: run.stderr, code: run.code };
}

function project(): string {
  const dir = tempDir();
  for (const file of ["src/a.ts", "src/gen/g.ts", "src/keep/k.tsx", "src/b.generated.ts", "src/keep.generated.ts", "dist/d.js", "lib/l.mjs", "lib/node_modules/x/n.ts", "node_modules/y/index.js", "other/o.cts", "types/t.d.ts", "py/tool.py", "README.md"]) {
    write(dir, file, file.endsWith(".md") ? "# readme\n" : file.endsWith(".py") ? "print('hi')\n" : BLOCKING);
  }
  write(dir, ".gitignore", "dist/\n*.generated.ts\n!keep.generated.ts\n");
  write(dir, "src/.gitignore", "gen/\n");
  write(dir, "async-lint.json", JSON.stringify({ ignores: ["other/"] }));
  return dir;
}

describe("file discovery", () => {
  it("lints supported files, honouring .gitignore files (root and nested), config ignores, node_modules", () => {
    const dir = project();
    expect(linted(dir)).toEqual({ files: ["lib/l.mjs", "py/tool.py", "src/a.ts", "src/keep.generated.ts", "src/keep/k.tsx"], stderr: "", code: 1 });
  });

  it("honours .gitignore files above the working folder up to the git work tree's root", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, ".git"));
    write(dir, ".gitignore", "keep/\n");
    expect(linted(dir, [], path.join(dir, "src")).files).toEqual(["src/a.ts", "src/b.generated.ts", "src/keep.generated.ts"]);
  });

  it("lints an explicitly named ignored file, with a warning", () => {
    const dir = project();
    const result = linted(dir, ["src/gen/g.ts", "other/o.cts"]);
    expect(result.files).toEqual(["other/o.cts", "src/gen/g.ts"]);
    expect(result.stderr).toBe(
      "async-lint: warning: src/gen/g.ts is ignored (by src/.gitignore); linting it because it was named explicitly\n" +
        'async-lint: warning: other/o.cts is ignored (by "ignores" in async-lint.json); linting it because it was named explicitly\n',
    );
  });

  it("lints an explicitly named ignored folder, with a warning", () => {
    const dir = project();
    const result = linted(dir, ["dist", "lib/node_modules"]);
    expect(result.files).toEqual(["dist/d.js", "lib/node_modules/x/n.ts"]);
    expect(result.stderr).toBe(
      "async-lint: warning: dist is ignored (by .gitignore); linting it because it was named explicitly\n" +
        "async-lint: warning: lib/node_modules is ignored (node_modules folders are always skipped); linting it because it was named explicitly\n",
    );
  });

  it("expands globs, skipping ignored files", () => {
    const dir = project();
    expect(linted(dir, ["src/**/*.ts"]).files).toEqual(["src/a.ts", "src/keep.generated.ts"]);
    expect(linted(dir, ["**/*.{js,mjs}"]).files).toEqual(["lib/l.mjs"]);
  });

  it("warns about an explicitly named file it cannot check", () => {
    const dir = project();
    const run = runCli(["README.md", "types/t.d.ts", "src/a.ts"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "async-lint: warning: skipped README.md: not a file async-lint checks (.ts .tsx .mts .cts .js .jsx .mjs .cjs .py; not .d.ts)\n" +
        "async-lint: warning: skipped types/t.d.ts: not a file async-lint checks (.ts .tsx .mts .cts .js .jsx .mjs .cjs .py; not .d.ts)\n",
    );
  });

  it("lints files and folders outside the working folder, by relative or absolute path, without any config", () => {
    const cwd = tempDir();
    const basic = path.join(FIXTURES, "basic");
    const relative = path.relative(cwd, path.join(basic, "src", "blocking.ts"));
    expect(relative.startsWith("..")).toBe(true);
    const run = runCli(["--format", "json", relative, path.join(basic, "lib")], cwd);
    expect(run.code).toBe(1);
    expect(parseJson(run).map((r) => [r.filePath, r.errorCount])).toEqual([
      [path.join(basic, "lib", "run.ts"), 1],
      [path.join(basic, "src", "blocking.ts"), 1],
    ]);
    // Stylish shows absolute paths for files outside the working folder.
    expect(runCli([relative], cwd).stdout).toContain(`\n${path.join(basic, "src", "blocking.ts")}\n  4:10  error`);
  });

  it("treats a folder named like a source file as a folder", () => {
    const dir = tempDir();
    write(dir, "x.ts/inner.ts", BLOCKING);
    expect(linted(dir, ["x.ts"]).files).toEqual(["x.ts/inner.ts"]);
    expect(linted(dir).files).toEqual(["x.ts/inner.ts"]);
  });

  it("does not follow symbolic links to folders, but lints linked files", () => {
    const dir = tempDir();
    write(dir, "real/a.ts", BLOCKING);
    fs.symlinkSync(path.join(dir, "real"), path.join(dir, "linked-folder"));
    fs.symlinkSync(path.join(dir, "real", "a.ts"), path.join(dir, "linked-file.ts"));
    expect(linted(dir).files).toEqual(["linked-file.ts", "real/a.ts"]);
  });
});

describe("unreadable and unusual files", () => {
  it("reports a dangling symbolic link in one line, lints the rest, exits 2", () => {
    const dir = copyFixture("basic");
    fs.symlinkSync(path.join(dir, "nowhere.ts"), path.join(dir, "src", "dangling.ts"));
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("async-lint: cannot read src/dangling.ts: no such file (a broken symbolic link?)\n");
    expect(parseJson(run).map((r) => path.basename(r.filePath))).toEqual(["run.ts", "blocking.ts", "clean.ts"]);
    // Named explicitly, too.
    expect(runCli(["src/dangling.ts"], dir)).toEqual({ code: 2, stdout: "", stderr: "async-lint: cannot read src/dangling.ts: no such file (a broken symbolic link?)\n" });
  });

  it("reports a file without read permission in one line and exits 2", () => {
    const dir = copyFixture("basic");
    shareWithEveryone(dir);
    fs.chmodSync(path.join(dir, "src", "clean.ts"), 0o000);
    const run = runCli([], dir, { unprivileged: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("async-lint: cannot read src/clean.ts: permission denied\n");
    expect(run.stdout).toContain("src/blocking.ts\n");
  });

  it("skips binary and non-UTF-8 files with a warning; the exit code follows the findings", () => {
    const dir = tempDir();
    write(dir, "a.ts", "export const a = 1;\n");
    write(dir, "binary.js", Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
    write(dir, "latin1.ts", Buffer.from('const s = "caf\xe9";\n', "latin1"));
    write(dir, "utf16.ts", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("const a = 1;\n", "utf16le")]));
    const run = runCli(["--format", "json"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "async-lint: warning: skipped binary.js: binary file\n" +
        "async-lint: warning: skipped latin1.ts: not valid UTF-8\n" +
        "async-lint: warning: skipped utf16.ts: UTF-16 encoded (async-lint reads UTF-8)\n",
    );
    expect(parseJson(run).map((r) => path.basename(r.filePath))).toEqual(["a.ts"]);
  });
});

describe("config files", () => {
  it("uses the nearest async-lint.json (no merging)", () => {
    const dir = copyFixture("basic");
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "warning" } }));
    write(dir, "lib/async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "off" } }));
    const results = parseJson(runCli(["--format", "json"], dir));
    expect(results.map((r) => [path.basename(r.filePath), r.errorCount, r.warningCount])).toEqual([
      ["run.ts", 0, 0],
      ["blocking.ts", 0, 1],
      ["clean.ts", 0, 0],
    ]);
  });

  it("--config replaces the search; its ignores are relative to its folder", () => {
    const dir = copyFixture("basic");
    write(dir, "lib/async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "off" } }));
    write(dir, "strict.json", JSON.stringify({ rules: { "no-blocking-call": "warning" }, ignores: ["src/clean.ts"] }));
    const results = parseJson(runCli(["--format", "json", "--config", "strict.json"], dir));
    expect(results.map((r) => [path.basename(r.filePath), r.warningCount])).toEqual([
      ["run.ts", 1],
      ["blocking.ts", 1],
    ]);
  });

  it.each([
    ["invalid JSON", '{\n  "rules": {\n    "no-blocking-call": "error",\n', /^async-lint: (.*)async-lint\.json:4:1: invalid JSON: .+\n$/],
    ["an unknown rule", '{\n  "rules": {\n    "no-such-rule": "error"\n  }\n}\n', /^async-lint: (.*)async-lint\.json:3:5: unknown rule "rules\.no-such-rule".*\n$/],
    ["a bad severity", '{\n  "rules": {\n    "no-blocking-call": "fatal"\n  }\n}\n', /^async-lint: (.*)async-lint\.json:3:25: "rules\.no-blocking-call" must be one of "off", "info", "warning", "error", "warn", 0, 1, 2\n$/],
    ["an unknown key", '{ "rulez": {} }\n', /^async-lint: (.*)async-lint\.json:1:3: unknown key "rulez"\n$/],
  ])("exits 2 naming file:line:column for %s", (_, text, expected) => {
    const dir = copyFixture("basic");
    write(dir, "src/async-lint.json", text);
    const run = runCli([], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(expected);
    expect(run.stderr.match(expected)![1]).toBe(path.join(dir, "src") + path.sep);
    // --print-config reports it the same way.
    expect(runCli(["--print-config", "src/blocking.ts"], dir).stderr).toMatch(expected);
  });

  it("exits 2 when --config names a file that does not exist", () => {
    const dir = copyFixture("basic");
    const run = runCli(["--config", "nope.json"], dir);
    expect(run).toEqual({ code: 2, stdout: "", stderr: `async-lint: ${path.join(dir, "nope.json")}: cannot read: ENOENT\n` });
  });
});
