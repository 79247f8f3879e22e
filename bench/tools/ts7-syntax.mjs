// Syntax mode, TypeScript 6 against 7 (issue 21): the time to get every file's AST on the JavaScript side and walk all
// its nodes, as the rules' walk does. ts6: ts.createSourceFile (parent pointers set) per file. ts7: the native
// compiler parses the files as one program (a tsconfig with only these files: noResolve, noLib, allowJs) and the
// API transfers each file's AST (typescript/unstable/sync, getSourceFile), process start included.
// Usage: node bench/tools/ts7-syntax.mjs <file-list> [rounds]   Prints one JSON line per round and engine.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(path.join(REPO, "package.json"));
const ts = require("typescript");
const { API } = require("typescript7/unstable/sync");

const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const rounds = Number(process.argv[3] ?? 3);

function walk6(node) {
  let count = 1;
  ts.forEachChild(node, (child) => {
    count += walk6(child);
  });
  return count;
}

function walk7(node) {
  let count = 1;
  node.forEachChild(
    (child) => {
      count += walk7(child);
    },
    (children) => {
      for (const child of children) count += walk7(child);
    },
  );
  return count;
}

function ts6() {
  const started = performance.now();
  let nodes = 0;
  for (const file of files) {
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    nodes += walk6(sourceFile);
  }
  return { engine: "ts6 createSourceFile", ms: Math.round(performance.now() - started), nodes };
}

function ts7() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts7-syntax-"));
  const tsconfig = path.join(dir, "tsconfig.json");
  const compilerOptions = { noResolve: true, noLib: true, allowJs: true, checkJs: false, types: [], noEmit: true, skipLibCheck: true };
  fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files }));
  const started = performance.now();
  const api = new API({ cwd: dir });
  const snapshot = api.updateSnapshot({ openProjects: [tsconfig] });
  const project = snapshot.getProject(tsconfig);
  const opened = performance.now();
  let nodes = 0;
  for (const file of files) nodes += walk7(project.program.getSourceFile(file));
  const ms = Math.round(performance.now() - started);
  api.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { engine: "ts7 API getSourceFile", ms, parseMs: Math.round(opened - started), nodes };
}

for (let round = 0; round < rounds; round++) {
  for (const run of round % 2 ? [ts7, ts6] : [ts6, ts7]) console.log(JSON.stringify({ round, files: files.length, load1: os.loadavg()[0].toFixed(1), ...run() }));
}
