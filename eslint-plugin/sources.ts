import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { isTypeScriptFamilyFile, parseTypeScript } from "../rules/lang/typescript/parse";
import type { ProjectSources } from "../rules/core/sources";

/**
 * Other files for syntax mode's cross-file analyses (a helper imported from `./util` that blocks). ESLint does
 * not tell a plugin which files it lints, so the files visible are those under ESLint's working directory
 * (outside node_modules), as the editor sees its workspace folder; typed mode uses the program instead.
 * A parse is kept while the file's size and modification time are unchanged, so an editor's long-lived
 * ESLint sees saved changes.
 */
export class DiskSources {
  private readonly parsed = new Map<string, { stamp: string; sourceFile: ts.SourceFile | undefined }>();

  under(root: string): ProjectSources {
    const base = path.resolve(root);
    return { sourceFile: (filePath) => (isVisible(path.resolve(filePath), base) ? this.sourceFile(path.resolve(filePath)) : undefined) };
  }

  private sourceFile(filePath: string): ts.SourceFile | undefined {
    let stamp: string;
    try {
      const stat = fs.statSync(filePath);
      if (!stat.isFile()) return undefined;
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return undefined;
    }
    const cached = this.parsed.get(filePath);
    if (cached?.stamp === stamp) return cached.sourceFile;
    let sourceFile: ts.SourceFile | undefined;
    try {
      sourceFile = parseTypeScript(filePath, fs.readFileSync(filePath, "utf8").replace(/^\uFEFF/, ""));
    } catch {
      sourceFile = undefined;
    }
    this.parsed.set(filePath, { stamp, sourceFile });
    return sourceFile;
  }
}

function isVisible(filePath: string, root: string): boolean {
  const relative = path.relative(root, filePath);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return false;
  return isTypeScriptFamilyFile(filePath) && !relative.split(path.sep).includes("node_modules");
}
