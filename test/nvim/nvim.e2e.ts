// A second, independent LSP client: Neovim's built-in one (Debian's neovim 0.7, headless) drives the built
// server over stdio (test/nvim/quickfix.lua). Needs `nvim` (test/e2e/setup.sh installs it) and a build.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const SERVER = path.join(REPO, "dist/server.js");
// The example service, read in place: Neovim edits its buffer only and never writes the file.
const ROOT = path.join(REPO, "examples/node-service");
const FILE = path.join(ROOT, "src/templates.ts");

it("Neovim shows the diagnostics, applies the preferred quick fix, and the diagnostic clears", () => {
  expect(fs.existsSync(SERVER), "run `npm run build` first").toBe(true);
  const line = fs.readFileSync(FILE, "utf8").split("\n").findIndex((text) => text.includes("const body = fs.readFileSync(")) + 1;
  expect(line).toBeGreaterThan(0);
  const before = fs.readFileSync(FILE, "utf8");
  const run = spawnSync("nvim", ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${path.join(__dirname, "quickfix.lua")}`], {
    cwd: REPO,
    env: { ...process.env, ASYNC_LINT_SERVER: SERVER, ASYNC_LINT_FILE: FILE, ASYNC_LINT_ROOT: ROOT, ASYNC_LINT_LINE: String(line) },
    encoding: "utf8",
    timeout: 90_000,
  });
  expect(run.error, "is Debian's neovim installed? (bash test/e2e/setup.sh)").toBeUndefined();
  const report = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
  expect(report.message, run.stdout + run.stderr).toBe("ok");
  expect(run.status).toBe(0);
  expect(report.diagnostics).toContainEqual(expect.stringMatching(new RegExp(`^${line}:16 async-lint \`fs\\.readFileSync\` blocks the event loop inside async function 'renderPage'`)));
  expect(report.actions).toEqual(["Use await readFile()", "Disable no-blocking-call for this line", "Show documentation for no-blocking-call"]);
  expect(report.fixed_line).toBe('  const body = await readFile(path.join(TEMPLATE_DIR, `${name}.html`), "utf8");');
  expect(report.remaining).toBe(report.diagnostics.length - 1);
  expect(fs.readFileSync(FILE, "utf8")).toBe(before);
}, 120_000);
