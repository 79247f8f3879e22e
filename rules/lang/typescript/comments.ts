import ts from "typescript";
import type { SourceComment } from "../../core/suppressions";

const MARKER = "async-lint-";

/**
 * Comments that may hold async-lint directives. Only places where the marker text occurs are examined,
 * and each is confirmed to be inside a real comment (not a string or template) from the parse tree.
 */
export function directiveComments(sourceFile: ts.SourceFile): SourceComment[] {
  const text = sourceFile.text;
  const comments: SourceComment[] = [];
  const seen = new Set<number>();
  for (let at = text.indexOf(MARKER); at >= 0; at = text.indexOf(MARKER, at + MARKER.length)) {
    const comment = commentContaining(sourceFile, at);
    if (!comment || seen.has(comment.pos)) continue;
    seen.add(comment.pos);
    const raw = text.slice(comment.pos, comment.end);
    const body = comment.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
    comments.push({ body: body.replace(/^\s*\*?/, (lead) => lead.replace("*", " ")), range: { start: comment.pos, end: comment.end } });
  }
  return comments;
}

function commentContaining(sourceFile: ts.SourceFile, offset: number): ts.CommentRange | undefined {
  // Descend to the deepest node whose full range (leading trivia included) contains the offset.
  let node: ts.Node = sourceFile;
  let scanFrom = 0;
  for (;;) {
    let next: ts.Node | undefined;
    let lastEndBefore = node === sourceFile ? 0 : node.pos;
    ts.forEachChild(node, (child) => {
      if (child.pos <= offset && offset < child.end) {
        next = child;
        return true;
      }
      if (child.end <= offset) lastEndBefore = Math.max(lastEndBefore, child.end);
      return undefined;
    });
    if (!next) {
      scanFrom = lastEndBefore;
      break;
    }
    node = next;
  }
  if (isTextLeaf(node) && offset >= node.getStart(sourceFile)) return undefined;
  // Between child nodes there are only punctuation tokens, keywords and trivia: scanning there is context-free.
  const scanner = ts.createScanner(sourceFile.languageVersion, /*skipTrivia*/ false, sourceFile.languageVariant, sourceFile.text);
  scanner.resetTokenState(scanFrom);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    const start = scanner.getTokenStart();
    if (start > offset) return undefined;
    const end = scanner.getTokenEnd();
    if ((token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) && start <= offset && offset < end) {
      return { pos: start, end, kind: token };
    }
    if (end > offset && token !== ts.SyntaxKind.WhitespaceTrivia && token !== ts.SyntaxKind.NewLineTrivia) return undefined;
  }
  return undefined;
}

function isTextLeaf(node: ts.Node): boolean {
  return (
    ts.isStringLiteralLike(node) ||
    ts.isTemplateLiteralToken(node) ||
    ts.isRegularExpressionLiteral(node) ||
    ts.isJsxText(node) ||
    ts.isIdentifier(node) ||
    ts.isNumericLiteral(node)
  );
}
