import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { parsePython } from "../python/parser";
import type { PyTree } from "../python/tree";
import { isTypeScriptFamilyFile, parseTypeScript } from "./parse";

/**
 * Other files of the project, for syntax-mode analyses that follow relative imports (typed mode uses the
 * program instead). Only files in the lint set are visible: following an import never reads arbitrary files.
 */
export interface ProjectSources {
  /** The parsed file at an absolute path, if it is in the lint set. */
  sourceFile(filePath: string): ts.SourceFile | undefined;
  /**
   * The parsed Python file at an absolute path, if it is in the lint set. The same tree object is returned while
   * the file is unchanged: analyses cache per-function summaries on it and check they still hold by identity.
   */
  pythonFile?(filePath: string): PyTree | undefined;
}

const RESOLUTION_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** The file a relative import specifier refers to, among the files `exists` accepts. */
export function resolveRelativeImport(fromFile: string, specifier: string, exists: (filePath: string) => boolean): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  const withoutJs = target.replace(/\.(m|c)?js$/, "");
  const candidates = [
    target,
    ...RESOLUTION_EXTENSIONS.map((ext) => withoutJs + ext),
    ...RESOLUTION_EXTENSIONS.map((ext) => path.join(target, "index" + ext)),
  ];
  return candidates.find(exists);
}

/** Project sources read from disk for a CLI run: the lint set, parsed lazily, once each. */
export class LintSetSources implements ProjectSources {
  private readonly files: Set<string>;
  private readonly parsed = new Map<string, ts.SourceFile | undefined>();
  private readonly pythonParsed = new Map<string, PyTree | undefined>();
  /** Texts given by `update`, which replace what is on disk. */
  private readonly texts = new Map<string, string>();

  constructor(files: Iterable<string>, private readonly readText: (filePath: string) => string = (f) => fs.readFileSync(f, "utf8")) {
    this.files = new Set([...files].map((f) => path.resolve(f)));
  }

  has(filePath: string): boolean {
    return this.files.has(path.resolve(filePath));
  }

  sourceFile(filePath: string): ts.SourceFile | undefined {
    const absolute = path.resolve(filePath);
    if (!this.files.has(absolute) || !isTypeScriptFamilyFile(absolute)) return undefined;
    if (!this.parsed.has(absolute)) {
      let sourceFile: ts.SourceFile | undefined;
      try {
        sourceFile = parseTypeScript(absolute, this.textOf(absolute));
      } catch {
        sourceFile = undefined;
      }
      this.parsed.set(absolute, sourceFile);
    }
    return this.parsed.get(absolute);
  }

  /** The parse already made for a file (by call chains that followed an import into it), without parsing. */
  loadedSourceFile(filePath: string): ts.SourceFile | undefined {
    return this.parsed.get(path.resolve(filePath));
  }

  pythonFile(filePath: string): PyTree | undefined {
    const absolute = path.resolve(filePath);
    if (!this.files.has(absolute) || !absolute.endsWith(".py")) return undefined;
    if (!this.pythonParsed.has(absolute)) {
      let tree: PyTree | undefined;
      try {
        // Keyed by path: the linter parses the same text under the same key, so both get one tree.
        tree = parsePython(this.textOf(absolute), absolute);
      } catch {
        tree = undefined;
      }
      this.pythonParsed.set(absolute, tree);
    }
    return this.pythonParsed.get(absolute);
  }

  /** Replaces a file's text (an editor buffer, a file just fixed); its old parse is dropped. */
  update(filePath: string, text: string): void {
    const absolute = path.resolve(filePath);
    this.files.add(absolute);
    this.texts.set(absolute, text);
    this.parsed.delete(absolute);
    this.pythonParsed.delete(absolute);
  }

  private textOf(absolute: string): string {
    return this.texts.get(absolute) ?? this.readText(absolute).replace(/^\uFEFF/, "");
  }
}
