// Typed mode (tsconfig programs, --typed, --no-typed), tsconfig load problems, and rule crashes.
import * as path from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigResolver } from "../../rules/core/config";
import { RULES } from "../../rules/core/registry";
import type { RuleDefinition } from "../../rules/core/rule";
import { createLog } from "../../cli/log";
import { runLint } from "../../cli/run";
import { copyFixture, FIXTURES, parseJson, read, runCli, tempDir, write } from "./helpers";

const typedFixture = path.join(FIXTURES, "typed");

/** Whether each file's finding has a fix: with types, `fs.readFileSync(source.handle)` on a number gets none (a file descriptor). */
function fixOffered(args: string[]): Record<string, boolean> {
  const run = runCli(["--format", "json", ...args], typedFixture);
  expect(run.code).toBe(1);
  return Object.fromEntries(parseJson(run).map((r) => [path.relative(typedFixture, r.filePath).split(path.sep).join("/"), r.messages[0].fix !== undefined]));
}

describe("typed mode", () => {
  it("by default uses types where a tsconfig covers the file", { timeout: 60_000 }, () => {
    expect(fixOffered([])).toEqual({ "scripts/handle.ts": true, "src/handle.ts": false });
  });

  it("--typed also types files outside any tsconfig (an inferred program)", { timeout: 60_000 }, () => {
    expect(fixOffered(["--typed"])).toEqual({ "scripts/handle.ts": false, "src/handle.ts": false });
  });

  it("--no-typed never uses types", () => {
    expect(fixOffered(["--no-typed"])).toEqual({ "scripts/handle.ts": true, "src/handle.ts": true });
  });

  it("counts typed files in --debug", { timeout: 60_000 }, () => {
    expect(runCli(["--debug", "--format", "json"], typedFixture).stderr).toMatch(/linted 2 files \(1 typed\)/);
  });

  it("fixes stay typed across passes", { timeout: 60_000 }, () => {
    const dir = copyFixture("typed");
    // The temporary copy has no node_modules/@types: name the repository's in typeRoots.
    write(
      dir,
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], typeRoots: [path.resolve(__dirname, "../../node_modules/@types")] }, include: ["src"] }),
    );
    write(dir, "src/path.ts", 'import fs from "node:fs";\n\nexport async function readPath(p: string) {\n  return fs.readFileSync(p, "utf8");\n}\n');
    const run = runCli(["--fix", "--debug", "src"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("async-lint: debug: src/path.ts: 1 fixes in 1 passes; last pass typed\n");
    expect(read(dir, "src/path.ts")).toBe('import fs from "node:fs";\n\nexport async function readPath(p: string) {\n  return await fs.promises.readFile(p, "utf8");\n}\n');
  });

  it("reports a tsconfig that fails to load in one line and lints its files without types", () => {
    const dir = copyFixture("typed");
    write(dir, "tsconfig.json", '{\n  "compilerOptions": {\n');
    const run = runCli(["--format", "json", "src"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^async-lint: warning: cannot load tsconfig\.json \(its files are linted without types\): .+\n$/);
    // Without types the fd heuristic does not know `handle` is a number: a fix is offered.
    expect(parseJson(run)[0].messages[0].fix).toBeDefined();
  });
});

