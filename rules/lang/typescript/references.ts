import ts from "typescript";
import { skipTransparent, type TsResolver } from "./resolve";
import type { SymbolView, TypeQuestions } from "./type-questions";
import { walkTree } from "./walk";

/**
 * What an identifier (or `this`) refers to, comparable with `===`: the checker's symbol in typed mode
 * (aliases of imports followed to their target), otherwise the declaring node found by lexical scoping,
 * or `global:<name>` for names nothing in scope declares.
 */
export type BindingKey = object | string;

/** The symbols behind typed keys, so that a key leads back to its declaration. */
const symbolOfKey = new WeakMap<object, SymbolView>();

/**
 * Where a binding is declared: the declaring node of a syntax key; a symbol's value declaration (`value`), or that
 * else its first declaration (`value-or-first`). Undefined for a global by name.
 */
export function declarationOfBinding(key: BindingKey, which: "value" | "value-or-first"): ts.Node | undefined {
  if (typeof key === "string") return undefined;
  const symbol = symbolOfKey.get(key);
  if (!symbol) return key as ts.Node;
  return which === "value" ? symbol.valueDeclaration() : (symbol.valueDeclaration() ?? symbol.declarations()[0]);
}

/**
 * Which bindings a piece of code reads and writes, resolved through scopes rather than compared by name,
 * so a parameter that shadows an outer variable is a different binding. Type positions, property names
 * and declaration names are not reads.
 */
export class ReferenceAnalysis {
  constructor(
    private readonly resolver: TsResolver,
    private readonly types?: TypeQuestions,
  ) {}

  /** The binding an identifier in a value or declaration position refers to. */
  keyOf(id: ts.Identifier): BindingKey {
    if (this.types) {
      let symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? this.types.shorthandValueSymbolAt(id.parent) : this.types.symbolAt(id);
      if (symbol && symbol.isAlias) {
        const target = symbol.aliased();
        if (target && target.declarations().length) symbol = target;
      }
      if (symbol) {
        symbolOfKey.set(symbol.key, symbol);
        return symbol.key;
      }
    }
    const declaration = this.resolver.declarationOf(id);
    return declaration === "global" ? `global:${id.text}` : declaration;
  }

  /** The binding `this` (or `super`) refers to at a node: the nearest non-arrow function, class or file. */
  thisKeyAt(node: ts.Node): BindingKey {
    for (let current = node.parent; current; current = current.parent) {
      if ((ts.isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isClassLike(current) || ts.isSourceFile(current)) return current;
    }
    return node.getSourceFile();
  }

  /** Bindings read anywhere inside `node`, including inside nested functions (closures read what they capture). */
  reads(node: ts.Node): Set<BindingKey> {
    const keys = new Set<BindingKey>();
    // An explicit stack: a 10,000-term expression must not overflow the call stack.
    walkTree(node, (current) => {
      if (ts.isTypeNode(current) && !ts.isExpressionWithTypeArguments(current)) return "skip";
      if (ts.isIdentifier(current)) {
        if (isValueReference(current)) keys.add(this.keyOf(current));
        return "skip";
      }
      if (current.kind === ts.SyntaxKind.ThisKeyword || current.kind === ts.SyntaxKind.SuperKeyword) {
        keys.add(this.thisKeyAt(current));
        return "skip";
      }
      return undefined;
    });
    return keys;
  }

  /** Bindings assigned anywhere inside `node` (`x = ...`, `x += ...`, `x++`, `obj.p = ...` writes `obj`, `delete obj.p`). */
  writes(node: ts.Node): Set<BindingKey> {
    const keys = new Set<BindingKey>();
    const addTarget = (target: ts.Expression) => {
      const expr = skipTransparent(target);
      if (ts.isArrayLiteralExpression(expr)) {
        for (const element of expr.elements) addTarget(ts.isSpreadElement(element) ? element.expression : element);
        return;
      }
      if (ts.isObjectLiteralExpression(expr)) {
        for (const property of expr.properties) {
          if (ts.isPropertyAssignment(property)) addTarget(property.initializer);
          else if (ts.isShorthandPropertyAssignment(property)) keys.add(this.keyOf(property.name));
          else if (ts.isSpreadAssignment(property)) addTarget(property.expression);
        }
        return;
      }
      if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        addTarget(expr.left); // a default value in a destructuring target
        return;
      }
      const root = this.rootOf(expr);
      if (root !== undefined) keys.add(root);
    };
    walkTree(node, (current) => {
      if (ts.isBinaryExpression(current) && isAssignmentOperator(current.operatorToken.kind)) addTarget(current.left);
      else if ((ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) && isUpdateOperator(current.operator)) addTarget(current.operand);
      else if (ts.isDeleteExpression(current)) addTarget(current.expression);
      else if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && !ts.isVariableDeclarationList(current.initializer)) addTarget(current.initializer);
      return undefined;
    });
    return keys;
  }

  /** The binding at the root of a property chain: `a` for `a.b[c].d`, the `this` binding for `this.x`. */
  rootOf(expression: ts.Expression): BindingKey | undefined {
    let expr = skipTransparent(expression);
    while (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) expr = skipTransparent(expr.expression);
    if (ts.isIdentifier(expr)) return this.keyOf(expr);
    if (expr.kind === ts.SyntaxKind.ThisKeyword || expr.kind === ts.SyntaxKind.SuperKeyword) return this.thisKeyAt(expr);
    return undefined;
  }
}

/** The identifiers a binding name declares (`a`, or every name in `{ a, b: [c] }`). */
export function declaredIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const result: ts.Identifier[] = [];
  for (const element of name.elements) if (ts.isBindingElement(element)) result.push(...declaredIdentifiers(element.name));
  return result;
}

/** True for an identifier that reads a binding: not a property name, declaration name, label or type. */
export function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === id;
  if (ts.isQualifiedName(parent) || ts.isMetaProperty(parent)) return false;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent)) {
    return parent.name !== id;
  }
  if (ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) || ts.isEnumMember(parent)) return parent.name !== id;
  if (ts.isBindingElement(parent)) return parent.initializer === id;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent)) return parent.initializer === id;
  if (ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) return parent.name !== id;
  if (ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isEnumDeclaration(parent) || ts.isModuleDeclaration(parent) || ts.isTypeParameterDeclaration(parent)) {
    return false;
  }
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) return false;
  if (ts.isExportSpecifier(parent)) return parent.propertyName === id || (!parent.propertyName && parent.name === id);
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isJsxAttribute(parent)) return false;
  return true;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isUpdateOperator(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
}
