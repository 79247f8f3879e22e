// The files of the lint set, for analyses that follow imports into other files (syntax mode in TypeScript,
// always in Python; typed mode uses the program instead). Language-neutral: each language's parse comes from its
// front end, and the lint set keeps one parse per file and language until the file's text changes.
import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { parsePython } from "../lang/python/parser";
import type { PyTree } from "../lang/python/tree";
import { isTypeScriptFamilyFile, parseTypeScript } from "../lang/typescript/parse";

/**
 * Other files of the project. Only files in the lint set are visible: following an import never reads
 * arbitrary files.
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

/** How one language's files are recognised and parsed (by its front end). */
interface SourceLanguage<Parsed> {
  accepts(absolutePath: string): boolean;
  parse(absolutePath: string, text: string): Parsed;
}

const TYPESCRIPT: SourceLanguage<ts.SourceFile> = { accepts: isTypeScriptFamilyFile, parse: parseTypeScript };
// Keyed by path: the Python linter parses the same text under the same key, so both get one tree.
const PYTHON: SourceLanguage<PyTree> = { accepts: (file) => file.endsWith(".py"), parse: (file, text) => parsePython(text, file) };

/** Project sources read from disk for a CLI run: the lint set, parsed lazily, once each. */
export class LintSetSources implements ProjectSources {
  private readonly files: Set<string>;
  private readonly parsed = new Map<SourceLanguage<unknown>, Map<string, unknown>>();
  /** Texts given by `update`, which replace what is on disk. */
  private readonly texts = new Map<string, string>();

  constructor(files: Iterable<string>, private readonly readText: (filePath: string) => string = (f) => fs.readFileSync(f, "utf8")) {
    this.files = new Set([...files].map((f) => path.resolve(f)));
  }

  has(filePath: string): boolean {
    return this.files.has(path.resolve(filePath));
  }

  sourceFile(filePath: string): ts.SourceFile | undefined {
    return this.parse(TYPESCRIPT, filePath);
  }

  /** The parse already made for a file (by call chains that followed an import into it), without parsing. */
  loadedSourceFile(filePath: string): ts.SourceFile | undefined {
    return this.parsed.get(TYPESCRIPT)?.get(path.resolve(filePath)) as ts.SourceFile | undefined;
  }

  pythonFile(filePath: string): PyTree | undefined {
    return this.parse(PYTHON, filePath);
  }

  /** Replaces a file's text (an editor buffer, a file just fixed); its old parses are dropped. */
  update(filePath: string, text: string): void {
    const absolute = path.resolve(filePath);
    this.files.add(absolute);
    this.texts.set(absolute, text);
    for (const byPath of this.parsed.values()) byPath.delete(absolute);
  }

  private parse<Parsed>(language: SourceLanguage<Parsed>, filePath: string): Parsed | undefined {
    const absolute = path.resolve(filePath);
    if (!this.files.has(absolute) || !language.accepts(absolute)) return undefined;
    let byPath = this.parsed.get(language);
    if (!byPath) this.parsed.set(language, (byPath = new Map()));
    if (!byPath.has(absolute)) {
      let parsed: Parsed | undefined;
      try {
        parsed = language.parse(absolute, this.textOf(absolute));
      } catch {
        parsed = undefined;
      }
      byPath.set(absolute, parsed);
    }
    return byPath.get(absolute) as Parsed | undefined;
  }

  private textOf(absolute: string): string {
    return this.texts.get(absolute) ?? this.readText(absolute).replace(/^\uFEFF/, "");
  }
}
