import type ts from "typescript";
import { AsyncContextFinder } from "./async-context";
import { ImportPlanner } from "./imports";
import { TsResolver } from "./resolve";
import type { TypeQuestions } from "./type-questions";

/** Per-file analyses that several rules share; built lazily, once per file. */
export class TsFileAnalysis {
  private resolverInstance?: TsResolver;
  private asyncContextsInstance?: AsyncContextFinder;
  private importsInstance?: ImportPlanner;

  constructor(
    readonly sourceFile: ts.SourceFile,
    /** Typed mode with either engine (type-questions.ts). */
    readonly types?: TypeQuestions,
  ) {}

  get resolver(): TsResolver {
    return (this.resolverInstance ??= new TsResolver(this.types));
  }

  get asyncContexts(): AsyncContextFinder {
    return (this.asyncContextsInstance ??= new AsyncContextFinder((id) => this.resolver.isGlobal(id)));
  }

  get imports(): ImportPlanner {
    return (this.importsInstance ??= new ImportPlanner(this.sourceFile));
  }
}
