import { describe, expect, it } from "vitest";
import { LineIndex } from "./text";

describe("LineIndex", () => {
  // Texts without `\r` take a shortcut (indexOf): both ways must give the same lines.
  it("finds lines broken by \\n alone", () => {
    const index = new LineIndex("ab\n\ncd\n");
    expect(index.lineCount).toBe(4);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((offset) => index.position(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 3, column: 2 },
      { line: 3, column: 3 },
      { line: 4, column: 1 },
    ]);
    expect(index.lineEnd(2)).toBe(6);
  });

  it("finds lines broken by \\r\\n, \\r and \\n", () => {
    const index = new LineIndex("a\r\nb\rc\nd");
    expect(index.lineCount).toBe(4);
    expect([0, 3, 5, 7].map((offset) => index.lineOf(offset))).toEqual([0, 1, 2, 3]);
    expect(index.lineEnd(0)).toBe(1);
  });

  it("has one line for a text without breaks", () => {
    expect(new LineIndex("abc").lineCount).toBe(1);
    expect(new LineIndex("").lineCount).toBe(1);
  });
});
