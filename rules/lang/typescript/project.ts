import * as path from "node:path";
import ts from "typescript";
import { type LoadedTsconfig, TsconfigLookup } from "./tsconfig-lookup";

export interface ProjectLoadProblem {
  tsconfigPath: string;
  message: string;
}

/**
 * A compiler host that parses JSDoc as `tsc` does (`ParseForTypeErrors`): in .ts/.tsx files only comments with
 * `@see`/`@link`, in JavaScript files all (they carry types there). The rules read no JSDoc nodes and the checker
 * gets the same types, while the comments of every file (lib.dom.d.ts is mostly JSDoc) are neither parsed nor held.
 */
export function createLintCompilerHost(options: ts.CompilerOptions, setParentNodes?: boolean): ts.CompilerHost {
  const host: ts.CompilerHost & SourcesOfReferences = ts.createCompilerHost(options, setParentNodes);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  host.useSourceOfProjectReferenceRedirect = useSourcesOfReferences;
  return host;
}

/**
 * Imports from a referenced project (`references` in tsconfig.json) are typed by its sources, as tsserver does
 * (and so the editor and typescript-eslint's project service), not by its built `.d.ts` files, which a lint run
 * before the build does not have. TypeScript reads the method from any program host; only its watch host declares it.
 */
export interface SourcesOfReferences {
  useSourceOfProjectReferenceRedirect?(): boolean;
}

export const useSourcesOfReferences = (): boolean => true;

/** A program built for a tsconfig, or for files no tsconfig covers (`tsconfigPath` undefined), and what it cost. */
export interface BuiltProgram {
  tsconfigPath: string | undefined;
  program: ts.Program;
  ms: number;
}

/**
 * Typed mode for batch runs: one `ts.Program` per tsconfig that owns a file of the run, found from each file like
 * tsserver does (tsconfig-lookup.ts: the nearest tsconfig.json whose file list includes the file, or a project it
 * references that does). No program is built for a tsconfig that lists none of the run's files. A tsconfig that
 * fails to load degrades its files to syntax mode.
 */
export class TsProjects {
  private readonly lookup = new TsconfigLookup();
  private readonly programs = new Map<string, ts.Program>();
  /** Tsconfigs whose programs the run builds anyway (they own one of its files): see `plan`. */
  private readonly owning = new Set<string>();
  private readonly reported = new Set<string>();
  readonly problems: ProjectLoadProblem[] = [];

  constructor(private readonly onProgram?: (built: BuiltProgram) => void) {}

  /**
   * Notes which tsconfigs own the run's files (reading file lists only). A file no tsconfig lists may then be typed
   * by one of their programs that holds it through an import (a root file imports `../scripts/x.ts`), since that
   * program is built anyway; no program is built just for such a file.
   */
  plan(files: readonly string[]): void {
    for (const file of files) {
      const owner = this.lookup.ownerOf(file).owner;
      if (owner) this.owning.add(owner.path);
    }
  }

  /** The tsconfig whose program types the file: its owner, else the first tsconfig searched whose program is built anyway. */
  tsconfigFor(filePath: string): string | undefined {
    return this.candidates(filePath)[0]?.path;
  }

  /** The program that types the file: its owner's, else a program built anyway that holds the file. */
  programFor(filePath: string): ts.Program | undefined {
    const fileName = path.resolve(filePath);
    for (const tsconfig of this.candidates(filePath)) {
      const program = this.programOf(tsconfig);
      if (program.getSourceFile(fileName)) return program;
    }
    return undefined;
  }

  private candidates(filePath: string): LoadedTsconfig[] {
    const search = this.lookup.ownerOf(filePath);
    for (const problem of search.problems) {
      if (this.reported.has(problem.path)) continue;
      this.reported.add(problem.path);
      this.problems.push({ tsconfigPath: problem.path, message: problem.message });
    }
    if (search.owner) {
      this.owning.add(search.owner.path);
      return [search.owner];
    }
    return search.searched.filter((tsconfig) => this.owning.has(tsconfig.path));
  }

  /** The tsconfig's program, from its own options (a referenced project's `composite` and the like included). */
  private programOf(tsconfig: LoadedTsconfig): ts.Program {
    let program = this.programs.get(tsconfig.path);
    if (program) return program;
    const started = performance.now();
    const { parsed } = tsconfig;
    const options = { ...parsed.options, noEmit: true };
    program = ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences, host: createLintCompilerHost(options) });
    this.programs.set(tsconfig.path, program);
    this.onProgram?.({ tsconfigPath: tsconfig.path, program, ms: performance.now() - started });
    return program;
  }
}
