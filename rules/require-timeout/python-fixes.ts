// Edits for Python calls: a keyword argument added to a call's argument list, following its layout.
import { appendItemEdits } from "../core/list-edits";
import type { TextEdit } from "../core/model";
import type { PyNode } from "../lang/python/tree";

/**
 * Edits adding `text` (`timeout=10`) as the last argument of an argument_list, following its layout: one line
 * (`f(a, timeout=10)`) or one argument per line, keeping a trailing comma if the list has one. Undefined when the
 * list holds only a comment, which leaves no clear place for it.
 */
export function addKeywordArgumentEdits(list: PyNode, text: string): TextEdit[] | undefined {
  const source = list.tree.text;
  const open = list.start;
  const close = list.end - 1;
  if (source[open] !== "(" || source[close] !== ")") return undefined;
  const args = list.children;
  if (args.length === 0) {
    return source.slice(open + 1, close).trim() === "" ? [{ start: open + 1, end: close, text }] : undefined;
  }
  const last = args[args.length - 1];
  const comma = /^(?:\s|#[^\n]*|\\\r?\n)*,/.exec(source.slice(last.end, close));
  const commaEnd = comma ? last.end + comma[0].length : undefined;
  return appendItemEdits({ source, open, close, firstItemStart: args[0].start, lastItemStart: last.start, lastItemEnd: last.end, trailingCommaEnd: commaEnd }, text);
}

/** A timeout in seconds as Python source: 10000 ms → `10`, 2500 ms → `2.5`. */
export function secondsText(ms: number): string {
  return String(ms / 1000);
}
