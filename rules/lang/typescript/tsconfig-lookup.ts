// Which tsconfig owns a file, found like tsserver does: up the folders from the file, the nearest tsconfig.json
// whose file list includes it; one that does not (a solution's `"files": []`, an `include` that leaves the file out)
// has its project references searched for one that does, then the search goes on upwards. Only file lists are read
// here (no program): the CLI builds programs only for tsconfigs that own a linted file, the server one per owner.
import * as path from "node:path";
import ts from "typescript";

/** A tsconfig read for its options, references and file list. */
export interface LoadedTsconfig {
  kind: "loaded";
  /** Absolute path, as given (the folder's tsconfig.json, or a reference's file). */
  path: string;
  parsed: ts.ParsedCommandLine;
  /** `parsed.fileNames` in TypeScript's form (absolute, forward slashes), for membership. */
  fileNames: ReadonlySet<string>;
}

export interface BrokenTsconfig {
  kind: "broken";
  path: string;
  message: string;
}

/** Reads one tsconfig (following `extends`); a problem makes it unusable. Callers keep their own message format. */
export type ReadTsconfig = (tsconfigPath: string) => ts.ParsedCommandLine | { problem: string };

export interface TsconfigSearch {
  /** The tsconfig whose file list includes the file. */
  owner: LoadedTsconfig | undefined;
  /** A tsconfig.json up the folders that failed to load: the search stopped there (its files get no types). */
  stoppedAt: BrokenTsconfig | undefined;
  /** Every tsconfig that failed to load on the way: `stoppedAt`, and references that were skipped. */
  problems: BrokenTsconfig[];
  /** The tsconfigs read, in the order searched (the owner, when found, last). */
  searched: LoadedTsconfig[];
}

export class TsconfigLookup {
  private readonly configs = new Map<string, LoadedTsconfig | BrokenTsconfig>();
  private readonly stale = new Set<string>();
  private readonly nearestByDir = new Map<string, string | undefined>();

  constructor(private readonly read: ReadTsconfig = readTsconfig) {}

  ownerOf(filePath: string): TsconfigSearch {
    const fileName = typeScriptName(filePath);
    const search: TsconfigSearch = { owner: undefined, stoppedAt: undefined, problems: [], searched: [] };
    // One visit per tsconfig and file: references may form cycles, or point back up at a folder's tsconfig.json.
    const visited = new Set<string>();
    for (let dir = path.dirname(path.resolve(filePath)); ; ) {
      const tsconfigPath = this.nearest(dir);
      if (!tsconfigPath) break;
      const config = this.config(tsconfigPath);
      if (config.kind === "broken") {
        search.stoppedAt = config;
        search.problems.push(config);
        break;
      }
      if (this.searchFrom(config, fileName, visited, search)) break;
      const parent = path.dirname(path.dirname(tsconfigPath));
      if (parent === path.dirname(tsconfigPath)) break;
      dir = parent;
    }
    return search;
  }

  /** The tsconfig as read (cached; re-read once stale). */
  config(tsconfigPath: string): LoadedTsconfig | BrokenTsconfig {
    const cached = this.configs.get(tsconfigPath);
    if (cached && !this.stale.has(tsconfigPath)) return cached;
    this.stale.delete(tsconfigPath);
    const read = this.read(tsconfigPath);
    let config: LoadedTsconfig | BrokenTsconfig;
    if ("problem" in read) {
      // A re-read after files came or went that fails keeps the file list it had (its tsconfig itself did not change).
      if (cached) return cached;
      config = { kind: "broken", path: tsconfigPath, message: read.problem };
    } else {
      config = { kind: "loaded", path: tsconfigPath, parsed: read, fileNames: new Set(read.fileNames.map(typeScriptName)) };
    }
    this.configs.set(tsconfigPath, config);
    return config;
  }

  /**
   * A tsconfig (or jsconfig, or a config one `extends`) was created, changed or deleted: it and every tsconfig that
   * extends it are read again, and the nearest ones found again. Returns the tsconfigs read so far that this changes
   * (the file itself, if it was read as a tsconfig, and those extending it).
   */
  forget(changedPath: string): string[] {
    const changed = typeScriptName(changedPath);
    const forgotten: string[] = [];
    for (const [tsconfigPath, config] of this.configs) {
      const extended = config.kind === "loaded" ? extendedFilesOf(config.parsed) : [];
      if (tsconfigPath === changedPath || extended.some((file) => typeScriptName(file) === changed)) forgotten.push(tsconfigPath);
    }
    for (const tsconfigPath of [changedPath, ...forgotten]) {
      this.configs.delete(tsconfigPath);
      this.stale.delete(tsconfigPath);
    }
    this.nearestByDir.clear();
    return forgotten;
  }

