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
import { Ts6TypeQuestions, type TypeQuestions } from "./type-questions";

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
  /**
   * Typed mode without a TypeScript 6 program: type questions answered by another engine (TypeScript 7). Only rules
   * that ask through `context.types` get types then; the others run as in syntax mode.
   */
  typeQuestions?: TypeQuestions;
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
  const types: TypeQuestions | undefined = checker ? new Ts6TypeQuestions(checker, input.program!) : input.typeQuestions;
  if (types?.prefetch) types.prefetch(prefetchCandidates(sourceFile));
  const analysis = new TsFileAnalysis(sourceFile, checker, types);

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
        types,
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
  return { comments: directiveComments(sourceFile), typed: typed || !!types };
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

/**
 * The expressions the rules will most likely ask about (statement expressions, calls and their receivers), so that an
 * engine with a round trip per question can ask for all their types in one request.
 */
function prefetchCandidates(sourceFile: ts.SourceFile): ts.Expression[] {
  const found: ts.Expression[] = [];
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isExpressionStatement(node)) found.push(node.expression);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) {
      found.push(node);
      if (!ts.isAwaitExpression(node) && (ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression))) found.push(node.expression.expression);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found;
}
