import ts from "typescript";
import type { ReportDescriptor } from "../../core/model";
import type { RuleDefinition } from "../../core/rule";
import type { SourceComment } from "../../core/suppressions";
import { TsFileAnalysis } from "./analysis";
import { directiveComments } from "./comments";
import type { TsVisitor, TsVisitors } from "./detector";
import { parseTypeScript } from "./parse";
import type { ProjectSources } from "../../core/sources";
import { createRuleGuard } from "../../core/rule-guard";

export interface TsRuleRun {
  rule: RuleDefinition;
  options: unknown;
  report(descriptor: ReportDescriptor<string>): void;
}

export interface TsLintInput {
  filePath: string;
  text: string;
  /** Typed mode: the program that contains the file (its source file is reused, not re-parsed). */
  program?: ts.Program;
  /** Syntax mode: a parse of exactly `text` to reuse (parent nodes set), e.g. the one call chains already made. */
  sourceFile?: ts.SourceFile;
  rules: TsRuleRun[];
  sources?: ProjectSources;
  /** A rule's failure: on one node (`offset` given: that node was skipped) or for the whole file. */
  onRuleError(rule: RuleDefinition, error: unknown, offset?: number): void;
}

export interface TsLintOutput {
  comments: SourceComment[];
  typed: boolean;
}

/** Walks the file once and dispatches each node to the rules that asked for its kind. */
export function lintTypeScriptFile(input: TsLintInput): TsLintOutput {
  const programFile = input.program?.getSourceFile(input.filePath);
  const typed = !!programFile && programFile.text === input.text;
  const reusable = input.sourceFile && input.sourceFile.text === input.text ? input.sourceFile : undefined;
  const sourceFile = typed ? programFile! : (reusable ?? parseTypeScript(input.filePath, input.text));
  const checker = typed ? input.program!.getTypeChecker() : undefined;
  const analysis = new TsFileAnalysis(sourceFile, checker);

  const handlers: TsVisitor[][] = [];
  const endHandlers: (() => void)[] = [];
  for (const run of input.rules) {
    const detector = run.rule.detectors.typescript;
    if (!detector) continue;
    const guard = createRuleGuard((failure) => input.onRuleError(run.rule, failure.error, failure.offset));
    let visitors: TsVisitors;
    try {
      visitors = detector({
        filePath: input.filePath,
        text: input.text,
        options: run.options,
        sourceFile,
        checker,
        program: typed ? input.program : undefined,
        analysis,
        sources: input.sources,
        report: run.report,
      });
    } catch (error) {
      input.onRuleError(run.rule, error);
      continue;
    }
    for (const [key, visitor] of Object.entries(visitors)) {
      if (key === "onEnd") {
        endHandlers.push(guard.end(visitor as () => void));
        continue;
      }
      const kind = Number(key);
      (handlers[kind] ??= []).push(guard.node(visitor as TsVisitor, (node) => nodeOffset(node, sourceFile)));
    }
  }

  walk(sourceFile, handlers);
  for (const end of endHandlers) end();
  return { comments: directiveComments(sourceFile), typed };
}

/** Pre-order walk with an explicit stack, so deeply nested code cannot overflow the call stack. */
function walk(root: ts.Node, handlers: TsVisitor[][]): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node) => {
    children.push(child);
  };
  const collectAll = (nodes: ts.NodeArray<ts.Node>) => {
    for (const child of nodes) children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const forKind = handlers[node.kind];
    if (forKind) for (const handler of forKind) handler(node);
    children.length = 0;
    ts.forEachChild(node, collect, collectAll);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Where a node starts (after its leading comments), for a failure report. */
function nodeOffset(node: ts.Node, sourceFile: ts.SourceFile): number {
  try {
    return node.getStart(sourceFile);
  } catch {
    return Math.max(0, node.pos);
  }
}
