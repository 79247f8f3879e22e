// Python rewrites for prefer-concurrent-awaits. Both are suggestions: with `asyncio.gather` every call starts at
// once, and the first exception propagates while the other calls keep running.
import type { Fix, TextEdit } from "../core/model";
import { standaloneStatement } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import type { AccessPath, PyAwaitClassifier, PyAwaitedCall, PyContext } from "./python-classify";

/** A statement that awaits one independent call: `a = await f()`, `a: T = await f()`, `self.x, y = await f()`, or a listed read `await f()`. */
export interface PyCandidate {
  statement: PyNode;
  /** The assignment; absent for a discarded result. */
  assignment?: PyNode;
  target?: PyNode;
  call: PyAwaitedCall;
  reads: AccessPath[];
  writes: AccessPath[];
}

/** A loop whose iterations only read: each awaited call depends on the loop variable and values the loop does not change. */
export interface PyIndependentLoop {
  loop: PyNode;
  awaits: PyAwaitedCall[];
  /** Binding keys of the loop variables. */
  loopKeys: string[];
}

/** Longest single-line statement before the calls go one per line (Black's default line length). */
const MAX_LINE = 88;
/** The name a discarded result is bound to in the rewrite. */
const DISCARD = "_";

/**
 * `a = await f()` / `b: B = await g()` / `await h()` (a listed read) →
 *   b: B
 *   a, b, _ = await asyncio.gather(f(), g(), h())
 * Offered only when every statement stands on its own lines, no comment would be lost, annotations are on plain
 * names, and `_` (for discarded results) is used nowhere in the file.
 */
export function pyRunFix(context: PyContext, run: readonly PyCandidate[]): Fix | undefined {
  const first = run[0].statement;
  const last = run[run.length - 1].statement;
  if (!run.every((c) => standaloneStatement(c.statement))) return undefined;
  const layout = standaloneStatement(first)!;
  const comments = commentsAround(context, run);
  if (!comments) return undefined;

  const annotations: string[] = [];
  const slots: string[] = [];
  for (const candidate of run) {
    if (!candidate.target) {
      slots.push(DISCARD);
      continue;
    }
    const annotation = candidate.assignment!.child("type");
    if (annotation) {
      if (candidate.target.type !== "identifier") return undefined;
      annotations.push(`${candidate.target.text}: ${annotation.text}`);
    }
    slots.push(candidate.target.type === "pattern_list" ? `(${candidate.target.text})` : candidate.target.text);
  }
  const discards = slots.filter((slot) => slot === DISCARD).length;
  if (discards > 0 && discards < slots.length && usesName(context, DISCARD)) return undefined;

  const gather = context.analysis.imports.reference("asyncio", "gather", first);
  if (!gather) return undefined;
  const { indent, newline } = layout;
  const unit = indentUnit(context, first, indent);
  const head = discards === slots.length ? "" : `${slots.join(", ")} = `;
  const callTexts = run.map((c) => reindented(c.call.call, unit));
  const firstComment = comments.trailing[0] ? `  ${comments.trailing[0]}` : "";
  const singleLine = `${head}await ${gather.expression}(${callTexts.join(", ")})`;
  const hasElementComments = comments.leading.some((list, i) => i > 0 && list.length > 0) || comments.trailing.some((c, i) => i > 0 && c);
  let statement = singleLine + firstComment;
  if (hasElementComments || indent.length + singleLine.length > MAX_LINE || callTexts.some((text) => text.includes("\n"))) {
    const inner = indent + unit;
    const elements = callTexts.map((text, i) =>
      [...comments.leading[i].map((c) => inner + c), `${inner}${text},${i > 0 && comments.trailing[i] ? `  ${comments.trailing[i]}` : ""}`].join(newline),
    );
    statement = `${head}await ${gather.expression}(${firstComment}${newline}${elements.join(newline)}${newline}${indent})`;
  }
  const replacement = [...annotations, statement].join(newline + indent);
  const edits: TextEdit[] = [...gather.edits, { start: first.start, end: comments.end, text: replacement }];
  return { title: `Run the ${run.length} awaits concurrently with asyncio.gather`, edits, safety: "unsafe" };
}

