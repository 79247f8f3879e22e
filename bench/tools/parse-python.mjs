// The floor for Python: read each file of a list and parse it with web-tree-sitter and the tree-sitter-python
// grammar, the same wasm files dist/cli.js loads (the repository's node_modules), one thread, nothing else: no
// walk over the tree, no copy. Usage: node parse-python.mjs <file-list>
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(path.join(REPO, "package.json"));
const { Parser, Language } = require("web-tree-sitter");

await Parser.init({ wasmBinary: fs.readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")) });
const language = await Language.load(fs.readFileSync(require.resolve("tree-sitter-python/tree-sitter-python.wasm")));
const parser = new Parser();
parser.setLanguage(language);

const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
let chars = 0;
let topLevelStatements = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  chars += text.length;
  const tree = parser.parse(text);
  // Keeps the parse observable, so no engine could skip it.
  topLevelStatements += tree.rootNode.childCount;
  tree.delete();
}
const version = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "web-tree-sitter", "package.json"), "utf8")).version;
process.stdout.write(JSON.stringify({ tool: "web-tree-sitter", version, files: files.length, chars, topLevelStatements }) + "\n");