/** Which files' findings came out where (`file line:column`), and which programs --debug says were built. */
function typedRun(args: string[], dir: string): { findings: string[]; programs: string[]; summary: string } {
  const run = runCli(["--format", "json", "--debug", ...args], dir);
  const findings = parseJson(run).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join("/")} ${m.line}:${m.column}`));
  const programs = [...run.stderr.matchAll(/^async-lint: debug: built the program of (.+?): (\d+) root files/gm)].map((m) => `${m[1]} (${m[2]} root files)`);
  return { findings, programs, summary: /linted \d+ files \(\d+ typed\)/.exec(run.stderr)?.[0] ?? run.stderr };
}

/** Compiler options for the scratch projects below: @types/node from the repository (a temporary folder has none). */
const SCRATCH_OPTIONS = { strict: true, module: "ESNext", moduleResolution: "bundler", noEmit: true, types: ["node"], typeRoots: [path.resolve(__dirname, "../../node_modules/@types")] };
// An alias only the type checker follows into another file: `statPath(p)` blocks only with types.
const HELPERS = 'import fs from "node:fs";\n\nexport const statPath = fs.statSync;\n';
const SIZE = 'import { statPath } from "./helpers";\n\nexport async function size(p: string): Promise<number> {\n  return statPath(p).size;\n}\n';

describe("which tsconfig types a file", () => {
  it("follows a solution tsconfig's references to the project that lists the file (the layout of `npm create vite`)", { timeout: 60_000 }, () => {
    const dir = tempDir();
    write(dir, "tsconfig.json", JSON.stringify({ files: [], references: [{ path: "./tsconfig.app.json" }, { path: "./tsconfig.node.json" }] }));
    write(dir, "tsconfig.app.json", JSON.stringify({ compilerOptions: SCRATCH_OPTIONS, include: ["src"] }));
    write(dir, "tsconfig.node.json", JSON.stringify({ compilerOptions: { ...SCRATCH_OPTIONS, composite: true }, include: ["vite.config.ts"] }));
    write(dir, "src/helpers.ts", HELPERS);
    write(dir, "src/size.ts", SIZE);
    write(dir, "vite.config.ts", SIZE.replace("./helpers", "./src/helpers"));
    expect(typedRun(["."], dir)).toEqual({
      findings: ["src/size.ts 4:10", "vite.config.ts 4:10"],
      programs: ["tsconfig.app.json (2 root files)", "tsconfig.node.json (1 root files)"],
      summary: "linted 3 files (3 typed)",
    });
    // Without types, the alias is not followed.
    expect(parseJson(runCli(["--format", "json", "--no-typed", "."], dir)).flatMap((r) => r.messages)).toEqual([]);
  });

  it("builds no program for a tsconfig that does not list the linted file, which is linted without types", { timeout: 60_000 }, () => {
    expect(typedRun(["scripts"], typedFixture)).toEqual({ findings: ["scripts/handle.ts 5:10"], programs: [], summary: "linted 1 files (0 typed)" });
    expect(fixOffered(["scripts"])).toEqual({ "scripts/handle.ts": true });
    expect(typedRun(["."], typedFixture)).toMatchObject({ programs: ["tsconfig.json (1 root files)"], summary: "linted 2 files (1 typed)" });
  });

  it("types a file the tsconfig does not list but its program imports, when a linted file needs that program anyway", { timeout: 60_000 }, () => {
    const dir = copyFixture("typed");
    write(dir, "src/uses.ts", 'export { readHandle } from "../scripts/handle.js";\n');
    expect(typedRun(["."], dir)).toMatchObject({ programs: ["tsconfig.json (2 root files)"], summary: "linted 3 files (3 typed)" });
    // Alone, it does not get a program built for it.
    expect(typedRun(["scripts"], dir)).toMatchObject({ programs: [], summary: "linted 1 files (0 typed)" });
  });

  it("types imports from a referenced project by its sources, as the editor does, whether or not it was built", { timeout: 60_000 }, () => {
    const dir = tempDir();
    write(dir, "packages/lib/tsconfig.json", JSON.stringify({ compilerOptions: { ...SCRATCH_OPTIONS, noEmit: false, composite: true, outDir: "dist" }, include: ["src"] }));
    write(dir, "packages/lib/src/helpers.ts", HELPERS);
    write(dir, "packages/app/tsconfig.json", JSON.stringify({ compilerOptions: SCRATCH_OPTIONS, include: ["src"], references: [{ path: "../lib" }] }));
    write(dir, "packages/app/src/size.ts", SIZE.replace("./helpers", "../../lib/src/helpers"));
    // lib/dist does not exist: TypeScript alone would type the import from lib's built .d.ts, and find none.
    expect(typedRun(["packages/app"], dir)).toEqual({ findings: ["packages/app/src/size.ts 4:10"], programs: ["packages/app/tsconfig.json (1 root files)"], summary: "linted 1 files (1 typed)" });
  });

  it("reports a missing referenced tsconfig like any tsconfig that fails to load, and still types the files of the other references", { timeout: 60_000 }, () => {
    const dir = tempDir();
    write(dir, "tsconfig.json", JSON.stringify({ files: [], references: [{ path: "./tsconfig.gone.json" }, { path: "./tsconfig.app.json" }] }));
    write(dir, "tsconfig.app.json", JSON.stringify({ compilerOptions: SCRATCH_OPTIONS, include: ["src"] }));
    write(dir, "src/helpers.ts", HELPERS);
    write(dir, "src/size.ts", SIZE);
    const run = runCli(["--format", "json", "."], dir);
    expect(run.stderr).toBe(`async-lint: warning: cannot load tsconfig.gone.json (its files are linted without types): Cannot read file '${path.join(dir, "tsconfig.gone.json")}'.\n`);
    expect(parseJson(run).flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)} ${m.line}`))).toEqual(["size.ts 4"]);
  });
});

describe("rule crashes", () => {
  const rule = RULES.find((r) => r.meta.id === "no-blocking-call") as RuleDefinition;
  const original = rule.detectors.typescript;
  afterEach(() => {
    rule.detectors.typescript = original;
  });

  it("names the file and rule in one line, keeps linting, and counts as an error (exit 2)", () => {
    const basic = path.join(FIXTURES, "basic");
    rule.detectors.typescript = (context) => {
      if (context.filePath.endsWith("clean.ts")) throw new Error("boom\nsecond line");
      return original!(context);
    };
    const lines: string[] = [];
    const log = createLog((text) => lines.push(text), false);
    const files = ["lib/run.ts", "src/blocking.ts", "src/clean.ts"].map((f) => path.join(basic, f));
    const report = runLint({
      cwd: basic,
      files,
      resolver: new ConfigResolver(),
      ruleOverrides: Object.fromEntries(RULES.filter((r) => r !== rule).map((r) => [r.meta.id, "off"])),
      typed: false,
      fixMode: "none",
      fixNeed: "safe",
      quiet: false,
      reportUnusedDirectives: "off",
      log,
    });
    expect(lines).toEqual(["async-lint: rule no-blocking-call crashed on src/clean.ts: boom second line\n"]);
    expect(log.errorCount).toBe(1);
    expect(report.notifications).toEqual([
      { level: "error", filePath: files[2], ruleId: "no-blocking-call", message: "rule no-blocking-call crashed on src/clean.ts: boom second line" },
    ]);
    expect(report.files.map((f) => f.findings.length)).toEqual([1, 1, 0]);
  });
});

