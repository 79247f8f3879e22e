// Ruff's flake8-async rules (ASYNC) over a list of Python files through @astral-sh/ruff-wasm-nodejs, the only
// Ruff build on the npm registry. Run it with `node --liftoff-only` (baseline compiler only): V8's optimising
// WebAssembly tier otherwise spends seconds compiling ruff's module in the background, which is start-up cost
// rather than linting. Usage: node --liftoff-only ruff.mjs <file-list>
import * as fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ruff = require("@astral-sh/ruff-wasm-nodejs");

const workspace = new ruff.Workspace({ lint: { select: ["ASYNC"] } }, ruff.PositionEncoding.Utf16);
const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const counts = {};
let findings = 0;
for (const file of files) {
  for (const diagnostic of workspace.check(fs.readFileSync(file, "utf8"))) {
    findings++;
    counts[diagnostic.code ?? "syntax-error"] = (counts[diagnostic.code ?? "syntax-error"] ?? 0) + 1;
  }
}
process.stdout.write(JSON.stringify({ tool: "ruff-wasm", version: ruff.Workspace.version(), files: files.length, findings, counts }) + "\n");
