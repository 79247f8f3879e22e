// Type information for the editor: one TypeScript LanguageService per tsconfig project, found from the document
// like tsserver does (the nearest tsconfig.json up the folders that includes the file, or a project it references
// that does: rules/lang/typescript/tsconfig-lookup.ts, shared with the CLI), and an inferred project
// with default options per workspace folder for files no tsconfig covers. Open documents override the disk, so
// each edit re-checks incrementally: only the changed file is parsed again, the rest comes from the registry.
// The server's TypeScript 6 programs are built in its typed-linting worker (typed-worker.ts); the main thread's
// service only finds which project a document belongs to.
import * as path from "node:path";
import ts from "typescript";
import { type LoadedTsconfig, readTsconfig, TsconfigLookup } from "../rules/lang/typescript/tsconfig-lookup";
import { type SourcesOfReferences, useSourcesOfReferences } from "../rules/lang/typescript/project";
import { DiskCache } from "./disk-cache";
import type { Logger } from "./log";
import type { TypedMode } from "./protocol";

export interface OpenFileText {
  text: string;
  version: number | string;
}

/** The editor's view of files: open documents' current text (by normalised absolute path). */
export interface OpenFiles {
  get(filePath: string): OpenFileText | undefined;
}

/** OpenFiles over a thread's open documents, kept by URI: which path each is open at is told on open and close. */
export class OpenDocumentFiles implements OpenFiles {
  private readonly uriByPath = new Map<string, string>();

  constructor(private readonly documentAt: (uri: string) => { getText(): string; version: number } | undefined) {}

  opened(filePath: string, uri: string): void {
    this.uriByPath.set(normalize(filePath), uri);
  }

  closed(filePath: string): void {
    this.uriByPath.delete(normalize(filePath));
  }

  get(fileName: string): OpenFileText | undefined {
    const uri = this.uriByPath.get(fileName);
    const document = uri === undefined ? undefined : this.documentAt(uri);
    return document ? { text: document.getText(), version: document.version } : undefined;
  }
}

/** Options for files outside every tsconfig, like tsserver's inferred projects (and the CLI's --typed). */
export const INFERRED_PROJECT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true,
  checkJs: false,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/** How often a first load reports how far it got. */
const LOAD_REPORT_MS = 100;
/** A project with fewer root files loads quickly: its load reports the binding only. */
const REPORTED_LOAD_ROOTS = 50;
const SOURCE_FILE = /\.(d\.[cm]?ts|[cm]?tsx?|[cm]?jsx?)$/;
/** tsconfig.json, the names references and `extends` often use (tsconfig.app.json, tsconfig-base.json), and jsconfig.json. */
const TSCONFIG_NAME = /^(tsconfig|jsconfig)([.\-_].+)?\.json$/;

export type ProjectKind = "configured" | "inferred";

export class Project {
  private version = 0;
  private loaded = false;
  private rootNames: string[] = [];
  /** Called with each file TypeScript asks for while `loadReporting` runs. */
  private onFileRead: ((fileName: string) => void) | undefined;
  readonly service: ts.LanguageService;

