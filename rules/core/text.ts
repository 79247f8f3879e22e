import type { Location, TextRange } from "./model";

/** Maps UTF-16 offsets to 1-based lines and columns; built once per file text. */
export class LineIndex {
  private lineStartsIfBuilt?: number[];

  constructor(readonly text: string) {}

  /** Built on first use: most linted files have no finding and no directive, and never ask. */
  private get lineStarts(): number[] {
    if (this.lineStartsIfBuilt) return this.lineStartsIfBuilt;
    const text = this.text;
    const starts = [0];
    // Without `\r`, `indexOf` finds the breaks several times faster than a loop over every character.
    if (text.indexOf("\r") === -1) {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      return (this.lineStartsIfBuilt = starts);
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    return (this.lineStartsIfBuilt = starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineStart(line0: number): number {
    return this.lineStarts[Math.max(0, Math.min(line0, this.lineStarts.length - 1))];
  }

  /** Offset just past the line's text, before its line break. */
  lineEnd(line0: number): number {
    const next = line0 + 1 < this.lineStarts.length ? this.lineStarts[line0 + 1] : this.text.length;
    let end = next;
    while (end > this.lineStart(line0) && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  position(offset: number): { line: number; column: number } {
    const line0 = this.lineOf(offset);
    return { line: line0 + 1, column: offset - this.lineStarts[line0] + 1 };
  }

  location(range: TextRange): Location {
    const start = this.position(range.start);
    const end = this.position(range.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** Offset of a 1-based line and column. */
  offsetAt(line: number, column: number): number {
    return this.lineStart(line - 1) + column - 1;
  }

  /** The line's leading whitespace. */
  indentOf(line0: number): string {
    const start = this.lineStart(line0);
    let end = start;
    while (end < this.text.length && (this.text[end] === " " || this.text[end] === "\t")) end++;
    return this.text.slice(start, end);
  }

  /** "\r\n" when the file's first line break is CRLF. */
  get newline(): string {
    const first = this.text.indexOf("\n");
    return first > 0 && this.text[first - 1] === "\r" ? "\r\n" : "\n";
  }
}
