import ts from "typescript";
import type { Fix } from "../core/model";
import { LineIndex } from "../core/text";
import type { BindingKey } from "../lang/typescript/references";
import { skipTransparent } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import type { AwaitClassifier, Context } from "./typescript-classify";
import type { IndependentLoop } from "./typescript-loops";
import type { CandidateItem, RunItem, TransparentItem } from "./typescript-runs";

/** Longest single-line `Promise.all` statement before the elements go one per line. */
const MAX_LINE = 100;

const lineIndexes = new WeakMap<ts.SourceFile, LineIndex>();
function linesOf(sourceFile: ts.SourceFile): LineIndex {
  let lines = lineIndexes.get(sourceFile);
  if (!lines) lineIndexes.set(sourceFile, (lines = new LineIndex(sourceFile.text)));
  return lines;
}

/**
 * `const a = await f(); const b = await g();` → `const [a, b] = await Promise.all([f(), g()]);`
 * Offered only when the rewrite keeps every binding, type and comment: one declaration kind or only
 * assignments, no comments inside a statement except in its call, annotations expressible as a tuple
 * type or (typed mode) a cast of the element.
 */
export function runFix(context: Context, classifier: AwaitClassifier, items: readonly RunItem[]): Fix | undefined {
  const { sourceFile } = context;
  const candidates = items.filter((item): item is CandidateItem => item.kind === "candidate");
  const declarations = candidates.filter((c) => c.form === "declaration");
  const assignments = candidates.filter((c) => c.form === "assignment");
  if (declarations.length > 0 && assignments.length > 0) return undefined;
  const kinds = new Set(declarations.map((c) => c.declarationKind));
  if (kinds.size > 1) return undefined;
  if (candidates.some((c) => hasCommentOutside(sourceFile, c.statement, c.call.call))) return undefined;

  const elements = elementTypes(context, candidates);
  if (!elements) return undefined;
  const placement = placeTransparents(classifier, items, candidates);
  if (!placement) return undefined;

  const lines = linesOf(sourceFile);
  const first = candidates[0].statement;
  const last = candidates[candidates.length - 1].statement;
  const indent = lines.indentOf(lines.lineOf(first.getStart(sourceFile)));
  const unit = indentUnit(sourceFile, lines, first, indent);
  const newline = lines.newline;
  const semicolon = last.getText(sourceFile).trimEnd().endsWith(";") ? ";" : "";

  const slots = candidates.map((c) => (c.form === "declaration" ? c.declaration!.name.getText(sourceFile) : c.form === "assignment" ? c.target!.getText(sourceFile) : ""));
  while (slots.length > 0 && slots[slots.length - 1] === "") slots.pop();
  let head = "";
  if (declarations.length > 0) head = `${[...kinds][0]} [${slots.join(", ")}]${elements.tupleAnnotation ? `: [${elements.tupleAnnotation.join(", ")}]` : ""} = `;
  else if (assignments.length > 0) head = `${semicolon ? "" : ";"}[${slots.join(", ")}] = `;

  const parts = candidates.map((c, i) => ({
    leading: i === 0 ? [] : leadingComments(sourceFile, c.statement),
    text: reindentedText(sourceFile, c.call.call, unit) + elements.casts[i],
    trailing: trailingComments(sourceFile, c.statement),
  }));
  // The first statement's trailing comment can stay at the end of the line it was on; others go with their element.
  const firstTrailing = parts[0].trailing.map((c) => " " + c).join("");
  const singleLine = `${head}await Promise.all([${parts.map((p) => p.text).join(", ")}])${semicolon}`;
  const multiLine =
    parts.some((p, i) => p.leading.length > 0 || (i > 0 && p.trailing.length > 0) || p.text.includes("\n")) || indent.length + singleLine.length > MAX_LINE;
  let statement = singleLine + firstTrailing;
  if (multiLine) {
    const inner = indent + unit;
    const body = parts.map((p) => [...p.leading.map((c) => inner + c), inner + p.text + "," + p.trailing.map((c) => " " + c).join("")].join(newline));
    statement = `${head}await Promise.all([${newline}${body.join(newline)}${newline}${indent}])${semicolon}`;
  }
  const transparentText = (item: TransparentItem) =>
    [...leadingComments(sourceFile, item.statement), item.statement.getText(sourceFile) + trailingComments(sourceFile, item.statement).map((c) => " " + c).join("")].join(newline + indent);
  const replacement = [...placement.before.map(transparentText), statement, ...placement.after.map(transparentText)].join(newline + indent);

  const start = first.getStart(sourceFile);
  const end = endWithTrailingComments(sourceFile, last);
  const count = candidates.length;
  return { title: `Run the ${count} awaits concurrently with Promise.all`, edits: [{ start, end, text: replacement }], safety: "unsafe" };
}