  /** A source file was created or deleted: the tsconfigs in the folders above it read their include globs again. */
  fileAddedOrRemoved(filePath: string): void {
    for (const tsconfigPath of this.configs.keys()) {
      if (isInside(path.resolve(filePath), path.dirname(tsconfigPath))) this.stale.add(tsconfigPath);
    }
  }

  /** Depth-first through the references, in their order: the first tsconfig that lists the file owns it. */
  private searchFrom(config: LoadedTsconfig, fileName: string, visited: Set<string>, search: TsconfigSearch): boolean {
    if (visited.has(config.path)) return false;
    visited.add(config.path);
    search.searched.push(config);
    if (config.fileNames.has(fileName)) {
      search.owner = config;
      return true;
    }
    for (const reference of config.parsed.projectReferences ?? []) {
      // A reference names a tsconfig file or a folder (its tsconfig.json).
      const referencedPath = path.resolve(ts.resolveProjectReferencePath(reference));
      if (visited.has(referencedPath)) continue;
      const referenced = this.config(referencedPath);
      if (referenced.kind === "broken") {
        visited.add(referencedPath);
        search.problems.push(referenced);
        continue;
      }
      if (this.searchFrom(referenced, fileName, visited, search)) return true;
    }
    return false;
  }

  /** The nearest tsconfig.json at or above `dir` (not looking out of a node_modules folder). */
  private nearest(dir: string): string | undefined {
    if (this.nearestByDir.has(dir)) return this.nearestByDir.get(dir);
    const candidate = path.join(dir, "tsconfig.json");
    let found: string | undefined;
    if (ts.sys.fileExists(candidate)) found = candidate;
    else if (path.basename(dir) !== "node_modules" && path.dirname(dir) !== dir) found = this.nearest(path.dirname(dir));
    this.nearestByDir.set(dir, found);
    return found;
  }
}

/** "No inputs were found in config file" (18003) and "The 'files' list in config file is empty" (18002). */
const LISTS_NO_FILE = new Set([18002, 18003]);

/**
 * Reads a tsconfig as `tsc -p` would (following `extends`); any error but listing no file (a solution's or a base
 * config's `"files": []`, an `include` matching nothing), a JSON syntax error included, makes it unusable.
 * Messages name files in full, or by their base name (`"base"`).
 */
export function readTsconfig(tsconfigPath: string, fileNames: "full" | "base" = "full"): ts.ParsedCommandLine | { problem: string } {
  const flatten = (diagnostic: ts.Diagnostic) => flattenDiagnostic(diagnostic, fileNames);
  let problem: string | undefined;
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => path.dirname(tsconfigPath),
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      problem = flatten(diagnostic);
    },
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, undefined, host);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (problem || !parsed) return { problem: problem ?? "unreadable" };
  // The JSON's own syntax errors are not in `parsed.errors` (a truncated file parses as far as it goes).
  // A tsconfig that lists no file (`"files": []` used as a base that others extend, an `include` that matches nothing)
  // is not broken for linting: it owns no file, and the search goes on.
  const fatal = ts.getConfigFileParsingDiagnostics(parsed).filter((e) => e.category === ts.DiagnosticCategory.Error && !LISTS_NO_FILE.has(e.code));
  if (fatal.length > 0) return { problem: fatal.map(flatten).join("; ") };
  return parsed;
}

function flattenDiagnostic(diagnostic: ts.Diagnostic, fileNames: "full" | "base"): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const fileName = fileNames === "base" ? path.basename(diagnostic.file.fileName) : diagnostic.file.fileName;
    return `${fileName}:${line + 1}:${character + 1}: ${message}`;
  }
  return message;
}

/** The configs a tsconfig `extends`, directly or through others (TypeScript keeps them on the parsed config's source file). */
function extendedFilesOf(parsed: ts.ParsedCommandLine): readonly string[] {
  const configFile = parsed.options.configFile as ts.TsConfigSourceFile | undefined;
  return configFile?.extendedSourceFiles ?? [];
}

/** TypeScript's file names: absolute, forward slashes. */
function typeScriptName(filePath: string): string {
  return path.resolve(filePath).split(path.sep).join("/");
}

function isInside(fileName: string, dir: string): boolean {
  const relative = path.relative(dir, fileName);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
