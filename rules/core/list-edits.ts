// Adding an item at the end of a delimited list (an object literal's properties, a call's arguments) while
// keeping the list's layout. The same in every language; each front end says where the list's parts are.
import type { TextEdit } from "./model";

/** A non-empty delimited list as an edit sees it: offsets into `source`. */
export interface ListLayout {
  source: string;
  /** Offsets of the opening and closing delimiters (`{`/`}`, `(`/`)`). */
  open: number;
  close: number;
  firstItemStart: number;
  lastItemStart: number;
  lastItemEnd: number;
  /** The end of the comma after the last item, past any comments, when the list has a trailing comma. */
  trailingCommaEnd?: number;
}

/**
 * Edits adding `text` as the list's last item, following its layout: on one line (`{ a: 1, text }`, `f(a, text)`),
 * or, when the items stand one per line, on a new line with the last item's indent, after anything that trails the
 * last item on its line (a comment). A trailing comma is kept.
 */
export function appendItemEdits(list: ListLayout, text: string): TextEdit[] {
  const { source, open, close, lastItemEnd: last, trailingCommaEnd: commaEnd } = list;
  const multiline = /\n/.test(source.slice(open + 1, list.firstItemStart));
  const anchor = commaEnd ?? last;
  const lineBreak = source.indexOf("\n", anchor);
  const closeOnSameLine = lineBreak < 0 || lineBreak > close;
  if (!multiline || closeOnSameLine) {
    return [commaEnd !== undefined ? { start: commaEnd, end: commaEnd, text: ` ${text},` } : { start: last, end: last, text: `, ${text}` }];
  }
  const lineEnd = source[lineBreak - 1] === "\r" ? lineBreak - 1 : lineBreak;
  const newline = source[lineBreak - 1] === "\r" ? "\r\n" : "\n";
  const lineStart = source.lastIndexOf("\n", list.lastItemStart) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  const added = `${newline}${indent}${text}${commaEnd !== undefined ? "," : ""}`;
  if (commaEnd !== undefined) return [{ start: lineEnd, end: lineEnd, text: added }];
  if (lineEnd === last) return [{ start: last, end: last, text: `,${added}` }];
  return [
    { start: last, end: last, text: "," },
    { start: lineEnd, end: lineEnd, text: added },
  ];
}