describe("a rule failing on one node", () => {
  const rule = RULES.find((r) => r.meta.id === "no-blocking-call") as RuleDefinition;
  const original = rule.detectors.typescript;
  afterEach(() => {
    rule.detectors.typescript = original;
  });

  /** Recurses until the stack runs out, like a type checker recursion inside getTypeAtLocation. */
  const overflow = (depth: number): number => overflow(depth + 1) + 1;

  /** no-blocking-call, except that every visitor overflows the stack on the nodes inside the function named `odd`. */
  function failInsideOdd(): void {
    rule.detectors.typescript = (context) => {
      const visitors = original!(context) as Record<string, (node: ts.Node) => void>;
      const inOdd = (node: ts.Node) => {
        for (let n: ts.Node | undefined = node; n; n = n.parent) if (ts.isFunctionDeclaration(n) && n.name?.text === "odd") return true;
        return false;
      };
      return Object.fromEntries(
        Object.entries(visitors).map(([kind, visit]) => [
          kind,
          kind === "onEnd" ? visit : (node: ts.Node) => {
            if (inOdd(node)) overflow(0);
            visit(node);
          },
        ]),
      ) as ReturnType<NonNullable<typeof original>>;
    };
  }

  it("loses that node only: one warning naming rule, line and error; the rest is checked; not an error of the run (exit by findings)", () => {
    const dir = tempDir();
    const file = write(
      dir,
      "src/two.ts",
      ['import fs from "node:fs";', "export async function odd(p: string) {", '  return fs.readFileSync(p, "utf8");', "}", "export async function plain(p: string) {", '  return fs.readFileSync(p, "utf8");', "}", ""].join("\n"),
    );
    failInsideOdd();
    const lines: string[] = [];
    const log = createLog((text) => lines.push(text), false);
    const report = runLint({
      cwd: dir,
      files: [file],
      resolver: new ConfigResolver(),
      ruleOverrides: Object.fromEntries(RULES.filter((r) => r !== rule).map((r) => [r.meta.id, "off"])),
      typed: false,
      fixMode: "none",
      fixNeed: "safe",
      quiet: false,
      reportUnusedDirectives: "off",
      log,
    });
    expect(log.errorCount).toBe(0);
    expect(report.files[0].findings.map((f) => f.location.line)).toEqual([6]);
    expect(report.notifications).toEqual([
      {
        level: "warning",
        filePath: file,
        message: "partly analysed src/two.ts: rule no-blocking-call failed at line 3: Maximum call stack size exceeded (the rest of the file was checked)",
      },
    ]);
    expect(lines).toEqual([`async-lint: warning: ${report.notifications[0].message}\n`]);
  });
});

describe("--engine ts7 (TypeScript 7 prototype)", () => {
  const project = path.resolve(__dirname, "../../rules/no-unawaited-call/fixtures/typed");
  const onlyUnawaited = RULES.filter((rule) => rule.meta.id !== "no-unawaited-call").flatMap((rule) => ["--rule", `${rule.meta.id}:off`]);
  const findings = (engine: string) => {
    const run = runCli(["--format", "json", "--engine", engine, "--debug", ...onlyUnawaited, "."], project, { allRules: true });
    // Warnings only (the rule's default severity): exit code 0.
    expect(run.code).toBe(0);
    const lines = parseJson(run).flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.message}`));
    return { lines: lines.sort(), stderr: run.stderr };
  };

  it("types the tsconfig's files with TypeScript 7 and finds what TypeScript 6 finds", { timeout: 120_000 }, () => {
    const ts6 = findings("ts6");
    const ts7 = findings("ts7");
    expect(ts7.stderr).toMatch(/debug: TypeScript 7: \d+ files typed/);
    expect(ts7.stderr).toMatch(/linted \d+ files \(\d+ typed\)/);
    // Typed-only findings (a promise from an imported helper) are among them.
    expect(ts7.lines.some((line) => line.startsWith("uses-helpers.ts:6:"))).toBe(true);
    expect(ts7.lines).toEqual(ts6.lines);
  });

  it("rejects an unknown engine with a usage error", () => {
    const run = runCli(["--engine", "ts8", "."], project);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("ts8");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
