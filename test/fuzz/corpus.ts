// The real files the fuzzer mutates and the fix-safety check runs on: every rule's fixtures, examples/, the
// CLI's fixtures, bench/corpus when present, and any extra folders (e.g. /tmp/corpus/node_modules).
import * as fs from "node:fs";
import * as path from "node:path";
import { languageOf } from "../../rules/core/engine";
import type { FuzzLanguage } from "./mutators";

/** The repository root: the nearest folder up holding package.json (this file also runs bundled, from test/fuzz/.build). */
export const REPO = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "rules"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
})();

export interface CorpusFile {
  filePath: string;
  language: FuzzLanguage;
  /** The nearest tsconfig.json inside the source folder (typed fixtures). */
  tsconfigPath?: string;
}

const SKIPPED_DIRS = new Set([".git", "dist", "coverage", ".cache"]);
/** Fix outputs are the fixtures' expected results, not inputs. */
const FIX_OUTPUT = /\.(fixed|suggested)(\.typed)?\.[a-z]+$/;

/** Default sources; `extra` adds folders (node_modules folders inside them are walked too). */
export function corpusRoots(extra: readonly string[] = []): string[] {
  const roots = [path.join(REPO, "rules"), path.join(REPO, "examples"), path.join(REPO, "test", "cli", "fixtures"), path.join(REPO, "bench", "corpus")];
  return [...roots, ...extra].filter((root) => fs.existsSync(root));
}

/** Files under the roots, sorted, at most `maxBytes` each. Rule sources are inputs too (real TypeScript). */
export function listCorpus(roots: readonly string[], options: { maxBytes?: number; limit?: number } = {}): CorpusFile[] {
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const files: CorpusFile[] = [];
  const visit = (dir: string, tsconfigPath: string | undefined, root: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const here = entries.some((e) => e.isFile() && e.name === "tsconfig.json") && dir !== root ? path.join(dir, "tsconfig.json") : undefined;
    const config = here ?? tsconfigPath;
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (options.limit !== undefined && files.length >= options.limit) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full, config, root);
      } else if (entry.isFile()) {
        const language = languageOf(full);
        if (!language || FIX_OUTPUT.test(entry.name)) continue;
        let size: number;
        try {
          size = fs.statSync(full).size;
        } catch {
          continue;
        }
        if (size === 0 || size > maxBytes) continue;
        files.push({ filePath: full, language, tsconfigPath: config });
      }
    }
  };
  for (const root of roots) visit(root, undefined, root);
  return files;
}

/** Reads a corpus file as text; undefined for files that are not UTF-8 text (the CLI skips those too). */
export function readCorpusText(filePath: string): string | undefined {
  const raw = fs.readFileSync(filePath);
  if (raw.subarray(0, 8000).includes(0)) return undefined;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
    return text.startsWith("\ufeff") ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