interface ElementTypes {
  /** Types of a `[A, B]` annotation on the destructuring, when the original declarations were annotated. */
  tupleAnnotation?: string[];
  /** Per element: "" or ` as Promise<T>` (typed mode, when a tuple annotation would lose the annotation's effect). */
  casts: string[];
}

/**
 * How the declarations' type annotations carry over. A tuple annotation does when every declaration has
 * one and no call infers its type arguments from the annotation (`query<T>(): Promise<T>` would see
 * `unknown` inside Promise.all). In typed mode the alternatives are dropping an annotation that equals
 * the inferred type, or casting the promise (`query(sql) as Promise<Row[]>`), which keeps the inference.
 */
function elementTypes(context: Context, candidates: readonly CandidateItem[]): ElementTypes | undefined {
  const { types, sourceFile } = context;
  const none = candidates.map(() => "");
  if (candidates.some((c) => c.form === "assignment")) {
    // `x = await f()` gives f the type of x as context; a destructuring assignment from Promise.all does not.
    if (types) return candidates.some((c) => c.form === "assignment" && types.isGenericCall(c.call.call)) ? undefined : { casts: none };
    return isJavaScript(sourceFile) || candidates.every((c) => c.form !== "assignment" || isKnownNonGeneric(context, c.call.call)) ? { casts: none } : undefined;
  }
  const declarations = candidates.filter((c) => c.form === "declaration");
  const annotated = declarations.filter((c) => c.declaration!.type);
  if (annotated.length === 0) return { casts: none };
  const allAnnotated = annotated.length === declarations.length;
  if (!types) {
    // Without the checker a callee may be generic and infer its type argument from the annotation.
    if (!allAnnotated || !annotated.every((c) => isKnownNonGeneric(context, c.call.call))) return undefined;
    return { tupleAnnotation: candidates.map((c) => (c.form === "declaration" ? c.declaration!.type!.getText(sourceFile) : "unknown")), casts: none };
  }
  const generic = candidates.map((c) => c.form === "declaration" && !!c.declaration!.type && types.isGenericCall(c.call.call));
  if (allAnnotated && !generic.some(Boolean)) {
    return { tupleAnnotation: candidates.map((c) => (c.form === "declaration" ? c.declaration!.type!.getText(sourceFile) : "unknown")), casts: none };
  }
  const casts: string[] = [];
  for (const [i, c] of candidates.entries()) {
    const typeNode = c.form === "declaration" ? c.declaration!.type : undefined;
    if (!typeNode) {
      casts.push("");
      continue;
    }
    if (!generic[i] && types.annotationMatchesValue(typeNode, c.call.awaitExpression)) {
      casts.push("");
      continue;
    }
    if (types.typeSymbolName(c.call.call) !== "Promise") return undefined;
    casts.push(` as Promise<${typeNode.getText(sourceFile)}>`);
  }
  return { casts };
}

