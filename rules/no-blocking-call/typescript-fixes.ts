import ts from "typescript";
import type { Fix, TextEdit } from "../core/model";
import { FS_PROMISES_TWINS, FS_SYNC_ONLY_OPTIONS } from "../knowledge/node-blocking";
import { skipTransparent } from "../lang/typescript/resolve";
import type { TsRuleContext } from "../lang/typescript/detector";
import type { NoBlockingCallMessageId, NoBlockingCallOptions } from "./meta";
import type { BlockingMatch } from "./typescript-match";

type Context = TsRuleContext<NoBlockingCallMessageId, NoBlockingCallOptions>;

/** Rewrites offered for a blocking call made directly in an async function's body. */
export function fixesFor(context: Context, call: ts.CallExpression, match: BlockingMatch): Fix[] {
  if (call.questionDotToken || isOptionalChain(call)) return [];
  switch (match.spec.fix) {
    case "fs-promises":
      return optional(fsPromisesFix(context, call, match));
    case "promisified-exec":
      return optional(promisifiedExecFix(context, call, match));
    case "atomics-wait-async":
      return optional(atomicsWaitAsyncFix(context, call));
    default:
      return [];
  }
}

function optional(fix: Fix | undefined): Fix[] {
  return fix ? [fix] : [];
}

function isOptionalChain(call: ts.CallExpression): boolean {
  return (call.flags & ts.NodeFlags.OptionalChain) !== 0;
}

/** `fs.readFileSync(p, o)` → `await fsp.readFile(p, o)`, reusing the file's fs/promises binding when it has one. */
function fsPromisesFix(context: Context, call: ts.CallExpression, match: BlockingMatch): Fix | undefined {
  const { base } = match;
  if (!match.name.endsWith("Sync") || !FS_PROMISES_TWINS.has(base)) return undefined;
  if (!argumentsKeepMeaning(context, call)) return undefined;
  const reference = fsPromisesReference(context, call, base);
  if (!reference) return undefined;
  const edits = [...awaitedCallEdits(context, call, reference.expression), ...reference.edits];
  return { title: `Use await ${reference.expression}()`, edits, safety: "safe", isPreferred: true };
}

/** The sync call's arguments mean the same to its fs/promises twin: no fd in place of a path, no sync-only options. */
function argumentsKeepMeaning(context: Context, call: ts.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first || call.arguments.some((a) => ts.isSpreadElement(a))) return false;
  if (looksLikeFileDescriptor(context, first)) return false;
  for (const argument of call.arguments.slice(1)) {
    const options = skipTransparent(argument);
    if (ts.isObjectLiteralExpression(options)) {
      for (const property of options.properties) {
        if (ts.isSpreadAssignment(property)) return false;
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
        if (name === undefined || FS_SYNC_ONLY_OPTIONS.has(name)) return false;
      }
    }
  }
  return true;
}

/** fs/promises functions take a path or a FileHandle, never a numeric fd. */
function looksLikeFileDescriptor(context: Context, argument: ts.Expression): boolean {
  const expr = skipTransparent(argument);
  if (context.types) return context.types.isNumberValue(expr);
  if (ts.isNumericLiteral(expr)) return true;
  if (ts.isIdentifier(expr) && declaredAsFileDescriptor(context, expr)) return true;
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
  return name !== undefined && /(^fd$|Fd$|^fd[A-Z_]|_fd$|descriptor)/i.test(name);
}

/** Without types, the declaration still tells: `handle: number`, `const fd = fs.openSync(p)`, `let n = 3`. */
function declaredAsFileDescriptor(context: Context, id: ts.Identifier): boolean {
  const declaration = context.analysis.resolver.declarationOf(id);
  if (declaration === "global" || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration))) return false;
  if (declaration.type && /\bnumber\b/.test(declaration.type.getText(context.sourceFile))) return true;
  const initializer = declaration.initializer && skipTransparent(declaration.initializer);
  if (!initializer) return false;
  if (ts.isNumericLiteral(initializer)) return true;
  return ts.isCallExpression(initializer) && /(^|\.)openSync$/.test(initializer.expression.getText(context.sourceFile));
}

