import { LintCancelled, type ReportDescriptor } from "../../core/model";
import type { RuleDefinition } from "../../core/rule";
import type { SourceComment } from "../../core/suppressions";
import type { ProjectSources } from "../../core/sources";
import { PyFileAnalysis } from "./analysis";
import type { PyVisitor, PyVisitors } from "./detector";
import { parsePythonToLint } from "./parser";
import type { PyNode, PyTree } from "./tree";
import { createRuleGuard } from "../../core/rule-guard";

export interface PyRuleRun {
  rule: RuleDefinition;
  options: unknown;
  report(descriptor: ReportDescriptor<string>): void;
}

export interface PyLintInput {
  filePath: string;
  text: string;
  rules: PyRuleRun[];
  /** Other files of the lint set, for analyses that follow imports (`pythonFile`). */
  sources?: ProjectSources;
  /** A rule's failure: on one node (`offset` given: that node was skipped) or for the whole file. */
  onRuleError(rule: RuleDefinition, error: unknown, offset?: number): void;
  /** Asked before each node: true stops the lint with LintCancelled. */
  isCancelled?: () => boolean;
}

export interface PyLintOutput {
  comments: SourceComment[];
}

/** Parses the file (reusing the tree of an unchanged text), walks it once and dispatches nodes to the rules. */
export function lintPythonFile(input: PyLintInput): PyLintOutput {
  const tree = parsePythonToLint(input.text, input.filePath);
  // Shared with lints of other files that read this one through an import (and read before it).
  const analysis = PyFileAnalysis.of(tree);
  const handlers = new Map<string, PyVisitor[]>();
  const endHandlers: (() => void)[] = [];
  for (const run of input.rules) {
    const detector = run.rule.detectors.python;
    if (!detector) continue;
    const guard = createRuleGuard((failure) => input.onRuleError(run.rule, failure.error, failure.offset));
    let visitors: PyVisitors;
    try {
      visitors = detector({
        filePath: input.filePath,
        text: input.text,
        options: run.options,
        tree,
        analysis,
        sources: input.sources,
        report: (descriptor) => run.report(tree.hasError ? withoutFixes(descriptor) : descriptor),
      });
    } catch (error) {
      input.onRuleError(run.rule, error);
      continue;
    }
    for (const [type, visitor] of Object.entries(visitors)) {
      if (!visitor) continue;
      if (type === "onEnd") endHandlers.push(guard.end(visitor as () => void));
      else {
        const list = handlers.get(type);
        const guarded = guard.node(visitor as PyVisitor, (node) => node.start);
        if (list) list.push(guarded);
        else handlers.set(type, [guarded]);
      }
    }
  }
  if (handlers.size > 0) walk(tree.root, handlers, input.isCancelled);
  for (const end of endHandlers) end();
  return { comments: directiveComments(tree) };
}

/** Pre-order walk with an explicit stack; ERROR subtrees are skipped. */
function walk(root: PyNode, handlers: Map<string, PyVisitor[]>, isCancelled: (() => boolean) | undefined): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    if (isCancelled?.()) throw new LintCancelled();
    const node = stack.pop()!;
    if (node.type === "ERROR") continue;
    const forType = handlers.get(node.type);
    if (forType) for (const handler of forType) handler(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/**
 * In a file that does not parse, no fix is offered (findings stay): a fix must leave the file parsing, which
 * cannot be promised for a file that does not, and the parser's recovery may have misread the code around.
 * The rule's fix producer is dropped unbuilt.
 */
function withoutFixes(descriptor: ReportDescriptor<string>): ReportDescriptor<string> {
  return descriptor.fixes ? { ...descriptor, fixes: undefined, maySafelyFix: false } : descriptor;
}

/**
 * Comments as suppression directives see them. A comment holding several `#` parts
 * (`# noqa: E501  # async-lint-disable-line no-blocking-call`) gives one entry per part.
 */
export function directiveComments(tree: PyTree): SourceComment[] {
  const comments: SourceComment[] = [];
  for (const comment of tree.comments) {
    const raw = comment.text;
    const parts = /#[^#]*/g;
    for (let m = parts.exec(raw); m; m = parts.exec(raw)) {
      const start = comment.start + m.index;
      const text = m[0].replace(/\s+$/, "");
      comments.push({ body: text.slice(1), range: { start, end: start + text.length } });
    }
  }
  return comments;
}
