// Other files for syntax mode's cross-file analyses (a helper imported from `./util` that blocks): open
// documents as typed, other files of the same workspace folder from disk. Nothing outside the folder, nothing
// in node_modules, so following an import never reads arbitrary files.
import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { isTypeScriptFamilyFile, parseTypeScript } from "../rules/lang/typescript/parse";
import type { ProjectSources } from "../rules/lang/typescript/project-files";
import { normalize, type OpenFiles } from "./projects";

export class EditorSources {
  private readonly parsed = new Map<string, { version: string; sourceFile: ts.SourceFile | undefined }>();

  constructor(
    private readonly openFiles: OpenFiles,
    private readonly workspaceFolders: () => readonly string[],
  ) {}

  /** The files visible from a document: its workspace folder (or its own folder when it is in none). */
  for(filePath: string): ProjectSources {
    const root = this.workspaceFolders().find((folder) => isInside(filePath, folder)) ?? path.dirname(filePath);
    return { sourceFile: (other) => (isInside(other, root) && !isInNodeModules(other, root) ? this.sourceFile(other) : undefined) };
  }

  /** A file on disk changed: its parse is dropped. */
  invalidate(filePath: string): void {
    this.parsed.delete(normalize(filePath));
  }

  private sourceFile(filePath: string): ts.SourceFile | undefined {
    if (!isTypeScriptFamilyFile(filePath)) return undefined;
    const fileName = normalize(filePath);
    const open = this.openFiles.get(fileName);
    const version = open ? `open:${open.version}` : "disk";
    const cached = this.parsed.get(fileName);
    if (cached?.version === version) return cached.sourceFile;
    let text = open?.text;
    if (text === undefined) {
      try {
        text = fs.readFileSync(filePath, "utf8").replace(/^\uFEFF/, "");
      } catch {
        text = undefined;
      }
    }
    const sourceFile = text === undefined ? undefined : parseTypeScript(fileName, text);
    this.parsed.set(fileName, { version, sourceFile });
    return sourceFile;
  }
}

function isInside(filePath: string, dir: string): boolean {
  const relative = path.relative(dir, filePath);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function isInNodeModules(filePath: string, root: string): boolean {
  return path.relative(root, filePath).split(/[\\/]/).includes("node_modules");
}
