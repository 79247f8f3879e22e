// Other files for syntax mode's cross-file analyses (a helper imported from `./util` that blocks): open
// documents as typed, other files of the same workspace folder from disk. Nothing outside the folder, nothing
// in node_modules, so following an import never reads arbitrary files.
import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { parsePython } from "../rules/lang/python/parser";
import type { PyTree } from "../rules/lang/python/tree";
import { isTypeScriptFamilyFile, parseTypeScript } from "../rules/lang/typescript/parse";
import type { ProjectSources } from "../rules/core/sources";
import { normalize, type OpenFiles } from "./projects";

export class EditorSources {
  private readonly parsed = new Map<string, { version: string; sourceFile: ts.SourceFile | undefined }>();
  /** Python trees by path. The same tree object stays while the file is unchanged: summaries cached on it stay valid. */
  private readonly pythonParsed = new Map<string, { version: string; tree: PyTree | undefined }>();

  constructor(
    private readonly openFiles: OpenFiles,
    private readonly workspaceFolders: () => readonly string[],
  ) {}

  /** The files visible from a document: its workspace folder (or its own folder when it is in none). */
  for(filePath: string): ProjectSources {
    const root = this.workspaceFolders().find((folder) => isInside(filePath, folder)) ?? path.dirname(filePath);
    const visible = (other: string) => isInside(other, root) && !isInNodeModules(other, root);
    return {
      sourceFile: (other) => (visible(other) ? this.sourceFile(other) : undefined),
      pythonFile: (other) => (visible(other) ? this.pythonFile(other) : undefined),
    };
  }

  /** A file on disk changed: its parse is dropped. */
  invalidate(filePath: string): void {
    this.parsed.delete(normalize(filePath));
    this.pythonParsed.delete(normalize(filePath));
  }

  private pythonFile(filePath: string): PyTree | undefined {
    if (!filePath.endsWith(".py")) return undefined;
    const fileName = normalize(filePath);
    const open = this.openFiles.get(fileName);
    const version = open ? `open:${open.version}` : "disk";
    const cached = this.pythonParsed.get(fileName);
    if (cached?.version === version) return cached.tree;
    const text = open?.text ?? readText(filePath);
    let tree: PyTree | undefined;
    try {
      // Keyed by path, as the linter parses a document: an open file's tree is shared with its own lint.
      tree = text === undefined ? undefined : parsePython(text, fileName);
    } catch {
      tree = undefined; // the Python parser is not loaded
    }
    this.pythonParsed.set(fileName, { version, tree });
    return tree;
  }

  private sourceFile(filePath: string): ts.SourceFile | undefined {
    if (!isTypeScriptFamilyFile(filePath)) return undefined;
    const fileName = normalize(filePath);
    const open = this.openFiles.get(fileName);
    const version = open ? `open:${open.version}` : "disk";
    const cached = this.parsed.get(fileName);
    if (cached?.version === version) return cached.sourceFile;
    const text = open?.text ?? readText(filePath);
    const sourceFile = text === undefined ? undefined : parseTypeScript(fileName, text);
    this.parsed.set(fileName, { version, sourceFile });
    return sourceFile;
  }
}

function readText(filePath: string): string | undefined {
  try {
    // A FIFO or device in the workspace would block the server forever.
    if (!fs.statSync(filePath).isFile()) return undefined;
    return fs.readFileSync(filePath, "utf8").replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
}

function isInside(filePath: string, dir: string): boolean {
  const relative = path.relative(dir, filePath);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function isInNodeModules(filePath: string, root: string): boolean {
  return path.relative(root, filePath).split(/[\\/]/).includes("node_modules");
}
