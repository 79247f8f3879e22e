// Edits for Python calls: a keyword argument added to a call's argument list, following its layout.
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
  const multiline = /\n/.test(source.slice(open + 1, args[0].start));
  const anchor = commaEnd ?? last.end;
  const lineBreak = source.indexOf("\n", anchor);
  const closeOnSameLine = lineBreak < 0 || lineBreak > close;
  if (!multiline || closeOnSameLine) {
    return [commaEnd !== undefined ? { start: commaEnd, end: commaEnd, text: ` ${text},` } : { start: last.end, end: last.end, text: `, ${text}` }];
  }
  // After anything that trails the last argument on its line (a comment), on a new line with the same indent.
  const lineEnd = source[lineBreak - 1] === "\r" ? lineBreak - 1 : lineBreak;
  const newline = source[lineBreak - 1] === "\r" ? "\r\n" : "\n";
  const lineStart = source.lastIndexOf("\n", last.start) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  const added = `${newline}${indent}${text}${commaEnd !== undefined ? "," : ""}`;
  if (commaEnd !== undefined) return [{ start: lineEnd, end: lineEnd, text: added }];
  if (lineEnd === last.end) return [{ start: last.end, end: last.end, text: `,${added}` }];
  return [
    { start: last.end, end: last.end, text: "," },
    { start: lineEnd, end: lineEnd, text: added },
  ];
}

/** A timeout in seconds as Python source: 10000 ms → `10`, 2500 ms → `2.5`. */
export function secondsText(ms: number): string {
  return String(ms / 1000);
}
