// The Python parser: web-tree-sitter with the tree-sitter-python grammar, both WebAssembly.
// Loading wasm is asynchronous while `lintSource` is synchronous, so the host (CLI, server, tests) awaits
// `initPython()` once at startup; after that every parse is synchronous.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Language, Parser } from "web-tree-sitter";
import { directCursors, publicApiCursor, type OpenCursor } from "./cursor";
import { copyTree, type PyNode, type PyTree } from "./tree";

/** The wasm files, as `scripts/build.mjs` copies them into dist/ and as npm installs them. */
const WASM_FILES = {
  runtime: { fileName: "web-tree-sitter.wasm", packagePath: "web-tree-sitter/web-tree-sitter.wasm" },
  python: { fileName: "tree-sitter-python.wasm", packagePath: "tree-sitter-python/tree-sitter-python.wasm" },
} as const;

interface ReadyParser {
  parser: Parser;
  language: Language;
  openCursor: OpenCursor;
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
  // Emscripten makes this object the module: `directCursors` reads the wasm exports from it.
  const wasmModule = { wasmBinary: readWasm(WASM_FILES.runtime) };
  await Parser.init(wasmModule);
  const language = await Language.load(readWasm(WASM_FILES.python));
  const parser = new Parser();
  parser.setLanguage(language);
  ready = { parser, language, openCursor: chooseCursor(parser, language, directCursors(wasmModule)) };
}

/** Covers fields, keywords, operators, comments, nesting, non-ASCII offsets and an ERROR node. */
const CURSOR_SAMPLE = 'import a.b as c\n@d(e=1)\nasync def f(x, *y, **z) -> "é😀":  # c\n    async with g() as h:\n        return not (await x[1:]) is -y\nf(\n';

/** The direct cursor when it copies the sample exactly as the public API does, else the public API. */
function chooseCursor(parser: Parser, language: Language, direct: OpenCursor | undefined): OpenCursor {
  if (!direct) return publicApiCursor;
  const parsed = parser.parse(CURSOR_SAMPLE);
  if (!parsed) return publicApiCursor;
  try {
    const same = treeShape(copyTree(parsed, CURSOR_SAMPLE, language, direct)) === treeShape(copyTree(parsed, CURSOR_SAMPLE, language, publicApiCursor));
    return same ? direct : publicApiCursor;
  } catch {
    return publicApiCursor;
  } finally {
    parsed.delete();
  }
}

/** Parses and copies with web-tree-sitter's public cursor API, uncached: the reference the direct cursor is tested against. */
export function parsePythonWithPublicCursor(text: string): PyTree {
  if (!ready) throw new PythonNotInitializedError();
  const parsed = ready.parser.parse(text);
  if (!parsed) throw new Error("tree-sitter returned no tree");
  try {
    return copyTree(parsed, text, ready.language, publicApiCursor);
  } finally {
    parsed.delete();
  }
}

/** Everything copyTree produces, as text. Exported for tests. */
export function treeShape(tree: PyTree): string {
  const ranges = (list: readonly { start: number; end: number }[]) => list.map((r) => `${r.start}-${r.end}`).join(",");
  return `${shape(tree.root)} comments ${ranges(tree.comments)} errors ${ranges(tree.errorRanges)}`;
}

function shape(node: PyNode): string {
  const tokens = node.tokens.map((token) => `${token.type}:${token.field}@${token.start}-${token.end}`).join(",");
  return `(${node.type}:${node.field}@${node.start}-${node.end}[${tokens}]${node.children.map(shape).join("")})`;
}

/** True when trees are copied with the direct cursor (cursor.ts), as expected with the web-tree-sitter we ship. */
export function usesDirectCursor(): boolean {
  return ready !== undefined && ready.openCursor !== publicApiCursor;
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
 * The last tree parsed under each key for a lint set's sources (which follow imports into other files), held
 * weakly: while the sources keep it, linting that file's same text reuses it instead of parsing it again.
 *
 * Only `parsePython` adds here, not the linter's own parses (`parsePythonToLint`): a WeakRef keeps its target
 * alive until the current job ends (so does `deref()`), and the CLI lints every file in one synchronous job, so
 * a WeakRef to each linted tree kept all of them alive for the whole run (about 130 MB live on 5 MB of Python).
 */
const lastParsed = new Map<string, WeakRef<PyTree>>();

/**
 * Parses Python source. With a `cacheKey` (the file path), the tree of the same text is reused; a new text
 * for the key replaces it. Parsing never fails: syntax errors become ERROR nodes (see `PyTree.errorRanges`).
 */
export function parsePython(text: string, cacheKey?: string): PyTree {
  return parse(text, cacheKey, true);
}

/** `parsePython` for the file being linted: reuses a tree as it does, but does not hold the new one weakly. */
export function parsePythonToLint(text: string, filePath: string): PyTree {
  return parse(text, filePath, false);
}

function parse(text: string, cacheKey: string | undefined, holdWeakly: boolean): PyTree {
  if (cacheKey !== undefined) {
    const cached = cache.get(cacheKey) ?? lastParsed.get(cacheKey)?.deref();
    if (cached && cached.text === text) {
      // Refresh its place in the least-recently-used order.
      cache.delete(cacheKey);
      cache.set(cacheKey, cached);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return cached;
    }
  }
  if (!ready) throw new PythonNotInitializedError();
  const parsed = ready.parser.parse(text);
  if (!parsed) throw new Error("tree-sitter returned no tree");
  let tree: PyTree;
  try {
    tree = copyTree(parsed, text, ready.language, ready.openCursor);
  } finally {
    parsed.delete();
  }
  if (cacheKey !== undefined) {
    cache.delete(cacheKey);
    cache.set(cacheKey, tree);
    if (holdWeakly) lastParsed.set(cacheKey, new WeakRef(tree));
    else lastParsed.delete(cacheKey);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return tree;
}
