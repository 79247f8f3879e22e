import ts from "typescript";
import { type BindingKey, declaredIdentifiers } from "../lang/typescript/references";
import { skipTransparent } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import { type AwaitClassifier, type AwaitedCall, containsAwaitOrYield } from "./typescript-classify";

/** A statement that awaits one independent call: `const a = await f()`, `x = await g()`, or a listed read `await h();`. */
export interface CandidateItem {
  kind: "candidate";
  statement: ts.Statement;
  form: "declaration" | "assignment" | "discarded";
  declaration?: ts.VariableDeclaration;
  declarationKind?: "const" | "let" | "var";
  target?: ts.Expression;
  call: AwaitedCall;
  reads: Set<BindingKey>;
  writes: Set<BindingKey>;
}

/**
 * A statement between awaits that does not split a run: a side-effect-free `const` or a logging call.
 * `tainted` when it uses a result of an earlier await in the run (directly or through another such statement).
 */
export interface TransparentItem {
  kind: "transparent";
  statement: ts.Statement;
  reads: Set<BindingKey>;
  writes: Set<BindingKey>;
  tainted: boolean;
}

export type RunItem = CandidateItem | TransparentItem;

/**
 * Splits a statement list into runs of consecutive independent awaits. A run ends at any other
 * statement, and a candidate that depends on the run (reads what it wrote, writes what it read, or
 * calls the same receiver) starts a new one.
 */
export function findRuns(statements: readonly ts.Statement[], classifier: AwaitClassifier): RunItem[][] {
  const runs: RunItem[][] = [];
  let run: RunItem[] = [];
  const close = () => {
    while (run.length > 0 && run[run.length - 1].kind === "transparent") run.pop();
    if (run.filter((item) => item.kind === "candidate").length >= 2) runs.push(run);
    run = [];
  };
  for (const statement of statements) {
    const item = classifyStatement(statement, classifier);
    if (!item) {
      close();
      continue;
    }
    if (item.kind === "transparent") {
      if (run.length === 0) continue;
      item.tainted = run.some((other) => (other.kind === "candidate" || other.tainted) && intersects(item.reads, other.writes));
      run.push(item);
      continue;
    }
    if (run.some((other) => dependsOn(item, other, classifier))) {
      close();
    }
    run.push(item);
  }
  close();
  return runs;
}

function dependsOn(item: CandidateItem, earlier: RunItem, classifier: AwaitClassifier): boolean {
  if (earlier.kind === "transparent") return earlier.tainted && intersects(item.reads, earlier.writes);
  return (
    intersects(item.reads, earlier.writes) ||
    intersects(item.writes, earlier.reads) ||
    writeSameThing(item, earlier) ||
    classifier.sameReceiver(item.call, earlier.call)
  );
}

/** Two assignments conflict when one target is (inside) the other: `this.a` and `this.a.b`, not `this.a` and `this.b`. */
function writeSameThing(a: CandidateItem, b: CandidateItem): boolean {
  if (a.form === "assignment" && b.form === "assignment") {
    const pathA = targetPath(a.target!);
    const pathB = targetPath(b.target!);
    if (!pathA || !pathB) return intersects(a.writes, b.writes);
    const shorter = Math.min(pathA.length, pathB.length);
    return intersects(a.writes, b.writes) && pathA.slice(0, shorter).every((segment, i) => segment === pathB[i]);
  }
  return intersects(a.writes, b.writes);
}

/** Property names below the root of a target (`this.a.b` → [a, b]); undefined when a key is computed. */
function targetPath(target: ts.Expression): string[] | undefined {
  const expr = skipTransparent(target);
  if (ts.isIdentifier(expr) || expr.kind === ts.SyntaxKind.ThisKeyword) return [];
  if (ts.isPropertyAccessExpression(expr)) return appendSegment(targetPath(expr.expression), expr.name.text);
  if (ts.isElementAccessExpression(expr)) {
    const key = skipTransparent(expr.argumentExpression);
    return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? appendSegment(targetPath(expr.expression), key.text) : undefined;
  }
  return undefined;
}

function appendSegment(path: string[] | undefined, segment: string): string[] | undefined {
  return path ? [...path, segment] : undefined;
}

/** The computed keys of a target chain (`obj[key].x` → `key`), which the assignment reads. */
function targetKeys(target: ts.Expression): ts.Expression[] {
  const keys: ts.Expression[] = [];
  for (let expr = skipTransparent(target); ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr); expr = skipTransparent(expr.expression)) {
    if (ts.isElementAccessExpression(expr)) keys.push(expr.argumentExpression);
  }
  return keys;
}

