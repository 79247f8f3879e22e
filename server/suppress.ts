// "Disable <rule> for this line": an `async-lint-disable-next-line` comment above the line, written the way the
// file writes comments there (`#` in Python, `//` in TypeScript/JavaScript, `{/* */}` between JSX children).
import ts from "typescript";
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Language } from "../rules/core/model";
import { parseTypeScript } from "../rules/lang/typescript/parse";

const NEXT_LINE_DIRECTIVE = /^\s*(\/\/|#|\{\/\*)\s*async-lint-disable-next-line(?=\s|$)/;

/**
 * The edit, or undefined when a comment cannot go above the line without changing the program (the line
 * starts inside a string, a template literal or a block comment).
 */
export function disableForLineEdit(document: TextDocument, lintPath: string, language: Language, line: number, ruleId: string): TextEdit | undefined {
  const text = document.getText();
  const lineStart = document.offsetAt({ line, character: 0 });
  const lineText = text.slice(lineStart, document.offsetAt({ line: line + 1, character: 0 })).replace(/\r?\n$/, "");
  const indent = /^\s*/.exec(lineText)![0];

  // An existing directive right above the line gets the rule appended, as ESLint's editor integration does.
  if (line > 0) {
    const previousStart = document.offsetAt({ line: line - 1, character: 0 });
    const append = endOfRuleList(text.slice(previousStart, lineStart).replace(/\r?\n$/, ""));
    if (append !== undefined) {
      const position = document.positionAt(previousStart + append);
      return { range: { start: position, end: position }, newText: `, ${ruleId}` };
    }
  }

  let comment: string;
  if (language === "python") {
    comment = `# async-lint-disable-next-line ${ruleId}`;
  } else {
    const place = placeOfLine(parseTypeScript(lintPath, text), lineStart + indent.length, lineStart);
    if (place === "inside-literal") return undefined;
    comment = place === "jsx-children" ? `{/* async-lint-disable-next-line ${ruleId} */}` : `// async-lint-disable-next-line ${ruleId}`;
  }
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const position = document.positionAt(lineStart);
  return { range: { start: position, end: position }, newText: `${indent}${comment}${newline}` };
}

/** Where the rule list of a `disable-next-line` directive on this line ends (before ` -- reason` or `*\/}`). */
function endOfRuleList(lineText: string): number | undefined {
  const match = NEXT_LINE_DIRECTIVE.exec(lineText);
  if (!match) return undefined;
  const rest = lineText.slice(match[0].length);
  let end = rest.length;
  const reason = rest.search(/\s--(\s|$)/);
  if (reason >= 0) end = reason;
  if (match[1] === "{/*") {
    const close = rest.lastIndexOf("*/}");
    if (close >= 0) end = Math.min(end, close);
  }
  const rules = rest.slice(0, end).trimEnd();
  // A directive without rule names disables every rule already.
  return rules.trim() === "" ? undefined : match[0].length + rules.length;
}

type LinePlace = "code" | "jsx-children" | "inside-literal";

function placeOfLine(sourceFile: ts.SourceFile, firstCharacter: number, lineStart: number): LinePlace {
  const atStart = deepestAt(sourceFile, lineStart);
  if (atStart && isLiteral(atStart) && atStart.getStart(sourceFile) < lineStart) return "inside-literal";
  if (isInsideBlockComment(sourceFile, lineStart)) return "inside-literal";
  for (let node: ts.Node | undefined = deepestAt(sourceFile, firstCharacter); node; node = node.parent) {
    const inside = firstCharacter > node.getStart(sourceFile);
    // Inside `{...}` code, or between a tag's attributes: line comments are valid there.
    if (inside && (ts.isJsxExpression(node) || ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxClosingElement(node))) return "code";
    if (ts.isJsxElement(node) || ts.isJsxFragment(node)) {
      const opening = ts.isJsxElement(node) ? node.openingElement : node.openingFragment;
      const closing = ts.isJsxElement(node) ? node.closingElement : node.closingFragment;
      if (firstCharacter >= opening.end && firstCharacter <= closing.getStart(sourceFile)) return "jsx-children";
    }
  }
  return "code";
}

function deepestAt(sourceFile: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getFullStart() <= offset && offset < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

function isLiteral(node: ts.Node): boolean {
  return ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node);
}

function isInsideBlockComment(sourceFile: ts.SourceFile, offset: number): boolean {
  const node = deepestAt(sourceFile, offset);
  if (!node) return false;
  const ranges = [...(ts.getLeadingCommentRanges(sourceFile.text, node.getFullStart()) ?? [])];
  return ranges.some((range) => range.kind === ts.SyntaxKind.MultiLineCommentTrivia && range.pos < offset && offset < range.end);
}
