import type ts from "typescript";
import type { BaseRuleContext } from "../../core/context";
import type { TsFileAnalysis } from "./analysis";
import type { ProjectSources } from "../../core/sources";
import type { TypeQuestions } from "./type-questions";

export type TsVisitor = (node: ts.Node) => void;

/** Visitors keyed by syntax kind; the engine walks each file once and calls them in document order. */
export type TsVisitors = { [Kind in ts.SyntaxKind]?: TsVisitor } & { onEnd?: () => void };

export interface TsRuleContext<MessageId extends string, Options> extends BaseRuleContext<MessageId, Options> {
  readonly sourceFile: ts.SourceFile;
  /** Typed mode with the TypeScript 6 engine: its program (which files it holds, their imports); no checker. */
  readonly program?: ts.Program;
  /** Present in typed mode only, with either engine: every type question a rule asks (type-questions.ts). */
  readonly types?: TypeQuestions;
  /** Other files of the lint set, for syntax-mode analyses that follow relative imports. */
  readonly sources?: ProjectSources;
  /** Shared, cached analyses of this file: name resolution, async contexts, imports. */
  readonly analysis: TsFileAnalysis;
}

export type TsDetector<MessageId extends string, Options> = (context: TsRuleContext<MessageId, Options>) => TsVisitors;