function fsPromisesReference(context: Context, call: ts.CallExpression, base: string): { expression: string; edits: TextEdit[] } | undefined {
  const imports = context.analysis.imports;
  const named = imports.namedOf("fs/promises", base);
  if (named) return { expression: named, edits: [] };
  const promisesNamespace = imports.namespaceOf("fs/promises");
  if (promisesNamespace) return { expression: `${promisesNamespace}.${base}`, edits: [] };
  // `fs.readFileSync` where `fs` is the fs module: `fs.promises.readFile`.
  const callee = skipTransparent(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = context.analysis.resolver.resolve(callee.expression);
    if (receiver?.kind === "module" && receiver.module === "fs" && receiver.path.length === 0) {
      return { expression: `${callee.expression.getText(context.sourceFile)}.promises.${base}`, edits: [] };
    }
  }
  const fsNamespace = imports.namespaceOf("fs");
  if (fsNamespace) return { expression: `${fsNamespace}.promises.${base}`, edits: [] };
  const promisesExport = imports.namedOf("fs", "promises");
  if (promisesExport) return { expression: `${promisesExport}.${base}`, edits: [] };
  return imports.reference("fs/promises", base);
}

/**
 * Edits that replace the callee and put `await` before the call, with parentheses where the call's value
 * is used by a member access, call or other tight-binding operator.
 */
function awaitedCallEdits(context: Context, call: ts.CallExpression, newCallee: string): TextEdit[] {
  const start = call.getStart(context.sourceFile);
  const wrap = needsParentheses(call);
  const edits: TextEdit[] = [{ start, end: call.expression.end, text: (wrap ? "(await " : "await ") + newCallee }];
  if (wrap) edits.push({ start: call.end, end: call.end, text: ")" });
  return edits;
}

function needsParentheses(call: ts.Expression): boolean {
  const parent = call.parent;
  if (
    ts.isExpressionStatement(parent) ||
    ts.isVariableDeclaration(parent) ||
    ts.isReturnStatement(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isTemplateSpan(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isConditionalExpression(parent) ||
    ts.isArrowFunction(parent) ||
    ts.isAwaitExpression(parent)
  ) {
    return false;
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(call)) return false;
  if (ts.isBinaryExpression(parent)) return parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === call;
  return true;
}

/** `execSync(cmd, o)` → `(await promisify(exec)(cmd, o)).stdout` (a suggestion: output encoding and stdio differ). */
function promisifiedExecFix(context: Context, call: ts.CallExpression, match: BlockingMatch): Fix | undefined {
  if (match.name !== "execSync" && match.name !== "execFileSync") return undefined;
  if (call.arguments.some((a) => ts.isSpreadElement(a))) return undefined;
  const imports = context.analysis.imports;
  const asyncName = match.base;
  const callee = skipTransparent(call.expression);
  let asyncFunction: { expression: string; edits: TextEdit[] } | undefined;
  if (ts.isPropertyAccessExpression(callee)) {
    asyncFunction = { expression: `${callee.expression.getText(context.sourceFile)}.${asyncName}`, edits: [] };
  } else {
    asyncFunction = imports.reference("child_process", asyncName);
  }
  const promisify = imports.reference("util", "promisify");
  if (!asyncFunction || !promisify) return undefined;
  const argumentsText = call.arguments.map((a) => a.getText(context.sourceFile)).join(", ");
  const used = !ts.isExpressionStatement(call.parent);
  const awaited = `await ${promisify.expression}(${asyncFunction.expression})(${argumentsText})`;
  const text = used ? `(${awaited}).stdout` : awaited;
  const importEdits = mergeInsertions([...asyncFunction.edits, ...promisify.edits]);
  return {
    title: `Use await ${promisify.expression}(${asyncFunction.expression})()`,
    edits: [{ start: call.getStart(context.sourceFile), end: call.end, text }, ...importEdits],
    safety: "unsafe",
  };
}

/** Two imports added at the same point become one edit, so the fix's edits never overlap. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = merged.find((m) => m.start === edit.start && m.end === edit.end && m.start === m.end);
    if (same) same.text += edit.text;
    else merged.push({ ...edit });
  }
  return merged;
}

/** `Atomics.wait(...)` → `await Atomics.waitAsync(...).value`: resolves to the same strings without blocking. */
function atomicsWaitAsyncFix(context: Context, call: ts.CallExpression): Fix | undefined {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const start = call.getStart(context.sourceFile);
  const wrapped = needsParentheses(call);
  return {
    title: "Use await Atomics.waitAsync(...).value",
    edits: [
      { start, end: start, text: wrapped ? "(await " : "await " },
      { start: callee.name.getStart(context.sourceFile), end: callee.name.end, text: "waitAsync" },
      { start: call.end, end: call.end, text: wrapped ? ").value)" : ".value" },
    ],
    safety: "unsafe",
  };
}
