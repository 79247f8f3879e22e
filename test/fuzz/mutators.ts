// Mutators: each turns a real source file into the kind of input a linter meets in an editor or in CI
// (half-typed code, pasted garbage, generated or minified files, odd encodings). All are deterministic given the
// PRNG, so an input is replayed from (seed, mutator, file).
import ts from "typescript";
import { parsePython } from "../../rules/lang/python/parser";
import { scriptKindOf } from "../../rules/lang/typescript/parse";
import type { Prng } from "./prng";

export type FuzzLanguage = "typescript" | "python";

export interface MutationInput {
  filePath: string;
  text: string;
  language: FuzzLanguage;
}

export interface Mutation {
  text: string;
  /** What was done, to print with a failure (e.g. "cut at 1234"). */
  detail: string;
  /**
   * Bytes for drivers that write files (CLI), when the input is not valid UTF-8 text; in-process drivers lint
   * `text`, which is what a host gets after decoding those bytes with replacement characters.
   */
  bytes?: Buffer;
}

export interface Mutator {
  name: string;
  /** Large inputs: the drivers run fewer of them and check the time budget per MB on them. */
  heavy?: boolean;
  apply(input: MutationInput, rng: Prng): Mutation;
}

/** Offsets where a token starts or ends: the TypeScript scanner, or the Python parser's nodes and tokens. */
export function tokenBoundaries(input: MutationInput): number[] {
  const boundaries = new Set<number>([0, input.text.length]);
  if (input.language === "python") {
    const tree = parsePython(input.text);
    const visit = (node: { start: number; end: number; children: readonly unknown[]; tokens: readonly unknown[] }) => {
      boundaries.add(node.start);
      boundaries.add(node.end);
      for (const token of node.tokens as typeof node[]) {
        boundaries.add(token.start);
        boundaries.add(token.end);
      }
    };
    // Iterative: the trees of deeply nested inputs are deep.
    const stack = [tree.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      visit(node);
      stack.push(...node.children);
    }
    for (const comment of tree.comments) boundaries.add(comment.end);
  } else {
    const kind = scriptKindOf(input.filePath);
    const variant = kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, variant, input.text);
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      boundaries.add(scanner.getTokenStart());
      boundaries.add(scanner.getTokenEnd());
    }
  }
  return [...boundaries].filter((offset) => offset >= 0 && offset <= input.text.length).sort((a, b) => a - b);
}

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const truncate: Mutator = {
  name: "truncate-at-token",
  apply(input, rng) {
    const boundaries = tokenBoundaries(input);
    const at = rng.pick(boundaries);
    return { text: input.text.slice(0, at), detail: `cut at ${at} of ${input.text.length}` };
  },
};

const deleteLines: Mutator = {
  name: "delete-lines",
  apply(input, rng) {
    const all = lines(input.text);
    const from = rng.int(all.length);
    const count = 1 + rng.int(Math.min(5, all.length - from));
    all.splice(from, count);
    return { text: all.join(""), detail: `deleted lines ${from + 1}..${from + count}` };
  },
};

const duplicateLines: Mutator = {
  name: "duplicate-lines",
  apply(input, rng) {
    const all = lines(input.text);
    const from = rng.int(all.length);
    const count = 1 + rng.int(Math.min(5, all.length - from));
    const copy = all.slice(from, from + count);
    all.splice(rng.int(all.length + 1), 0, ...copy);
    return { text: all.join(""), detail: `duplicated lines ${from + 1}..${from + count}` };
  },
};

const BRACKETS = ["(", ")", "[", "]", "{", "}", "`", '"', "'", "${", "/*", "*/", "<", ">", '"""', ":"];
const unbalance: Mutator = {
  name: "unbalance-brackets",
  apply(input, rng) {
    let text = input.text;
    const edits: string[] = [];
    for (let i = 1 + rng.int(3); i > 0; i--) {
      const at = rng.int(text.length + 1);
      if (rng.chance(0.5)) {
        // Delete a bracket near the chosen point.
        const next = text.slice(at).search(/[()[\]{}]/);
        if (next >= 0) {
          text = text.slice(0, at + next) + text.slice(at + next + 1);
          edits.push(`-bracket@${at + next}`);
          continue;
        }
      }
      const bracket = rng.pick(BRACKETS);
      text = text.slice(0, at) + bracket + text.slice(at);
      edits.push(`+${bracket}@${at}`);
    }
    return { text, detail: edits.join(" ") };
  },
};

/** Characters a text may hold after decoding anything: controls, NUL, lone surrogates, U+FFFD, wide characters. */
const ODD_CHARS = ["\0", "\u0001", "\u001b", "\u007f", "\ud800", "\udfff", "\ufffd", "\u2028", "\u2029", "\u200b", "\ufeff", "😀", "\t", "\r", "\n", "\\", "é", "\u0085"];
const randomBytes: Mutator = {
  name: "random-bytes",
  apply(input, rng) {
    let text = input.text;
    const count = 1 + rng.int(8);
    for (let i = 0; i < count; i++) {
      const at = rng.int(text.length + 1);
      const char = rng.chance(0.5) ? rng.pick(ODD_CHARS) : String.fromCharCode(rng.int(0x80));
      const replace = rng.chance(0.5) ? 1 : 0;
      text = text.slice(0, at) + char + text.slice(at + replace);
    }
    return { text, detail: `${count} random characters` };
  },
};

