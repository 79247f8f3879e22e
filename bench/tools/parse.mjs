// The floor for syntax mode: read each file of a list and parse it with ts.createSourceFile as async-lint's
// TypeScript front end does (rules/lang/typescript/parse.ts: JSDoc not parsed), with parent pointers set, which
// every rule needs (async-lint sets them in the pass that lists the nodes for its rules; here TypeScript does), with
// the TypeScript that dist/cli.js loads (the repository's). Usage: node parse.mjs <file-list>
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ts = createRequire(path.join(REPO, "package.json"))("typescript");

const SCRIPT_KINDS = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
let nodes = 0;
let bytes = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  bytes += text.length;
  const sourceFile = ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    SCRIPT_KINDS[path.extname(file)] ?? ts.ScriptKind.Unknown,
  );
  // Keeps the parse observable, so no engine could skip it.
  nodes += sourceFile.statements.length;
}
process.stdout.write(JSON.stringify({ tool: "typescript", version: ts.version, files: files.length, chars: bytes, topLevelStatements: nodes }) + "\n");