/**
 * The comments of a run, per statement: own-line comments before it (none for the first, which keeps its place) and
 * the one after it on its line; `end` is where the replaced text ends (after the last statement's comment). Comments
 * inside a call move with it. Undefined when a comment sits inside a statement but outside its call, where the
 * rewrite could not keep it.
 */
function commentsAround(context: PyContext, run: readonly PyCandidate[]): { leading: string[][]; trailing: (string | undefined)[]; end: number } | undefined {
  const leading: string[][] = run.map(() => []);
  const trailing: (string | undefined)[] = run.map(() => undefined);
  const first = run[0].statement;
  const last = run[run.length - 1].statement;
  const lastLineEnd = lineEnd(context.tree.text, last.end);
  let end = last.end;
  for (const comment of context.tree.comments) {
    if (comment.start < first.start || comment.start >= lastLineEnd) continue;
    const index = run.findIndex((c) => comment.start < c.statement.end);
    if (index >= 0 && comment.start > run[index].statement.start) {
      const call = run[index].call.call;
      if (comment.start >= call.start && comment.end <= call.end) continue;
      return undefined;
    }
    if (index >= 0) {
      // Before statement `index`: on a line of its own, or after the previous statement on its line.
      const previous = run[index - 1].statement;
      if (comment.start < lineEnd(context.tree.text, previous.end)) trailing[index - 1] = comment.text;
      else leading[index].push(comment.text);
    } else {
      trailing[run.length - 1] = comment.text;
      end = comment.end;
    }
  }
  return { leading, trailing, end };
}

function lineEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  return end;
}

/**
 * `for x in xs: out.append(await f(x))` → `out.extend(await asyncio.gather(*(f(x) for x in xs)))`, and a listed
 * read `for x in xs: await f(x)` → `await asyncio.gather(*(f(x) for x in xs))`. Results keep the input order. Offered
 * only when the body is that one statement, `out` is a list nothing else in the loop reads, and the loop variables
 * are not used after the loop (the generator's variables do not outlive it).
 */
export function pyLoopFix(context: PyContext, classifier: PyAwaitClassifier, found: PyIndependentLoop): Fix | undefined {
  const { loop } = found;
  const body = loop.child("body")!;
  const target = loop.child("left")!;
  const iterable = loop.child("right")!;
  if (found.awaits.length !== 1 || body.children.length !== 1) return undefined;
  const statement = body.children[0];
  if (statement.type !== "expression_statement" || statement.children.length !== 1) return undefined;
  const awaited = found.awaits[0];
  const expression = skipParentheses(statement.children[0]);
  let sink: string | undefined;
  if (expression.type === "call") {
    const callee = skipParentheses(expression.child("function")!);
    const args = expression.child("arguments");
    if (callee.type !== "attribute" || callee.child("attribute")!.text !== "append" || args?.type !== "argument_list" || args.children.length !== 1) return undefined;
    if (skipParentheses(args.children[0]) !== awaited.awaitNode) return undefined;
    const list = skipParentheses(callee.child("object")!);
    if (list.type !== "identifier" || !isLocalList(context, list)) return undefined;
    const listKey = classifier.keyOf(list);
    if ([awaited.call, iterable].some((node) => classifier.readPaths(node).some((path) => path[0] === listKey))) return undefined;
    sink = list.text;
  } else if (expression !== awaited.awaitNode) {
    return undefined;
  }
  const layout = standaloneStatement(loop);
  if (!layout) return undefined;
  if (!found.loopKeys.every((key) => !usedOutside(context, classifier, key, loop))) return undefined;

  // Comments in the call, the target or the iterable are copied with them; the others in the loop go before the
  // new statement, except one after the body's statement, which stays after it.
  const leading: string[] = [];
  let trailing: PyNode | undefined;
  const loopLineEnd = lineEnd(context.tree.text, loop.end);
  for (const comment of context.tree.comments) {
    if (comment.start < loop.start || comment.start >= loopLineEnd) continue;
    if ([awaited.call, target, iterable].some((kept) => comment.start >= kept.start && comment.end <= kept.end)) continue;
    if (comment.start >= statement.end) trailing = comment;
    else if (comment.start < statement.start) leading.push(comment.text);
    else return undefined;
  }

  const gather = context.analysis.imports.reference("asyncio", "gather", loop);
  if (!gather) return undefined;
  const iterableText = needsParentheses(iterable) ? `(${iterable.text})` : iterable.text;
  const gathered = `await ${gather.expression}(*(${awaited.call.text} for ${target.text} in ${iterableText}))`;
  const replacement = [...leading, (sink === undefined ? gathered : `${sink}.extend(${gathered})`) + (trailing ? `  ${trailing.text}` : "")].join(layout.newline + layout.indent);
  return {
    title: "Run the iterations concurrently with asyncio.gather",
    edits: [...gather.edits, { start: loop.start, end: trailing ? trailing.end : loop.end, text: replacement }],
    safety: "unsafe",
  };
}

