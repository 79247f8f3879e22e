// "Disable <rule> for this line": the comment goes where, and in the style, the file needs.
import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { disableForLineEdit } from "../../server/suppress";

function disable(text: string, line: number, fileName = "/p/file.ts", ruleId = "no-blocking-call"): string | undefined {
  const document = TextDocument.create(`file://${fileName}`, "typescript", 1, text);
  const edit = disableForLineEdit(document, fileName, fileName.endsWith(".py") ? "python" : "typescript", line, ruleId);
  return edit && TextDocument.applyEdits(document, [edit]);
}

describe("disableForLineEdit", () => {
  it("inserts a line comment above, with the line's indentation", () => {
    expect(disable("async function f() {\n\tfs.readFileSync(p);\n}\n", 1)).toBe("async function f() {\n\t// async-lint-disable-next-line no-blocking-call\n\tfs.readFileSync(p);\n}\n");
  });

  it("keeps the file's CRLF line breaks", () => {
    expect(disable("async function f() {\r\n  g();\r\n}\r\n", 1)).toBe("async function f() {\r\n  // async-lint-disable-next-line no-blocking-call\r\n  g();\r\n}\r\n");
  });

  it("adds the rule to a disable-next-line directive already above the line, before its reason", () => {
    expect(disable("  // async-lint-disable-next-line require-timeout\n  g();\n", 1)).toBe("  // async-lint-disable-next-line require-timeout, no-blocking-call\n  g();\n");
    expect(disable("  // async-lint-disable-next-line require-timeout -- vendored\n  g();\n", 1)).toBe(
      "  // async-lint-disable-next-line require-timeout, no-blocking-call -- vendored\n  g();\n",
    );
    expect(disable("      {/* async-lint-disable-next-line require-timeout */}\n      {g()}\n", 1, "/p/page.tsx")).toBe(
      "      {/* async-lint-disable-next-line require-timeout, no-blocking-call */}\n      {g()}\n",
    );
  });

  it("writes a JSX comment between JSX children, and a line comment inside a JSX expression's code", () => {
    const page = "const page = (\n  <div>\n    <p>{read()}</p>\n  </div>\n);\n";
    expect(disable(page, 2, "/p/page.tsx")).toBe("const page = (\n  <div>\n    {/* async-lint-disable-next-line no-blocking-call */}\n    <p>{read()}</p>\n  </div>\n);\n");
    const expression = "const page = (\n  <div>\n    {items.map((item) =>\n      read(item)\n    )}\n  </div>\n);\n";
    expect(disable(expression, 3, "/p/page.tsx")).toBe(
      "const page = (\n  <div>\n    {items.map((item) =>\n      // async-lint-disable-next-line no-blocking-call\n      read(item)\n    )}\n  </div>\n);\n",
    );
    const attribute = "const page = (\n  <div>\n    <p\n      title={read()}\n    />\n  </div>\n);\n";
    expect(disable(attribute, 3, "/p/page.tsx")).toBe("const page = (\n  <div>\n    <p\n      // async-lint-disable-next-line no-blocking-call\n      title={read()}\n    />\n  </div>\n);\n");
  });

  it("offers nothing when the line starts inside a template literal, a string or a block comment", () => {
    expect(disable("async function f() {\n  return `<p>\n${read()}</p>`;\n}\n", 2)).toBeUndefined();
    expect(disable("async function f() {\n  /* note\n  */ read();\n}\n", 2)).toBeUndefined();
  });

  it("uses # comments in Python", () => {
    expect(disable("async def f():\n    time.sleep(1)\n", 1, "/p/app.py", "no-blocking-call")).toBe("async def f():\n    # async-lint-disable-next-line no-blocking-call\n    time.sleep(1)\n");
  });
});
