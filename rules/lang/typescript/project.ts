import * as path from "node:path";
import ts from "typescript";

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
  const host = ts.createCompilerHost(options, setParentNodes);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return host;
}

/**
 * Typed mode for batch runs: one `ts.Program` per tsconfig, found from each file like tsserver does
 * (nearest tsconfig.json up the folders). A tsconfig that fails to load degrades its files to syntax mode.
 */
export class TsProjects {
  private readonly programs = new Map<string, ts.Program | undefined>();
  private readonly configByDir = new Map<string, string | undefined>();
  readonly problems: ProjectLoadProblem[] = [];

  tsconfigFor(filePath: string): string | undefined {
    return this.findConfig(path.dirname(path.resolve(filePath)));
  }

  /** The program of the file's tsconfig when that program contains the file. */
  programFor(filePath: string): ts.Program | undefined {
    const tsconfigPath = this.tsconfigFor(filePath);
    if (!tsconfigPath) return undefined;
    const program = this.load(tsconfigPath);
    return program?.getSourceFile(path.resolve(filePath)) ? program : undefined;
  }

  private findConfig(dir: string): string | undefined {
    if (this.configByDir.has(dir)) return this.configByDir.get(dir);
    const candidate = path.join(dir, "tsconfig.json");
    let found: string | undefined;
    if (ts.sys.fileExists(candidate)) found = candidate;
    else if (path.basename(dir) !== "node_modules") {
      const parent = path.dirname(dir);
      found = parent !== dir ? this.findConfig(parent) : undefined;
    }
    this.configByDir.set(dir, found);
    return found;
  }

  private load(tsconfigPath: string): ts.Program | undefined {
    if (this.programs.has(tsconfigPath)) return this.programs.get(tsconfigPath);
    let program: ts.Program | undefined;
    const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
    if (read.error) {
      this.problems.push({ tsconfigPath, message: flatten(read.error) });
    } else {
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
      const fatal = parsed.errors.filter((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18003 /* no inputs */);
      if (fatal.length > 0) {
        this.problems.push({ tsconfigPath, message: fatal.map(flatten).join("; ") });
      } else {
        const options = { ...parsed.options, noEmit: true };
        program = ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences, host: createLintCompilerHost(options) });
      }
    }
    this.programs.set(tsconfigPath, program);
    return program;
  }
}

function flatten(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
  }
  return message;
}
