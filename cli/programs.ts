// Typed mode for the CLI: which ts.Program (if any) lints a file, and programs updated with fixed text.
import * as path from "node:path";
import ts from "typescript";
import { languageOf } from "../rules/core/engine";
import { type BuiltProgram, createLintCompilerHost, TsProjects } from "../rules/lang/typescript/project";

export interface TypedProgramsOptions {
  /** `undefined`: typed where a tsconfig covers the file; `true`: also an inferred program for the rest; `false`: never. */
  mode: boolean | undefined;
  /** Called once per tsconfig that failed to load; its files are linted without types. */
  onProjectProblem(tsconfigPath: string, message: string): void;
  /** Called after each program is built (for --debug). */
  onProgram?(built: BuiltProgram): void;
}

/** Options of the program made for files no tsconfig covers, with --typed. Close to tsserver's inferred projects. */
const inferredOptions = (): ts.CompilerOptions => ({
  allowJs: true,
  checkJs: false,
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  jsx: ts.JsxEmit.Preserve,
});

export class TypedPrograms {
  private readonly projects: TsProjects;
  private problemsSeen = 0;
  private inferred: ts.Program | undefined;
  /** Time spent reading tsconfigs and building programs, for --debug. */
  loadMs = 0;

  constructor(private readonly options: TypedProgramsOptions) {
    this.projects = new TsProjects(options.onProgram);
  }

  /**
   * Reads which tsconfigs own the files of the run (`lintSet`: a shard's or a worker's too, so that a file is typed
   * the same way in any part of the run). Their programs are built when first needed.
   */
  plan(lintSet: readonly string[]): void {
    if (this.options.mode === false) return;
    const started = performance.now();
    this.projects.plan(lintSet.filter((file) => languageOf(file) === "typescript"));
    this.loadMs += performance.now() - started;
  }

  /** With --typed, builds one inferred program for the TypeScript-family files no tsconfig covers. */
  prepare(files: readonly string[]): void {
    if (this.options.mode !== true) return;
    const uncovered = files.filter((file) => languageOf(file) === "typescript" && !this.projectProgramFor(file));
    if (uncovered.length === 0) return;
    const started = performance.now();
    const options = inferredOptions();
    this.inferred = ts.createProgram({ rootNames: uncovered, options, host: createLintCompilerHost(options) });
    const ms = performance.now() - started;
    this.loadMs += ms;
    this.options.onProgram?.({ tsconfigPath: undefined, program: this.inferred, ms });
  }

  programFor(filePath: string): ts.Program | undefined {
    if (this.options.mode === false || languageOf(filePath) !== "typescript") return undefined;
    const program = this.projectProgramFor(filePath);
    if (program) return program;
    return this.inferred?.getSourceFile(filePath) ? this.inferred : undefined;
  }

  /** The tsconfig whose program types the file (TsProjects.tsconfigFor), without building it. */
  tsconfigFor(filePath: string): string | undefined {
    const tsconfigPath = this.projects.tsconfigFor(filePath);
    this.reportProblems();
    return tsconfigPath;
  }

  private projectProgramFor(filePath: string): ts.Program | undefined {
    const started = performance.now();
    const program = this.projects.programFor(filePath);
    this.loadMs += performance.now() - started;
    this.reportProblems();
    return program;
  }

  private reportProblems(): void {
    const problems = this.projects.problems;
    for (; this.problemsSeen < problems.length; this.problemsSeen++) {
      this.options.onProjectProblem(problems[this.problemsSeen].tsconfigPath, problems[this.problemsSeen].message);
    }
  }
}

/**
 * The program with one file's text replaced (after fixes), so the next lint pass is typed too.
 * Unchanged source files are reused from the old program.
 */
export function programWithText(program: ts.Program, filePath: string, text: string): ts.Program {
  const options = program.getCompilerOptions();
  const host = createLintCompilerHost(options, true);
  const target = path.resolve(filePath);
  const fallback = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (path.resolve(fileName) === target) {
      // The same JSDoc parsing as the host's other files (the options object carries the host's mode).
      return ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
    }
    const known = program.getSourceFile(fileName);
    // A package installed twice at the same version is one file redirected to the other; TypeScript rebuilds the
    // redirect itself and refuses one from the host, so give it the file as read from disk.
    return (known && unredirected(known)) ?? fallback(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
  };
  return ts.createProgram({
    rootNames: program.getRootFileNames(),
    options,
    projectReferences: program.getProjectReferences(),
    host,
    oldProgram: program,
  });
}

/** The source file itself for a redirect (`redirectInfo` is internal to TypeScript), or the file. */
function unredirected(file: ts.SourceFile): ts.SourceFile {
  return (file as ts.SourceFile & { redirectInfo?: { unredirected: ts.SourceFile } }).redirectInfo?.unredirected ?? file;
}
