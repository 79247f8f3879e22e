// Issue 11: the CLI and the language server never execute workspace code and never open a socket or start a
// process. Both run with preload.cjs (through NODE_OPTIONS, so worker threads get it too), which makes every
// network, DNS and child-process entry point throw and record the attempt in a log file, on a workspace full of
// bait: every file some tool would execute (config files, install scripts, TypeScript plugins, a workspace copy
// of typescript, imported modules, Python modules) writes a marker file when it runs.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../cli/helpers";
import { LspClient, removeProjects } from "../lsp/harness";

const PRELOAD = path.join(__dirname, "preload.cjs");
/** More than the CLI's threshold for `--workers auto` (200), so the worker run is a realistic large one. */
const MANY_FILES = 201;

let root: string;
let workspace: string;
let markers: string;
let netLog: string;
let preloadLog: string;

/** The environment that blocks and records: the preload, and where it writes. */
function blockingEnv(): Record<string, string> {
  return {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${PRELOAD}`].filter(Boolean).join(" "),
    ASYNC_LINT_NETLOG: netLog,
    ASYNC_LINT_PRELOADLOG: preloadLog,
  };
}

function jsBait(name: string): string {
  const write = `writeFileSync(${JSON.stringify(path.join(markers, name))}, "executed");\n`;
  return name.endsWith(".mjs") ? `import { writeFileSync } from "node:fs";\n${write}export default {};\n` : `const { writeFileSync } = require("node:fs");\n${write}module.exports = {};\n`;
}

function pyBait(name: string): string {
  return `open(${JSON.stringify(path.join(markers, name))}, "w").write("executed")\n`;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
}

const MAIN_TS = `import { readFileSync } from "node:fs";
import { payload } from "./evil.js";

export async function load(): Promise<string> {
  return readFileSync(payload, "utf8");
}
`;

const APP_PY = `import time

import evil


async def main():
    time.sleep(evil.DELAY)
`;

function makeWorkspace(dir: string): void {
  writeFiles(dir, {
    "async-lint.config.js": jsBait("async-lint.config.js"),
    "async-lint.config.mjs": jsBait("async-lint.config.mjs"),
    ".eslintrc.js": jsBait(".eslintrc.js"),
    "eslint.config.js": jsBait("eslint.config.js"),
    "package.json": JSON.stringify({
      name: "bait",
      version: "1.0.0",
      scripts: Object.fromEntries(
        ["preinstall", "install", "postinstall", "prepare", "lint", "test"].map((script) => [script, `node -e "require('fs').writeFileSync(${JSON.stringify(path.join(markers, `npm-${script}`))}, 'executed')"`]),
      ),
    }),
    // The root project is valid (so typed mode really builds a program with these plugins); the one in legacy/
    // extends a JavaScript file, which TypeScript may only read as JSON text (and fail to), never run.
    "tsconfig.json": JSON.stringify({
      extends: "./tsconfig.base.json",
      compilerOptions: { plugins: [{ name: "evil-ts-plugin" }, { name: "./ts-plugin.js" }] },
      include: ["src/**/*"],
    }),
    "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, types: [] } }),
    "legacy/tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.js", include: ["*.ts"] }),
    "legacy/tsconfig.base.js": jsBait("tsconfig.base.js"),
    "legacy/index.ts": `export const answer = 42;\n`,
    "ts-plugin.js": jsBait("ts-plugin.js"),
    "node_modules/evil-ts-plugin/package.json": JSON.stringify({ name: "evil-ts-plugin", main: "index.js" }),
    "node_modules/evil-ts-plugin/index.js": jsBait("evil-ts-plugin"),
    // A workspace copy of typescript (editors may prefer it): must never be loaded.
    "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "6.0.3", main: "lib/typescript.js" }),
    "node_modules/typescript/lib/typescript.js": jsBait("workspace-typescript"),
    "node_modules/eslint/package.json": JSON.stringify({ name: "eslint", version: "10.0.0", main: "index.js" }),
    "node_modules/eslint/index.js": jsBait("workspace-eslint"),
    "src/main.ts": MAIN_TS,
    "src/evil.js": `${jsBait("evil.js")}exports.payload = "x";\n`,
    "src/evil.d.ts": `export declare const payload: string;\n`,
    "py/app.py": APP_PY,
    "py/evil.py": `${pyBait("evil.py")}DELAY = 1\n`,
    "py/conftest.py": pyBait("conftest.py"),
    "py/__init__.py": pyBait("__init__.py"),
    "setup.py": pyBait("setup.py"),
    "pyproject.toml": `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n`,
  });
}

/** What the preload recorded: each line an attempt to connect, resolve or spawn. */
function attempts(): string[] {
  return fs.existsSync(netLog) ? fs.readFileSync(netLog, "utf8").split("\n").filter(Boolean) : [];
}

function markersWritten(): string[] {
  return fs.readdirSync(markers);
}

function lintBlocked(args: readonly string[], cwd = workspace): CliRun {
  return runCli(args, cwd, { env: blockingEnv(), allRules: true });
}

function expectNothingExecuted(): void {
  expect(attempts()).toEqual([]);
  expect(markersWritten()).toEqual([]);
}

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-no-network-")));
  workspace = path.join(root, "workspace");
  markers = path.join(root, "markers");
  netLog = path.join(root, "net.log");
  preloadLog = path.join(root, "preload.log");
  fs.mkdirSync(markers);
  makeWorkspace(workspace);
});

afterAll(() => {
  removeProjects();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("no network, no execution", { timeout: 60_000 }, () => {
  it("control: the preload makes connecting and spawning fail and records them, in worker threads too", () => {
    const control = path.join(root, "control.cjs");
    fs.writeFileSync(
      control,
      `const { Worker } = require("node:worker_threads");
const outcome = (run) => { try { run(); return "allowed"; } catch (error) { return "threw"; } };
console.log(outcome(() => require("node:net").connect(9, "127.0.0.1")));
console.log(outcome(() => require("node:child_process").spawnSync(process.execPath, ["-e", ""])));
new Worker(\`require("node:worker_threads").parentPort.postMessage((() => { try { require("node:dns").lookup("localhost", () => {}); return "allowed"; } catch { return "threw"; } })())\`, { eval: true })
  .on("message", (message) => console.log(message));
`,
    );
    const env = { ...process.env, ...blockingEnv() };
    const run = spawnSync(process.execPath, [control], { env, encoding: "utf8", timeout: 20_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("threw\nthrew\nthrew\n");
    expect(attempts().map((line) => line.split(" ")[0])).toEqual(["net.connect", "child_process.spawnSync", "dns.lookup"]);
    const threads = fs.readFileSync(preloadLog, "utf8");
    expect(threads).toMatch(/ thread 0\n/);
    expect(threads).toMatch(/ thread [1-9]\d*\n/);
    fs.rmSync(netLog);
    fs.rmSync(preloadLog);
  });

  it("control: the bait writes its marker when it is run", async () => {
    const jsBaitFiles = ["async-lint.config.js", ".eslintrc.js", "eslint.config.js", "legacy/tsconfig.base.js", "ts-plugin.js", "node_modules/evil-ts-plugin/index.js", "node_modules/typescript/lib/typescript.js", "node_modules/eslint/index.js", "src/evil.js"];
    for (const file of jsBaitFiles) require(path.join(workspace, file));
    await import(path.join(workspace, "async-lint.config.mjs"));
    const python = spawnSync("python3", ["-c", "import sys\nfor f in sys.argv[1:]: exec(open(f).read())", ...["py/evil.py", "py/conftest.py", "py/__init__.py", "setup.py"].map((f) => path.join(workspace, f))], { encoding: "utf8" });
    const pythonMarkers = python.error ? [] : ["__init__.py", "conftest.py", "evil.py", "setup.py"]; // No python3 here: nothing to check.
    expect(markersWritten().sort()).toEqual(
      [".eslintrc.js", "async-lint.config.js", "async-lint.config.mjs", "eslint.config.js", "evil-ts-plugin", "evil.js", "ts-plugin.js", "tsconfig.base.js", "workspace-eslint", "workspace-typescript", ...pythonMarkers].sort(),
    );
    for (const marker of markersWritten()) fs.rmSync(path.join(markers, marker));
  });

  it("the CLI lints the bait workspace in every mode without running any of it", () => {
    const runs: Record<string, CliRun> = {
      syntax: lintBlocked(["--no-typed", "--format", "json"]),
      typedSarif: lintBlocked(["--typed", "--format", "sarif"]),
      cache: lintBlocked(["--no-typed", "--cache", "--format", "json"]),
      cacheAgain: lintBlocked(["--no-typed", "--cache", "--format", "json"]),
      // Last, in the default mode (types where a tsconfig covers the file): it rewrites the flagged files, and
      // both findings have safe fixes, so nothing is left and it exits 0.
      fix: lintBlocked(["--fix", "--format", "json"]),
    };
    // TypeScript reads the tsconfig a project extends as JSON text: the JavaScript one fails to parse (a warning
    // for the typed runs) and is never run.
    const legacyWarning = /^async-lint: warning: cannot load legacy\/tsconfig\.json \(its files are linted without types\): \S*legacy\/tsconfig\.base\.js:1:1: '\{' expected\.;[^\n]*\n$/;
    expect(runs.syntax).toMatchObject({ code: 1, stderr: "" });
    expect(runs.typedSarif).toMatchObject({ code: 1, stderr: expect.stringMatching(legacyWarning) });
    expect(runs.cache).toMatchObject({ code: 1, stderr: "" });
    expect(runs.cacheAgain).toMatchObject({ code: 1, stdout: runs.cache.stdout, stderr: "" });
    expect(runs.fix).toMatchObject({ code: 0, stderr: expect.stringMatching(legacyWarning) });
    expect(fs.existsSync(path.join(workspace, ".async-lint-cache"))).toBe(true);
    expect(fs.readFileSync(path.join(workspace, "src/main.ts"), "utf8")).not.toBe(MAIN_TS);
    const syntaxFindings = JSON.parse(runs.syntax.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const flagged = syntaxFindings.filter((file) => file.messages.length > 0).map((file) => [path.relative(workspace, file.filePath), file.messages.map((m) => m.ruleId)]);
    expect(flagged).toEqual([
      ["py/app.py", ["no-blocking-call"]],
      ["src/main.ts", ["no-blocking-call"]],
    ]);
    expectNothingExecuted();
  });

  it("the CLI's worker threads get the preload and do not run the bait either", () => {
    const many = path.join(root, "many");
    makeWorkspace(many);
    for (let i = 0; i < MANY_FILES; i++) {
      writeFiles(many, { [`src/gen/file${i}.ts`]: MAIN_TS.replace("./evil.js", "../evil.js"), [`py/gen/app${i}.py`]: APP_PY });
    }
    fs.rmSync(preloadLog, { force: true });
    const run = lintBlocked(["--no-typed", "--workers", "2", "--format", "json"], many);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: "" });
    const results = JSON.parse(run.stdout) as { messages: unknown[] }[];
    expect(results.filter((file) => file.messages.length > 0)).toHaveLength(2 * (MANY_FILES + 1));
    // The preload loaded in the main thread and in two workers, so the silence below covers the workers too.
    const threads = new Set(fs.readFileSync(preloadLog, "utf8").split("\n").filter(Boolean).map((line) => line.split(" thread ")[1]));
    expect([...threads].sort()).toEqual(["0", "1", "2"]);
    expectNothingExecuted();
  });

  it("the language server checks and offers fixes for the bait files without running any of it", async () => {
    // A fresh copy: the CLI's --fix run has fixed the first one.
    const project = path.join(root, "lsp");
    makeWorkspace(project);
    const client = await LspClient.start({ workspaceFolders: [project], env: blockingEnv() });
    try {
      for (const file of ["src/main.ts", "py/app.py"]) {
        const uri = await client.open(path.join(project, file));
        const diagnostics = await client.diagnostics(uri);
        expect(diagnostics.map((d) => d.code)).toEqual(["no-blocking-call"]);
        const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
        expect(actions.length).toBeGreaterThan(0);
      }
      expect(client.processAlive).toBe(true);
    } finally {
      await client.stop();
    }
    expect(client.stderrText).toBe("");
    expectNothingExecuted();
  });
});