function classifyStatement(statement: ts.Statement, classifier: AwaitClassifier): RunItem | undefined {
  const refs = classifier.refs;
  if (ts.isVariableStatement(statement)) {
    if (statement.modifiers?.length) return undefined;
    const list = statement.declarationList;
    if (list.flags & ts.NodeFlags.Using || list.declarations.length !== 1) return undefined;
    const declaration = list.declarations[0];
    const initializer = declaration.initializer && skipParentheses(declaration.initializer);
    if (!initializer) return undefined;
    const declarationKind = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
    const writes = new Set(declaredIdentifiers(declaration.name).map((id) => refs.keyOf(id)));
    if (ts.isAwaitExpression(initializer)) {
      const verdict = classifier.classify(initializer);
      if (verdict.kind !== "candidate" || containsAwaitOrYield(declaration.name)) return undefined;
      return { kind: "candidate", statement, form: "declaration", declaration, declarationKind, call: verdict.call, reads: classifier.readsOf(declaration), writes };
    }
    if (declarationKind === "const" && isPure(declaration.name) && isPure(initializer)) {
      return { kind: "transparent", statement, reads: refs.reads(declaration), writes, tainted: false };
    }
    return undefined;
  }
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expression = skipParentheses(statement.expression);
  if (ts.isAwaitExpression(expression)) {
    const verdict = classifier.classify(expression);
    // A discarded result means a write until the options say the callee is a read.
    if (verdict.kind !== "candidate" || !verdict.call.listedRead) return undefined;
    return { kind: "candidate", statement, form: "discarded", call: verdict.call, reads: classifier.readsOf(expression), writes: new Set() };
  }
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const right = skipParentheses(expression.right);
    if (!ts.isAwaitExpression(right) || !isSimpleTarget(expression.left)) return undefined;
    const verdict = classifier.classify(right);
    if (verdict.kind !== "candidate") return undefined;
    // The target's root is written, not read: `this.a = await f()` reads only `f` and the target's keys.
    const reads = classifier.readsOf(right);
    for (const key of targetKeys(expression.left)) for (const read of refs.reads(key)) reads.add(read);
    return { kind: "candidate", statement, form: "assignment", target: expression.left, call: verdict.call, reads, writes: refs.writes(expression) };
  }
  if (ts.isCallExpression(expression) && classifier.isLoggingCall(expression) && expression.arguments.every((a) => isPure(a, true))) {
    return { kind: "transparent", statement, reads: refs.reads(expression), writes: new Set(), tainted: false };
  }
  return undefined;
}

/** `x`, `this.x`, `obj.a.b`, `obj[key]`: a target whose evaluation has no side effects. */
function isSimpleTarget(target: ts.Expression): boolean {
  const expr = skipTransparent(target);
  if (ts.isIdentifier(expr)) return true;
  if (ts.isPropertyAccessExpression(expr)) return !expr.questionDotToken && isSimpleTargetBase(expr.expression);
  if (ts.isElementAccessExpression(expr)) {
    const key = skipTransparent(expr.argumentExpression);
    return (ts.isIdentifier(key) || ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) && isSimpleTargetBase(expr.expression);
  }
  return false;
}

function isSimpleTargetBase(expr: ts.Expression): boolean {
  return expr.kind === ts.SyntaxKind.ThisKeyword || isSimpleTarget(expr);
}

/**
 * No side effects when evaluated: literals, names, property reads, operators other than assignment,
 * object and array literals of such, function expressions (creating one runs nothing).
 * `allowCalls` admits calls inside logging arguments (`console.log(JSON.stringify(x))`).
 */
export function isPure(node: ts.Node, allowCalls = false): boolean {
  let pure = true;
  walkTree(node, (current) => {
    if (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) return "skip";
    if (ts.isTypeNode(current)) return "skip";
    switch (current.kind) {
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.NewExpression:
      case ts.SyntaxKind.TaggedTemplateExpression:
      case ts.SyntaxKind.DeleteExpression:
      case ts.SyntaxKind.ClassExpression:
        pure = false;
        return "stop";
      case ts.SyntaxKind.CallExpression:
        if (!allowCalls) {
          pure = false;
          return "stop";
        }
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const kind = (current as ts.BinaryExpression).operatorToken.kind;
        if (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) {
          pure = false;
          return "stop";
        }
        break;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const operator = (current as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression).operator;
        if (operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken) {
          pure = false;
          return "stop";
        }
        break;
      }
    }
  });
  return pure;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  return expression;
}

function intersects(a: ReadonlySet<BindingKey>, b: ReadonlySet<BindingKey>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}
