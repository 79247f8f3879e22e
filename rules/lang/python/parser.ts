// The Python parser: web-tree-sitter with the tree-sitter-python grammar, both WebAssembly.
// Loading wasm is asynchronous while `lintSource` is synchronous, so the host (CLI, server, tests) awaits
// `initPython()` once at startup; after that every parse is synchronous.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Language, Parser } from "web-tree-sitter";
import { copyTree, type PyTree } from "./tree";

/** The wasm files, as `scripts/build.mjs` copies them into dist/ and as npm installs them. */
const WASM_FILES = {
  runtime: { fileName: "web-tree-sitter.wasm", packagePath: "web-tree-sitter/web-tree-sitter.wasm" },
  python: { fileName: "tree-sitter-python.wasm", packagePath: "tree-sitter-python/tree-sitter-python.wasm" },
} as const;

interface ReadyParser {
  parser: Parser;
  language: Language;
}

let ready: ReadyParser | undefined;
let initializing: Promise<void> | undefined;

/** Thrown when a .py file is linted before `initPython()` has finished. */
export class PythonNotInitializedError extends Error {
  constructor() {
    super("Python support is not initialised: await initPython() (exported by async-lint) once before linting .py files.");
    this.name = "PythonNotInitializedError";
  }
}

/**
 * Loads the parser once; later calls return the same promise. Cheap (~30 ms), so hosts call it at startup
 * whether or not they will see Python files. A failed load can be retried.
 */
export function initPython(): Promise<void> {
  initializing ??= load().catch((error: unknown) => {
    initializing = undefined;
    throw error;
  });
  return initializing;
}

async function load(): Promise<void> {
  await Parser.init({ wasmBinary: readWasm(WASM_FILES.runtime) });
  const language = await Language.load(readWasm(WASM_FILES.python));
  const parser = new Parser();
  parser.setLanguage(language);
  ready = { parser, language };
}

export function isPythonReady(): boolean {
  return ready !== undefined;
}

/**
 * In a build, the wasm files sit beside the bundle (dist/); running from source (vitest), they are
 * resolved from node_modules.
 */
function readWasm(file: { fileName: string; packagePath: string }): Uint8Array {
  const beside = path.join(__dirname, file.fileName);
  let location = beside;
  if (!fs.existsSync(beside)) {
    try {
      location = createRequire(__filename).resolve(file.packagePath);
    } catch {
      throw new Error(`async-lint: ${file.fileName} not found beside ${__dirname} nor in node_modules (${file.packagePath}); the installation is incomplete.`);
    }
  }
  return fs.readFileSync(location);
}

/** Trees of recently linted documents: an editor lints the same version for diagnostics and code actions. */
const CACHE_SIZE = 32;
const cache = new Map<string, PyTree>();

/**
 * Parses Python source. With a `cacheKey` (the file path), the tree of the same text is reused; a new text
 * for the key replaces it. Parsing never fails: syntax errors become ERROR nodes (see `PyTree.errorRanges`).
 */
export function parsePython(text: string, cacheKey?: string): PyTree {
  if (cacheKey !== undefined) {
    const cached = cache.get(cacheKey);
    if (cached && cached.text === text) {
      // Refresh its place in the least-recently-used order.
      cache.delete(cacheKey);
      cache.set(cacheKey, cached);
      return cached;
    }
  }
  if (!ready) throw new PythonNotInitializedError();
  const parsed = ready.parser.parse(text);
  if (!parsed) throw new Error("tree-sitter returned no tree");
  let tree: PyTree;
  try {
    tree = copyTree(parsed, text, ready.language);
  } finally {
    parsed.delete();
  }
  if (cacheKey !== undefined) {
    cache.delete(cacheKey);
    cache.set(cacheKey, tree);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return tree;
}