/** Syntax mode: explicit type arguments, or a callee declared in this file without type parameters. */
function isKnownNonGeneric(context: Context, call: ts.CallExpression): boolean {
  if (call.typeArguments) return true;
  const callee = skipTransparent(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const declaration = context.analysis.resolver.declarationOf(callee);
  if (declaration === "global") return false;
  if (ts.isFunctionDeclaration(declaration)) return !declaration.typeParameters?.length;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = skipTransparent(declaration.initializer);
    return (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && !init.typeParameters?.length;
  }
  return false;
}

function isJavaScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

/**
 * Where the statements between the awaits go. One that uses an earlier result moves after the new
 * statement; one a later await reads moves before it, which is only correct when it reads bindings
 * nothing reassigns. Returns undefined when no placement keeps every value.
 */
function placeTransparents(
  classifier: AwaitClassifier,
  items: readonly RunItem[],
  candidates: readonly CandidateItem[],
): { before: TransparentItem[]; after: TransparentItem[] } | undefined {
  const before: TransparentItem[] = [];
  const after: TransparentItem[] = [];
  const afterWrites = new Set<BindingKey>();
  for (const [index, item] of items.entries()) {
    if (item.kind !== "transparent") continue;
    const later = items.slice(index + 1).filter((other): other is CandidateItem => other.kind === "candidate");
    const readLater = later.some((c) => intersects(c.reads, item.writes));
    const stable = isStable(classifier, item, candidates);
    let goesAfter = item.tainted || intersects(item.reads, afterWrites) || (!readLater && !stable);
    if (goesAfter) {
      // After the new statement it would see the values later awaits assign, and later awaits cannot see it.
      if (readLater || later.some((c) => intersects(item.reads, c.writes))) return undefined;
    } else if (!stable) {
      return undefined;
    }
    if (goesAfter) {
      after.push(item);
      for (const key of item.writes) afterWrites.add(key);
    } else {
      before.push(item);
    }
  }
  return { before, after };
}

/** Reads only bindings nothing in the function reassigns (const, imports, unassigned parameters, globals). */
function isStable(classifier: AwaitClassifier, item: TransparentItem, candidates: readonly CandidateItem[]): boolean {
  const fn = enclosingScope(item.statement);
  const written = classifier.refs.writes(fn);
  for (const c of candidates) for (const key of c.writes) written.add(key);
  for (const key of item.reads) if (written.has(key)) return false;
  return true;
}

function enclosingScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current) || ts.isSourceFile(current)) return current;
  return node.getSourceFile();
}

