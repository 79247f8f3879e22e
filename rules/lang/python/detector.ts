import type { BaseRuleContext } from "../../core/context";
import type { ProjectSources } from "../../core/sources";
import type { PyFileAnalysis } from "./analysis";
import type { PyNodeType } from "./node-types";
import type { PyNode, PyTree } from "./tree";

export type PyVisitor = (node: PyNode) => void;

/**
 * Visitors keyed by node type (`call`, `with_statement`...); the engine walks each file once and calls them in
 * document order. Nothing inside an ERROR node is visited: the parser could not tell what that code is.
 */
export type PyVisitors = { [Type in PyNodeType]?: PyVisitor } & { onEnd?: () => void };

export interface PyRuleContext<MessageId extends string, Options> extends BaseRuleContext<MessageId, Options> {
  readonly tree: PyTree;
  /** Shared, cached analyses of this file: scopes, name resolution, coroutine contexts, imports. */
  readonly analysis: PyFileAnalysis;
  /** Other files of the lint set (`sources.pythonFile(path)`), for analyses that follow imports across files. */
  readonly sources?: ProjectSources;
}

export type PyDetector<MessageId extends string, Options> = (context: PyRuleContext<MessageId, Options>) => PyVisitors;