/** Input bytes that are not UTF-8: the CLI must skip the file with a warning; in-process, the decoded text is linted. */
const nonUtf8: Mutator = {
  name: "non-utf8",
  apply(input, rng) {
    const bytes = Buffer.from(input.text, "utf8");
    const at = rng.int(bytes.length + 1);
    const bad = Buffer.from(rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]));
    const mutated = Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
    return { text: new TextDecoder("utf-8").decode(mutated), bytes: mutated, detail: `bytes ${bad.toString("hex")} at byte ${at}` };
  },
};

const crlfBom: Mutator = {
  name: "crlf-bom",
  apply(input, rng) {
    const variant = rng.int(4);
    let text = input.text;
    if (variant !== 1) text = text.replace(/\r?\n/g, "\r\n");
    if (variant === 3) text = text.replace(/\r\n/g, "\r");
    if (variant >= 1) text = "\ufeff" + text;
    return { text, detail: ["crlf", "bom", "crlf+bom", "cr+bom"][variant] };
  },
};

export const NESTING_DEPTH = 10_000;

/** Deeply nested code, inserted at a token boundary of the file (or replacing it). */
const TS_NESTINGS: ((depth: number) => string)[] = [
  (n) => `const a = ${"(".repeat(n)}1${")".repeat(n)};\n`,
  (n) => `const b = ${"[".repeat(n)}${"]".repeat(n)};\n`,
  (n) => `const c = ${"{a:".repeat(n)}1${"}".repeat(n)};\n`,
  (n) => `async function f() { return ${"await ".repeat(n)}g(); }\n`,
  (n) => `const d = ${"async () => ".repeat(n)}1;\n`,
  (n) => `async function h() {\n${"if (x) {".repeat(n)}readFileSync(p);${"}".repeat(n)}\n}\n`,
  (n) => `const e = x${".then(() => y)".repeat(n)};\n`,
  (n) => `const s = ${"1 + ".repeat(n)}1;\n`,
  (n) => `const t = ${"f(".repeat(n)}${")".repeat(n)};\n`,
  (n) => `const u = ${"`${".repeat(n)}1${"}`".repeat(n)};\n`,
  // Unclosed: the parser has to give up somewhere.
  (n) => `async function k() { ${"(".repeat(n)}\n`,
];
const PY_NESTINGS: ((depth: number) => string)[] = [
  (n) => `a = ${"(".repeat(n)}1${")".repeat(n)}\n`,
  (n) => `b = ${"[".repeat(n)}${"]".repeat(n)}\n`,
  (n) => `async def f():\n    return ${"await ".repeat(n)}g()\n`,
  (n) => `c = ${"lambda: ".repeat(n)}1\n`,
  (n) => `d = x${".y()".repeat(n)}\n`,
  (n) => `e = ${"1 + ".repeat(n)}1\n`,
  (n) => `async def h():\n${Array.from({ length: Math.min(n, 100) }, (_, i) => `${" ".repeat(i + 1)}if x:\n`).join("")}${" ".repeat(Math.min(n, 100) + 1)}time.sleep(1)\n`,
  (n) => `g = ${"f(".repeat(n)}${")".repeat(n)}\n`,
  (n) => `async def k():\n    ${"(".repeat(n)}\n`,
];
const deepNesting: Mutator = {
  name: "deep-nesting",
  heavy: true,
  apply(input, rng) {
    const templates = input.language === "python" ? PY_NESTINGS : TS_NESTINGS;
    const index = rng.int(templates.length);
    const nested = templates[index](NESTING_DEPTH);
    if (rng.chance(0.3)) return { text: nested, detail: `template ${index} alone` };
    // At the start of a line, so the insertion does not also cut a token.
    const all = lines(input.text);
    const at = rng.int(all.length + 1);
    all.splice(at, 0, nested);
    return { text: all.join(""), detail: `template ${index} at line ${at + 1}` };
  },
};

export const BIG_FILE_BYTES = 10 * 1024 * 1024;
const bigFile: Mutator = {
  name: "big-file",
  heavy: true,
  apply(input) {
    // Repeated whole files: declarations repeat, so names clash, as in a generated bundle.
    const copies = Math.max(1, Math.ceil(BIG_FILE_BYTES / Math.max(1, input.text.length)));
    const separator = input.text.endsWith("\n") ? "" : "\n";
    return { text: (input.text + separator).repeat(copies), detail: `${copies} copies` };
  },
};

/** One line: TypeScript's tokens joined by spaces (comments dropped); Python's simple statements joined by `;`. */
const minify: Mutator = {
  name: "minify-one-line",
  apply(input) {
    if (input.language === "python") {
      // Python cannot put compound statements on one line; joining every line with `; ` gives a file the
      // parser mostly rejects, which is what a minified file looks like to it.
      return { text: input.text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).join("; ") + "\n", detail: "joined with ;" };
    }
    const kind = scriptKindOf(input.filePath);
    const variant = kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, input.text);
    const parts: string[] = [];
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      // Keep newlines inside templates and strings; a line break between statements matters for ASI, so a
      // `;` is not inserted: the result is what a careless minifier produces, sometimes not valid.
      parts.push(scanner.getTokenText());
    }
    return { text: parts.join(" "), detail: `${parts.length} tokens` };
  },
};

export const MUTATORS: readonly Mutator[] = [truncate, deleteLines, duplicateLines, unbalance, randomBytes, nonUtf8, crlfBom, deepNesting, bigFile, minify];

export function mutatorByName(name: string): Mutator {
  const found = MUTATORS.find((m) => m.name === name);
  if (!found) throw new Error(`unknown mutator ${name} (known: ${MUTATORS.map((m) => m.name).join(", ")})`);
  return found;
}
