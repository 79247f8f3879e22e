// --fix and --fix-dry-run, always on temporary copies.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, fixtureText, shareWithEveryone, MESSAGES, parseJson, read, runCli, tempDir, write } from "./helpers";

const FIXED_BLOCKING = `import fs from "node:fs";

export async function load(p: string) {
  return await fs.promises.readFile(p, "utf8");
}
`;

// Two fixes insert an import at the same place: the second is applied in a second pass, after re-linting.
const FIXED_NAMED = `import { readFileSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";

export async function copy(from: string, to: string) {
  const data = await readFile(from);
  await writeFile(to, data);
}
`;

describe("--fix", () => {
  it("applies safe fixes in place, reports what remains, and a second run changes nothing", () => {
    const dir = copyFixture("basic");
    const first = runCli(["--fix"], dir);
    // lib/run.ts has only a suggestion (unsafe fix): it stays, and fails the run.
    expect(first.code).toBe(1);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(`\nlib/run.ts\n  4:10  error  ${MESSAGES.execSync("run")}  no-blocking-call\n\n✖ 1 problem (1 error, 0 warnings, 0 infos)\n\n`);
    expect(read(dir, "src/blocking.ts")).toBe(FIXED_BLOCKING);
    expect(read(dir, "lib/run.ts")).toBe(fixtureText("basic/lib/run.ts"));
    expect(read(dir, "src/clean.ts")).toBe(fixtureText("basic/src/clean.ts"));

    const mtime = fs.statSync(path.join(dir, "src", "blocking.ts")).mtimeMs;
    const second = runCli(["--fix"], dir);
    expect(second).toEqual(first);
    expect(read(dir, "src/blocking.ts")).toBe(FIXED_BLOCKING);
    expect(fs.statSync(path.join(dir, "src", "blocking.ts")).mtimeMs).toBe(mtime);
    expect(runCli(["src/blocking.ts"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("runs passes until no fix applies", () => {
    const dir = copyFixture("multi");
    const run = runCli(["--fix", "--debug"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("async-lint: debug: named.ts: 2 fixes in 2 passes; last pass without types\n");
    expect(read(dir, "named.ts")).toBe(FIXED_NAMED);
    expect(runCli(["--fix"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read(dir, "named.ts")).toBe(FIXED_NAMED);
  });

  it("keeps a byte order mark, CRLF line ends and the file mode", () => {
    const dir = copyFixture("basic");
    const crlf = (text: string) => text.replace(/\n/g, "\r\n");
    const file = write(dir, "src/bom.ts", Buffer.from("\uFEFF" + crlf(fixtureText("basic/src/blocking.ts")), "utf8"));
    fs.chmodSync(file, 0o751);
    expect(runCli(["--fix", "src/bom.ts"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(file).equals(Buffer.from("\uFEFF" + crlf(FIXED_BLOCKING), "utf8"))).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o751);
    // No temporary file is left behind.
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(["blocking.ts", "bom.ts", "clean.ts"]);
  });

  it("writes through a symbolic link to its target", () => {
    const dir = copyFixture("basic");
    fs.symlinkSync(path.join(dir, "src", "blocking.ts"), path.join(dir, "link.ts"));
    expect(runCli(["--fix", "link.ts"], dir).code).toBe(0);
    expect(fs.lstatSync(path.join(dir, "link.ts")).isSymbolicLink()).toBe(true);
    expect(read(dir, "src/blocking.ts")).toBe(FIXED_BLOCKING);
  });

  it("does not replace a read-only file: one line, exit 2, the file unchanged", () => {
    const dir = copyFixture("basic");
    shareWithEveryone(dir);
    const file = path.join(dir, "src", "blocking.ts");
    fs.chmodSync(file, 0o444);
    const run = runCli(["--fix", "src/blocking.ts"], dir, { unprivileged: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^async-lint: cannot write fixes to src\/blocking\.ts: .*permission denied.*\n$/i);
    expect(read(dir, "src/blocking.ts")).toBe(fixtureText("basic/src/blocking.ts"));
    // The report shows the findings still in the file.
    expect(run.stdout).toContain("src/blocking.ts\n  4:10  error");
  });

  it("--quiet fixes only what it reports (errors)", () => {
    const dir = copyFixture("basic");
    expect(runCli(["--fix", "--quiet", "--rule", "no-blocking-call:warning"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read(dir, "src/blocking.ts")).toBe(fixtureText("basic/src/blocking.ts"));
  });

  it("adds the fixed text as output to the JSON results", () => {
    const dir = copyFixture("basic");
    const results = parseJson(runCli(["--fix", "--format", "json", "src"], dir));
    expect(results.map((r) => [path.basename(r.filePath), r.messages.length, r.output, r.source])).toEqual([
      ["blocking.ts", 0, FIXED_BLOCKING, undefined],
      ["clean.ts", 0, undefined, undefined],
    ]);
  });
});

describe("--fix-dry-run", () => {
  it("prints a unified diff of what --fix would change and writes nothing", () => {
    const dir = copyFixture("multi");
    const run = runCli(["--fix-dry-run"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      [
        "--- a/named.ts",
        "+++ b/named.ts",
        "@@ -1,6 +1,7 @@",
        ' import { readFileSync, writeFileSync } from "node:fs";',
        '+import { readFile, writeFile } from "node:fs/promises";',
        " ",
        " export async function copy(from: string, to: string) {",
        "-  const data = readFileSync(from);",
        "-  writeFileSync(to, data);",
        "+  const data = await readFile(from);",
        "+  await writeFile(to, data);",
        " }",
        "",
      ].join("\n"),
    );
    expect(read(dir, "named.ts")).toBe(fixtureText("multi/named.ts"));
    expect(fs.readdirSync(dir)).toEqual(["named.ts"]);
  });

  it("with --format json adds output (the fixed text) and reports what would remain", () => {
    const dir = copyFixture("basic");
    const run = runCli(["--fix-dry-run", "--format", "json"], dir);
    expect(run.code).toBe(1);
    const results = parseJson(run);
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId), r.output])).toEqual([
      ["run.ts", ["no-blocking-call"], undefined],
      ["blocking.ts", [], FIXED_BLOCKING],
      ["clean.ts", [], undefined],
    ]);
    expect(read(dir, "src/blocking.ts")).toBe(fixtureText("basic/src/blocking.ts"));
  });

  // A package installed twice at one version makes TypeScript redirect one copy to the other; the typed re-lint after
  // a fix used to hand TypeScript the redirect back and crash ("Host should not return a redirect source file").
  it("re-lints typed after a fix in a project with a package installed twice", () => {
    const dir = tempDir();
    write(dir, "tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", noEmit: true }, include: ["src"] }));
    for (const owner of ["a", "b"]) {
      write(dir, `node_modules/${owner}/package.json`, JSON.stringify({ name: owner, version: "1.0.0", types: "index.d.ts" }));
      write(dir, `node_modules/${owner}/index.d.ts`, 'export { Dep } from "dep";\n');
      write(dir, `node_modules/${owner}/node_modules/dep/package.json`, JSON.stringify({ name: "dep", version: "2.0.0", types: "index.d.ts" }));
      write(dir, `node_modules/${owner}/node_modules/dep/index.d.ts`, "export interface Dep { id: string }\n");
    }
    const source = (body: string) =>
      `import fs from "node:fs";\nimport type { Dep as A } from "a";\nimport type { Dep as B } from "b";\n\nexport async function load(p: string, a: A, b: B) {\n  return ${body}(p + a.id + b.id, "utf8");\n}\n`;
    write(dir, "src/load.ts", source("fs.readFileSync"));
    expect(runCli(["--fix", "src/load.ts"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read(dir, "src/load.ts")).toBe(source("await fs.promises.readFile"));
  });

  it("is refused with the sarif and github formats", () => {
    const dir = copyFixture("basic");
    expect(runCli(["--fix-dry-run", "--format", "sarif"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'async-lint: --fix-dry-run works with --format stylish (a diff) or json (an "output" field), not sarif\n',
    });
    expect(runCli(["--fix-dry-run", "--format", "github"], dir).code).toBe(2);
  });
});