/** `for (const id of ids) out.push(await get(id));` → `out.push(...(await Promise.all(ids.map((id) => get(id)))));` */
export function loopFix(context: Context, classifier: AwaitClassifier, found: IndependentLoop): Fix | undefined {
  const { sourceFile } = context;
  const loop = found.loop;
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer)) return undefined;
  const statements = ts.isBlock(loop.statement) ? [...loop.statement.statements] : [loop.statement];
  const push = statements[statements.length - 1];
  const pushCall = push && ts.isExpressionStatement(push) ? skipTransparent(push.expression) : undefined;
  if (!pushCall || !ts.isCallExpression(pushCall) || pushCall.arguments.length !== 1 || ts.isSpreadElement(pushCall.arguments[0])) return undefined;
  const pushCallee = pushCall.expression;
  if (!ts.isPropertyAccessExpression(pushCallee) || pushCallee.name.text !== "push" || !ts.isIdentifier(pushCallee.expression)) return undefined;
  const target = pushCallee.expression;
  const locals = statements.slice(0, -1);
  if (!locals.every((s) => ts.isVariableStatement(s) && !(s.declarationList.flags & ts.NodeFlags.Using) && s.declarationList.flags & ts.NodeFlags.BlockScoped)) return undefined;

  // The array pushed to is only pushed to, and is an array (so one spread push is many single pushes).
  const refs = classifier.refs;
  const targetKey = refs.keyOf(target);
  const argument = pushCall.arguments[0];
  if (refs.reads(loop.expression).has(targetKey) || refs.reads(argument).has(targetKey) || locals.some((s) => refs.reads(s).has(targetKey))) return undefined;
  if (!isArray(context, target)) return undefined;
  if (hasCommentOutside(sourceFile, push, argument)) return undefined;

  const parameter = loop.initializer.declarations[0].name.getText(sourceFile);
  const iterable = loop.expression;
  const iterableText = iterable.getText(sourceFile);
  const mapOver = (callback: string) =>
    isArray(context, iterable) ? `${needsParenthesesForMember(iterable) ? `(${iterableText})` : iterableText}.map(${callback})` : `Array.from(${iterableText}, ${callback})`;
  const semicolon = push.getText(sourceFile).trimEnd().endsWith(";") ? ";" : "";
  const unwrapped = skipParentheses(argument);

  let callback: string;
  let comments = { leading: [] as string[], trailing: [] as string[] };
  if (locals.length === 0 && ts.isAwaitExpression(unwrapped) && ts.isCallExpression(skipParentheses(unwrapped.expression))) {
    // One awaited call per item: map each item to its promise. The push statement's own comments move with it.
    const commentRanges = [...(ts.getLeadingCommentRanges(sourceFile.text, push.pos) ?? []), ...(ts.getTrailingCommentRanges(sourceFile.text, push.end) ?? [])];
    if (hasCommentOutside(sourceFile, loop, unwrapped.expression, [iterable, loop.initializer, ...commentRanges])) return undefined;
    // Without braces the statement ends where the loop does, so its trailing comment stays where it is.
    comments = { leading: leadingComments(sourceFile, push), trailing: ts.isBlock(loop.statement) ? trailingComments(sourceFile, push) : [] };
    callback = `(${parameter}) => ${unwrapped.expression.getText(sourceFile)}`;
  } else if (ts.isBlock(loop.statement)) {
    if (hasCommentOutside(sourceFile, loop, loop.statement, [iterable, loop.initializer])) return undefined;
    const block = loop.statement;
    const text = sourceFile.text;
    const returned = `return ${argument.getText(sourceFile)}${semicolon}`;
    const body = text.slice(block.getStart(sourceFile), push.getStart(sourceFile)) + returned + text.slice(push.end, block.end);
    callback = `async (${parameter}) => ${body}`;
  } else {
    if (hasCommentOutside(sourceFile, loop, argument, [iterable, loop.initializer])) return undefined;
    const expression = argument.getText(sourceFile);
    callback = `async (${parameter}) => ${ts.isObjectLiteralExpression(unwrapped) ? `(${expression})` : expression}`;
  }
  const lines = linesOf(sourceFile);
  const indent = lines.indentOf(lines.lineOf(loop.getStart(sourceFile)));
  const statement = `${target.text}.push(...(await Promise.all(${mapOver(callback)})))${semicolon}`;
  const replacement = [...comments.leading, statement + comments.trailing.map((c) => " " + c).join("")].join(lines.newline + indent);
  return { title: "Run the iterations concurrently with Promise.all", edits: [{ start: loop.getStart(sourceFile), end: loop.end, text: replacement }], safety: "unsafe" };
}

/**
 * An array for certain: from the checker in typed mode; in syntax mode an array literal without holes or a
 * binding declared with an array type or initialized with one (`[]`, `Array.from`, `Object.keys`...).
 */
function isArray(context: Context, expression: ts.Expression): boolean {
  const expr = skipTransparent(expression);
  if (context.types) return context.types.isArrayOrTuple(expr);
  if (ts.isArrayLiteralExpression(expr)) return !expr.elements.some(ts.isOmittedExpression);
  if (!ts.isIdentifier(expr)) return false;
  const declaration = context.analysis.resolver.declarationOf(expr);
  if (declaration === "global" || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return false;
  if (declaration.type) return isArrayTypeNode(declaration.type);
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer && declaration.parent.flags & ts.NodeFlags.Const) {
    const init = skipTransparent(declaration.initializer);
    if (ts.isArrayLiteralExpression(init)) return !init.elements.some(ts.isOmittedExpression);
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && ts.isIdentifier(init.expression.expression)) {
      const owner = init.expression.expression;
      const method = init.expression.name.text;
      const isGlobalOwner = context.analysis.resolver.isGlobal(owner);
      return isGlobalOwner && ((owner.text === "Array" && (method === "from" || method === "of")) || (owner.text === "Object" && ["keys", "values", "entries"].includes(method)));
    }
  }
  return false;
}

function isArrayTypeNode(type: ts.TypeNode): boolean {
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return true;
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayTypeNode(type.type);
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === "Array" || type.typeName.text === "ReadonlyArray");
}