  constructor(
    readonly kind: ProjectKind,
    /** The tsconfig path, or the folder of an inferred project. */
    readonly name: string,
    readonly directory: string,
    readonly options: ts.CompilerOptions,
    projectReferences: readonly ts.ProjectReference[] | undefined,
    files: ProjectService,
    registry: ts.DocumentRegistry,
  ) {
    const host: ts.LanguageServiceHost & SourcesOfReferences = {
      getProjectVersion: () => String(this.version),
      getCompilationSettings: () => this.options,
      getProjectReferences: () => projectReferences,
      getScriptFileNames: () => this.rootNames,
      getScriptVersion: (fileName) => files.versionOf(fileName),
      getScriptSnapshot: (fileName) => {
        this.onFileRead?.(fileName);
        return files.snapshotOf(fileName);
      },
      getCurrentDirectory: () => this.directory,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) => files.exists(fileName),
      readFile: (fileName, encoding) => files.read(fileName, encoding),
      readDirectory: ts.sys.readDirectory,
      directoryExists: (dir) => files.directoryExists(dir),
      getDirectories: ts.sys.getDirectories,
      realpath: (fileName) => files.realpath(fileName),
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
      useSourceOfProjectReferenceRedirect: useSourcesOfReferences,
    };
    this.service = ts.createLanguageService(host, registry);
  }

  setRootNames(rootNames: string[]): void {
    this.rootNames = rootNames;
    this.invalidate();
  }

  /** Something the program depends on changed: the next `program()` re-synchronises (incrementally). */
  invalidate(): void {
    this.version++;
  }

  get rootFileCount(): number {
    return this.rootNames.length;
  }

  /** How the user knows the project: its folder's name and tsconfig, or the folder of an inferred one. */
  get displayName(): string {
    return this.kind === "configured" ? `${path.basename(this.directory)}/${path.basename(this.name)}` : path.basename(this.directory);
  }

  /** Whether a program was built before: the next `program()` is an incremental update, not a full load. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  get loadingMessage(): string {
    return `loading TypeScript project ${this.displayName} (${this.rootFileCount.toLocaleString("en-US")} files)`;
  }

  /**
   * Builds the program and its type checker in one go (in the typed-linting worker, where no message loop waits),
   * reporting how many of the root files were read: the first, one every LOAD_REPORT_MS, the last, then the binding.
   */
  loadReporting(report: (message: string) => void): void {
    const total = this.rootNames.length;
    const unread = new Set(this.rootNames.map(normalize));
    let lastReport = 0;
    const reportRead = (fileName: string) => {
      if (!unread.delete(fileName)) return;
      const read = total - unread.size;
      if (read !== 1 && read !== total && performance.now() - lastReport < LOAD_REPORT_MS) return;
      lastReport = performance.now();
      report(`loading ${this.displayName}: ${read.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} files`);
    };
    if (total >= REPORTED_LOAD_ROOTS) this.onFileRead = reportRead;
    let program: ts.Program | undefined;
    try {
      program = this.program();
    } finally {
      this.onFileRead = undefined;
    }
    report(`binding types of ${(program?.getSourceFiles().length ?? 0).toLocaleString("en-US")} files`);
    program?.getTypeChecker();
  }

  program(): ts.Program | undefined {
    const program = this.service.getProgram();
    this.loaded = true;
    return program;
  }

  dispose(): void {
    this.service.dispose();
  }
}

interface ConfiguredEntry {
  project: Project;
  /** The tsconfig as read when the project's root files were set (a re-read after files came or went replaces it). */
  tsconfig: LoadedTsconfig;
}

export type ProjectLookup =
  | { kind: "typed"; project: Project }
  /** No type information for this file, and why (for the log). */
  | { kind: "syntax"; reason: "typed-off" | "no-tsconfig" | "broken-tsconfig"; tsconfigPath?: string };