/** A name bound only in this function, each time to a list: `out = []`, `out: list[str] = []`, `out = list()`. */
function isLocalList(context: PyContext, name: PyNode): boolean {
  const lookup = context.analysis.scopes.lookupAt(name.text, name);
  if (lookup.kind !== "bound" || lookup.scope.kind !== "function") return false;
  return lookup.bindings.every((binding) => {
    if (binding.kind !== "assignment" || binding.node.child("left") !== binding.nameNode) return false;
    const right = binding.node.child("right");
    const value = right && skipParentheses(right);
    if (!value) return false;
    if (value.type === "list" || value.type === "list_comprehension") return true;
    if (value.type === "call" && value.child("arguments")?.children.length === 0) {
      return qualifiedName(context.analysis.resolver.resolve(value.child("function")!)) === "builtins.list";
    }
    return false;
  });
}

/** The binding is read or written outside the loop anywhere in its scope. */
function usedOutside(context: PyContext, classifier: PyAwaitClassifier, key: string, loop: PyNode): boolean {
  const scope = context.analysis.scopes.scopeAt(loop);
  if (scope.kind !== "function") return true;
  for (const node of scope.node.descendants()) {
    if (node.type !== "identifier" || (node.start >= loop.start && node.end <= loop.end)) continue;
    if (node.field === "attribute" || node.field === "name") continue;
    if (classifier.keyOf(node) === key) return true;
  }
  return false;
}

/** `_` bound or read anywhere in the file (gettext's `_`, an earlier throwaway): binding it here could clash. */
function usesName(context: PyContext, name: string): boolean {
  if (context.analysis.scopes.isBoundAnywhere(name)) return true;
  return [...context.tree.root.descendants()].some((node) => node.type === "identifier" && node.text === name);
}

/** Iterables a generator expression's `for ... in` cannot hold bare: `a if c else b`, `lambda: x`, `a, b`, `not x`. */
function needsParentheses(iterable: PyNode): boolean {
  return !["identifier", "attribute", "call", "subscript", "list", "tuple", "dictionary", "set", "string", "parenthesized_expression", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression", "binary_operator"].includes(iterable.type);
}

/** One level of indentation as the file writes it: the statement's indent minus its enclosing header's. */
function indentUnit(context: PyContext, statement: PyNode, indent: string): string {
  const header = statement.parent?.parent;
  if (header && header.type !== "module") {
    const text = context.tree.text;
    const lineStart = text.lastIndexOf("\n", header.start - 1) + 1;
    const headerIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    if (indent.startsWith(headerIndent) && indent.length > headerIndent.length) return indent.slice(headerIndent.length);
  }
  return indent.includes("\t") ? "\t" : "    ";
}

/** The call's text with continuation lines one level deeper, unless a multi-line string spans them. */
function reindented(call: PyNode, unit: string): string {
  const text = call.text;
  if (!text.includes("\n") || [call, ...call.descendants()].some((n) => n.type === "string" && n.text.includes("\n"))) return text;
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line.trim() === "" ? line : unit + line))
    .join("\n");
}