function needsParenthesesForMember(expression: ts.Expression): boolean {
  return !(
    ts.isIdentifier(expression) ||
    ts.isPropertyAccessExpression(expression) ||
    ts.isElementAccessExpression(expression) ||
    ts.isCallExpression(expression) ||
    ts.isArrayLiteralExpression(expression) ||
    ts.isParenthesizedExpression(expression) ||
    expression.kind === ts.SyntaxKind.ThisKeyword
  );
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  return expression;
}

/** True when a comment inside `outer` lies outside every `kept` node or range (it would be lost by the rewrite). */
function hasCommentOutside(sourceFile: ts.SourceFile, outer: ts.Node, kept: ts.Node, alsoKept: readonly (ts.Node | ts.TextRange)[] = []): boolean {
  const keptRanges = [kept, ...alsoKept]
    .map((n) => (isNode(n) ? ([n.getStart(sourceFile), n.end] as const) : ([n.pos, n.end] as const)))
    .sort((a, b) => a[0] - b[0]);
  let from = outer.getStart(sourceFile);
  for (const [start, end] of keptRanges) {
    if (hasCommentIn(sourceFile, from, start)) return true;
    from = Math.max(from, end);
  }
  return hasCommentIn(sourceFile, from, outer.end);
}

/** Comments between two offsets that hold only tokens between nodes (punctuation, keywords, names, types). */
function hasCommentIn(sourceFile: ts.SourceFile, start: number, end: number): boolean {
  if (end <= start) return false;
  const slice = sourceFile.text.slice(start, end);
  if (!slice.includes("/*") && !slice.includes("//")) return false;
  const scanner = ts.createScanner(sourceFile.languageVersion, false, sourceFile.languageVariant, sourceFile.text, undefined, start, end - start);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) return true;
  }
  return false;
}

function leadingComments(sourceFile: ts.SourceFile, statement: ts.Statement): string[] {
  return (ts.getLeadingCommentRanges(sourceFile.text, statement.pos) ?? []).map((c) => sourceFile.text.slice(c.pos, c.end));
}

function trailingComments(sourceFile: ts.SourceFile, statement: ts.Statement): string[] {
  return (ts.getTrailingCommentRanges(sourceFile.text, statement.end) ?? []).map((c) => sourceFile.text.slice(c.pos, c.end));
}

function endWithTrailingComments(sourceFile: ts.SourceFile, statement: ts.Statement): number {
  const trailing = ts.getTrailingCommentRanges(sourceFile.text, statement.end) ?? [];
  return trailing.length > 0 ? trailing[trailing.length - 1].end : statement.end;
}

/** The node's text with its continuation lines indented one level deeper, unless a multi-line string or template spans them. */
function reindentedText(sourceFile: ts.SourceFile, node: ts.Node, unit: string): string {
  const text = node.getText(sourceFile);
  if (!text.includes("\n") || spansMultiLineLiteral(node, sourceFile)) return text;
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line.trim() === "" ? line : unit + line))
    .join("\n");
}

function spansMultiLineLiteral(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  let found = false;
  walkTree(node, (current) => {
    if ((ts.isStringLiteralLike(current) || ts.isTemplateExpression(current) || ts.isTemplateLiteralToken(current)) && current.getText(sourceFile).includes("\n")) {
      found = true;
      return "stop";
    }
  });
  return found;
}

/** One level of indentation as the file writes it: the statement's indent minus its block's. */
function indentUnit(sourceFile: ts.SourceFile, lines: LineIndex, statement: ts.Statement, indent: string): string {
  const block = statement.parent;
  if (!ts.isSourceFile(block)) {
    // The line that opens the block (`async function f() {`, `case 1:`) is one level out.
    const blockIndent = lines.indentOf(lines.lineOf(block.getStart(sourceFile)));
    if (indent.startsWith(blockIndent) && indent.length > blockIndent.length) return indent.slice(blockIndent.length);
  }
  return indent.includes("\t") ? "\t" : "  ";
}

function intersects(a: ReadonlySet<BindingKey>, b: ReadonlySet<BindingKey>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

function isNode(value: ts.Node | ts.TextRange): value is ts.Node {
  return typeof (value as ts.Node).getStart === "function";
}