export class ProjectService {
  // JSDoc parsed as tsc does (see createLintCompilerHost); the registry and every project's host must agree.
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, undefined, ts.JSDocParsingMode.ParseForTypeErrors);
  /** Which tsconfig owns a file; messages about broken tsconfigs name files by their base name. */
  private readonly tsconfigs = new TsconfigLookup((tsconfigPath) => readTsconfig(tsconfigPath, "base"));
  /** A project per tsconfig that owns an open document. */
  private readonly configured = new Map<string, ConfiguredEntry>();
  private readonly inferred = new Map<string, { project: Project; members: Set<string> }>();
  /** Bumped by file-watcher events; files not open are otherwise assumed unchanged. */
  private readonly diskVersions = new Map<string, number>();
  /** Text that replaces a file for a moment (the intermediate passes of fix-all). */
  private readonly overlays = new Map<string, OpenFileText>();
  /** Which project each open file was last linted with, so closing the last one frees the project. */
  private readonly assignments = new Map<string, Project>();
  /**
   * The disk as module resolution sees it (file existence, package.json contents, real paths), cached like
   * tsserver does: every program update asks again for each import, and the answers only change when the
   * file watcher reports a change, which clears the cache.
   */
  private readonly disk = new DiskCache();
  private readonly snapshots = new Map<string, { version: string; snapshot: ts.IScriptSnapshot | undefined }>();

  constructor(
    private readonly openFiles: OpenFiles,
    private readonly log: Logger,
    /** Workspace folders: an inferred project is rooted at the folder that contains the file. */
    private readonly workspaceFolders: () => readonly string[],
  ) {}

  /** Finds the project for a file without building anything but the tsconfig's file list. */
  lookup(filePath: string, mode: TypedMode): ProjectLookup {
    if (mode === "off") return { kind: "syntax", reason: "typed-off" };
    const fileName = normalize(filePath);
    // The nearest tsconfig that includes the file, or a project it references that does; one that does not (a
    // sibling's) passes the search upwards. A broken tsconfig.json on the way ends it; a broken reference is skipped.
    const search = this.tsconfigs.ownerOf(fileName);
    for (const problem of search.problems) {
      this.log.once(
        `tsconfig:${problem.path}`,
        `Could not load ${problem.path}: ${problem.message.replace(/\.$/, "")}. Files it covers are checked without type information until it is fixed.`,
      );
    }
    if (search.stoppedAt) return { kind: "syntax", reason: "broken-tsconfig", tsconfigPath: search.stoppedAt.path };
    if (search.owner) return this.assign(fileName, this.configuredProject(search.owner));
    if (mode !== "on") return { kind: "syntax", reason: "no-tsconfig" };
    return this.assign(fileName, this.inferredProjectFor(fileName));
  }

  private assign(fileName: string, project: Project): ProjectLookup {
    const previous = this.assignments.get(fileName);
    if (previous !== project) {
      this.assignments.set(fileName, project);
      if (previous) this.releaseIfUnused(previous);
    }
    return { kind: "typed", project };
  }

  /** An open document's text changed: every project that might include it re-synchronises lazily. */
  openFileChanged(): void {
    for (const project of this.allProjects()) project.invalidate();
  }

  /** A document was closed: its project is freed when no other open document uses it. */
  openFileClosed(filePath: string): void {
    const fileName = normalize(filePath);
    const project = this.assignments.get(fileName);
    this.assignments.delete(fileName);
    for (const entry of this.inferred.values()) {
      if (entry.members.delete(fileName)) entry.project.setRootNames([...entry.members]);
    }
    this.openFileChanged();
    if (project) this.releaseIfUnused(project);
  }

  /** File-watcher events (`workspace/didChangeWatchedFiles`). */
  filesChanged(changes: readonly { filePath: string; kind: "created" | "changed" | "deleted" }[]): void {
    let any = false;
    for (const change of changes) {
      const fileName = normalize(change.filePath);
      const base = path.basename(fileName);
      if (base.endsWith(".json") && base !== "package.json") {
        // A tsconfig, or a config tsconfigs extend (tsconfig.base.json): the projects of every tsconfig it is part of load again.
        const affected = this.tsconfigs.forget(path.resolve(fileName));
        for (const tsconfigPath of new Set([path.resolve(fileName), ...affected])) this.dropConfigured(tsconfigPath);
        if (TSCONFIG_NAME.test(base) || affected.length > 0) any = true;
      } else if (SOURCE_FILE.test(fileName) || base === "package.json") {
        this.diskVersions.set(fileName, (this.diskVersions.get(fileName) ?? 0) + 1);
        // Include globs may now match more or fewer files: the tsconfigs above it read them again when next used.
        if (change.kind !== "changed") this.tsconfigs.fileAddedOrRemoved(fileName);
        any = true;
      }
    }
    this.disk.clear();
    for (const change of changes) this.snapshots.delete(normalize(change.filePath));
    if (any) this.openFileChanged();
  }

  /** Runs `fn` while `filePath` reads as `text` in every project (fix-all's intermediate passes). */
  withOverlay<T>(filePath: string, text: string, fn: () => T): T {
    const fileName = normalize(filePath);
    this.overlays.set(fileName, { text, version: `overlay:${++overlayCounter}` });
    this.openFileChanged();
    try {
      return fn();
    } finally {
      this.overlays.delete(fileName);
      this.openFileChanged();
    }
  }

  dispose(): void {
    for (const project of this.allProjects()) project.dispose();
    this.configured.clear();
    this.inferred.clear();
    this.assignments.clear();
    this.snapshots.clear();
  }

  // --- LanguageServiceHost callbacks, shared by every project ---

  versionOf(fileName: string): string {
    const overlay = this.overlays.get(fileName);
    if (overlay) return String(overlay.version);
    const open = this.openFiles.get(fileName);
    if (open) return `open:${open.version}`;
    return `disk:${this.diskVersions.get(fileName) ?? 0}`;
  }

  /** Cached per file version: TypeScript asks for every file's snapshot on each program update. */
  snapshotOf(fileName: string): ts.IScriptSnapshot | undefined {
    const version = this.versionOf(fileName);
    const cached = this.snapshots.get(fileName);
    if (cached?.version === version) return cached.snapshot;
    const text = this.overlays.get(fileName)?.text ?? this.openFiles.get(fileName)?.text ?? ts.sys.readFile(fileName);
    const snapshot = text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    this.snapshots.set(fileName, { version, snapshot });
    return snapshot;
  }

  exists(fileName: string): boolean {
    return this.openFiles.get(fileName) !== undefined || this.disk.fileExists(fileName);
  }

  read(fileName: string, encoding?: string): string | undefined {
    return this.overlays.get(fileName)?.text ?? this.openFiles.get(fileName)?.text ?? this.disk.readFile(fileName, encoding);
  }

  directoryExists(dir: string): boolean {
    return this.disk.directoryExists(dir);
  }

  realpath(fileName: string): string {
    return this.disk.realpath(fileName);
  }

  // --- discovery ---

  private configuredProject(tsconfig: LoadedTsconfig): Project {
    const entry = this.configured.get(tsconfig.path);
    if (entry) {
      // Read again after source files came or went: the same options, another file list.
      if (entry.tsconfig !== tsconfig) {
        entry.tsconfig = tsconfig;
        entry.project.setRootNames(tsconfig.parsed.fileNames);
      }
      return entry.project;
    }
    const { parsed } = tsconfig;
    const options = { ...parsed.options, noEmit: true };
    const project = new Project("configured", tsconfig.path, path.dirname(tsconfig.path), options, parsed.projectReferences, this, this.registry);
    project.setRootNames(parsed.fileNames);
    this.configured.set(tsconfig.path, { project, tsconfig });
    // Once per load of the project: the typed-linting worker's ProjectService says it too, and the log keeps one.
    this.log.once(`tsconfig:${tsconfig.path}:files`, `Project ${tsconfig.path}: ${parsed.fileNames.length} files.`, "info");
    return project;
  }

  private inferredProjectFor(fileName: string): Project {
    const root = this.workspaceFolders().find((folder) => isInside(fileName, folder)) ?? path.dirname(fileName);
    let entry = this.inferred.get(root);
    if (!entry) {
      const project = new Project("inferred", root, root, INFERRED_PROJECT_OPTIONS, undefined, this, this.registry);
      entry = { project, members: new Set() };
      this.inferred.set(root, entry);
    }
    if (!entry.members.has(fileName)) {
      entry.members.add(fileName);
      entry.project.setRootNames([...entry.members]);
    }
    return entry.project;
  }

  private dropConfigured(tsconfigPath: string): void {
    const entry = this.configured.get(tsconfigPath);
    this.configured.delete(tsconfigPath);
    this.log.forget(`tsconfig:${tsconfigPath}`);
    if (entry) {
      for (const [fileName, project] of this.assignments) if (project === entry.project) this.assignments.delete(fileName);
      entry.project.dispose();
    }
  }

  private releaseIfUnused(project: Project): void {
    for (const used of this.assignments.values()) if (used === project) return;
    if (project.kind === "configured") {
      const entry = this.configured.get(project.name);
      if (entry?.project === project) {
        this.configured.delete(project.name);
        this.log.forget(`tsconfig:${project.name}:files`);
        project.dispose();
      }
    } else {
      const entry = this.inferred.get(project.name);
      if (entry?.project === project && entry.members.size === 0) {
        this.inferred.delete(project.name);
        project.dispose();
      }
    }
  }

  private *allProjects(): Iterable<Project> {
    for (const entry of this.configured.values()) yield entry.project;
    for (const entry of this.inferred.values()) yield entry.project;
  }
}

let overlayCounter = 0;

/** TypeScript's file names: absolute, forward slashes. */
export function normalize(filePath: string): string {
  return path.resolve(filePath).split(path.sep).join("/");
}

function isInside(fileName: string, dir: string): boolean {
  const relative = path.relative(dir, fileName);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
