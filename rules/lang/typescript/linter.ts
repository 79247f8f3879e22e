import ts from "typescript";
import { LintCancelled, type ReportDescriptor } from "../../core/model";
import type { RuleDefinition } from "../../core/rule";
import type { SourceComment } from "../../core/suppressions";
import { TsFileAnalysis } from "./analysis";
import { directiveComments } from "./comments";
import type { TsVisitor, TsVisitors } from "./detector";
import { parseTypeScriptWithoutParents } from "./parse";
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
  /** Asked before each node: true stops the lint with LintCancelled. */
  isCancelled?: () => boolean;
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
  // A parse made here has no parent pointers yet: the pass that lists the nodes for the rules sets them, before any
  // rule runs (TypeScript's own setParentNodes would walk the whole tree once more).
  const parsedHere = !typed && !reusable;
  const sourceFile = typed ? programFile! : (reusable ?? parseTypeScriptWithoutParents(input.filePath, input.text));
  const nodes = nodesInPreorder(sourceFile, parsedHere);
  const types: TypeQuestions | undefined = typed ? new Ts6TypeQuestions(input.program!) : input.typeQuestions;
  if (types?.prefetch) types.prefetch(prefetchCandidates(sourceFile));
  if (types?.prefetchSymbols) types.prefetchSymbols(calleeNames(sourceFile));
  const analysis = new TsFileAnalysis(sourceFile, types);

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

  const { isCancelled } = input;
  for (const node of nodes) {
    if (isCancelled?.()) throw new LintCancelled();
    const forKind = handlers[node.kind];
    if (forKind) for (const handler of forKind) handler(node);
  }
  for (const end of endHandlers) end();
  return { comments: directiveComments(sourceFile), typed: typed || !!types };
}

/**
 * Every node of the tree in document order (pre-order), found with an explicit stack so that deeply nested code
 * cannot overflow the call stack. With `setParents`, each child gets its parent pointer on the way, as
 * TypeScript's setParentNodes would give it (JSDoc included).
 */
function nodesInPreorder(root: ts.Node, setParents: boolean): ts.Node[] {
  const nodes: ts.Node[] = [];
  const stack: ts.Node[] = [root];
  // Children go straight onto the stack, then their segment is reversed so the first child is popped first: a third
  // faster than gathering them in a list first (emptied per node) and pushing them back.
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  const pushAll = (list: ts.NodeArray<ts.Node>) => {
    for (let i = 0; i < list.length; i++) stack.push(list[i]);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    const first = stack.length;
    ts.forEachChild(node, push, pushAll);
    if (setParents) {
      for (let i = first; i < stack.length; i++) (stack[i] as { parent: ts.Node }).parent = node;
      const jsDoc = (node as { jsDoc?: ts.Node[] }).jsDoc;
      if (jsDoc) for (const comment of jsDoc) setParentsBelow(comment, node);
    }
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const swapped = stack[i];
      stack[i] = stack[j];
      stack[j] = swapped;
    }
  }
  return nodes;
}

/** Parent pointers for a subtree rules do not visit (a JSDoc comment, which TypeScript parses only when asked). */
function setParentsBelow(node: ts.Node, parent: ts.Node): void {
  const stack: [ts.Node, ts.Node][] = [[node, parent]];
  while (stack.length > 0) {
    const [child, of] = stack.pop()!;
    (child as { parent: ts.Node }).parent = of;
    ts.forEachChild(
      child,
      (grandchild) => void stack.push([grandchild, child]),
      (list) => void list.forEach((grandchild) => stack.push([grandchild, child])),
    );
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
 * The nodes the rules will most likely ask the type of (statement expressions, calls, their callees and receivers,
 * conditions and logical operands, property values, spreads, callbacks, class and interface members), so that an
 * engine with a round trip per question can ask for all their types in one request.
 */
function prefetchCandidates(sourceFile: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) found.push(node.expression);
    else if (ts.isConditionalExpression(node)) found.push(node.condition);
    else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) found.push(node.operand);
    else if (ts.isBinaryExpression(node) && isLogicalOperator(node.operatorToken.kind)) found.push(node.left, node.right);
    else if (ts.isPropertyAssignment(node)) found.push(node.initializer);
    else if (ts.isShorthandPropertyAssignment(node)) found.push(node.name);
    else if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) found.push(node.expression);
    else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallOrNewExpression(node.parent)) found.push(node);
    else if ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isMethodSignature(node) || ts.isPropertySignature(node)) && node.name) found.push(node);
    if (ts.isExpressionStatement(node)) found.push(node.expression);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) {
      found.push(node);
      // The callee (its signatures: which arguments are callbacks returning void) and a method call's receiver.
      if (!ts.isAwaitExpression(node)) found.push(node.expression);
      if (!ts.isAwaitExpression(node) && (ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression))) found.push(node.expression.expression);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found;
}

/** The names in each callee (`a.b.c()`: `a`, `b`, `c`), whose symbols name resolution asks for. */
function calleeNames(sourceFile: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      let callee: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(callee) || ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) {
        if (ts.isPropertyAccessExpression(callee)) found.push(callee.name);
        callee = callee.expression;
      }
      if (ts.isIdentifier(callee)) found.push(callee);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found;
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}
