// The Python syntax tree rules work on: a plain JavaScript copy of tree-sitter's tree, made once per parse.
// Copying costs about as much as one walk over the wasm tree, and then everything after it (parent links,
// scope analysis, repeated lookups, node identity as Map keys) is ordinary JavaScript, and no wasm memory
// stays allocated per document.
import type { Language, Node as TsNode, Tree as TsTree } from "web-tree-sitter";
import type { TextRange } from "../../core/model";
import { publicApiCursor, type OpenCursor } from "./cursor";
import type { PyNodeType } from "./node-types";

/**
 * One node. `children` holds the named children (comments excluded, see `PyTree.comments`); keyword and
 * operator tokens (`async`, `not`, `+=`, `is`...) are in `tokens`; punctuation (`(`, `,`, `:`) is dropped.
 * Offsets are UTF-16 code units into the file text, like everywhere else in async-lint.
 */
/**
 * The `children` / `tokens` of nodes that have none (most nodes are leaves): one shared frozen array instead of
 * two allocations per node. `copyTree` gives a node its own array on its first child.
 */
const NONE: PyNode[] = Object.freeze([]) as unknown as PyNode[];

export class PyNode {
  readonly children: PyNode[] = NONE;
  readonly tokens: PyNode[] = NONE;

  constructor(
    readonly tree: PyTree,
    readonly type: PyNodeType | (string & {}),
    readonly start: number,
    readonly end: number,
    readonly parent: PyNode | undefined,
    /** Field name in the parent (`function`, `arguments`, `body`, `left`...), if the grammar gives one. */
    readonly field: string | undefined,
  ) {}

  get text(): string {
    return this.tree.text.slice(this.start, this.end);
  }

  get range(): TextRange {
    return { start: this.start, end: this.end };
  }

  /** The first child (named child, else token) in the given field. */
  child(field: string): PyNode | undefined {
    for (const child of this.children) if (child.field === field) return child;
    for (const token of this.tokens) if (token.field === field) return token;
    return undefined;
  }

  /** All named children in the given field, in order (e.g. the `name`s of an import statement). */
  childrenOf(field: string): PyNode[] {
    return this.children.filter((child) => child.field === field);
  }

  /** The first named child of a type (for children the grammar gives no field, like a with_statement's with_clause). */
  childOfType(type: PyNodeType): PyNode | undefined {
    return this.children.find((child) => child.type === type);
  }

  /** Named children of a type. */
  childrenOfType(type: PyNodeType): PyNode[] {
    return this.children.filter((child) => child.type === type);
  }

  /** True when the node has the keyword or operator token, e.g. `hasToken("async")` on a function_definition. */
  hasToken(type: string): boolean {
    return this.tokens.some((token) => token.type === type);
  }

  /** The next named sibling, if any. */
  get nextSibling(): PyNode | undefined {
    if (!this.parent) return undefined;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1];
  }

  /** Ancestors from the parent up to the module. */
  *ancestors(): Generator<PyNode> {
    for (let node = this.parent; node; node = node.parent) yield node;
  }

  /** All named descendants in document order (pre-order), without this node. Stops descending where `skip` says so. */
  *descendants(skip?: (node: PyNode) => boolean): Generator<PyNode> {
    const stack = [...this.children].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield node;
      if (skip?.(node)) continue;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }

  /** True when `other` is this node or inside it. */
  contains(other: PyNode): boolean {
    if (other.start < this.start || other.end > this.end) return false;
    for (let node: PyNode | undefined = other; node; node = node.parent) if (node === this) return true;
    return false;
  }
}

export class PyTree {
  readonly root: PyNode;
  /** `comment` nodes in document order. */
  readonly comments: PyNode[] = [];
  /** Ranges of ERROR nodes and of tokens the parser had to invent (MISSING); empty for a file that parses. */
  readonly errorRanges: TextRange[] = [];

  constructor(readonly text: string) {
    this.root = new PyNode(this, "module", 0, text.length, undefined, undefined);
  }

  get hasError(): boolean {
    return this.errorRanges.length > 0;
  }

  /** The innermost named node that covers the range. */
  nodeAt(range: TextRange): PyNode {
    let node = this.root;
    for (;;) {
      const next = node.children.find((child) => child.start <= range.start && range.end <= child.end);
      if (!next) return node;
      node = next;
    }
  }
}

interface TypeTable {
  names: string[];
  named: boolean[];
  /** For anonymous node types: a keyword or operator rules read (kept as a token even without a field). */
  word: boolean[];
}

const typeTables = new WeakMap<Language, TypeTable>();

function typeTableOf(language: Language): TypeTable {
  let table = typeTables.get(language);
  if (!table) {
    const names: string[] = [];
    const named: boolean[] = [];
    const word: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      names[id] = language.nodeTypeForId(id) ?? "ERROR";
      named[id] = language.nodeTypeIsNamed(id);
      word[id] = /^[a-z_]+$/.test(names[id]);
    }
    table = { names, named, word };
    typeTables.set(language, table);
  }
  return table;
}

/** Only copyTree, while building, replaces a node's shared empty arrays. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Tree-sitter's id for ERROR nodes ((TSSymbol)-1). */
const ERROR_TYPE_ID = 65535;

/**
 * Copies a tree-sitter tree into PyNodes with one cursor walk. `open` gives the cursor (see cursor.ts); nothing
 * else may call into tree-sitter during the walk, which the direct cursor relies on.
 */
export function copyTree(source: TsTree, text: string, language: Language, open: OpenCursor = publicApiCursor): PyTree {
  const tree = new PyTree(text);
  const { names, named, word } = typeTableOf(language);
  const fields = language.fields;
  const cursor = open(source);
  let parent: PyNode = tree.root;
  const add = (): PyNode | undefined => {
    const typeId = cursor.typeId();
    const isError = typeId === ERROR_TYPE_ID;
    const fieldId = cursor.fieldId();
    const field = fieldId ? (fields[fieldId] ?? undefined) : undefined;
    if (!isError && !named[typeId]) {
      // Keep keywords and operators that rules read; drop punctuation.
      if (field !== undefined || word[typeId]) {
        const token = new PyNode(tree, names[typeId], cursor.startIndex(), cursor.endIndex(), parent, field);
        if (parent.tokens === NONE) (parent as Mutable<PyNode>).tokens = [token];
        else parent.tokens.push(token);
      }
      return undefined;
    }
    const type = isError ? "ERROR" : names[typeId];
    const node = new PyNode(tree, type, cursor.startIndex(), cursor.endIndex(), parent, field);
    if (type === "comment") tree.comments.push(node);
    else if (parent.children === NONE) (parent as Mutable<PyNode>).children = [node];
    else parent.children.push(node);
    return node;
  };
  try {
    // Pre-order walk; `parent` follows the cursor (undefined-returning `add` means a dropped token, which has no children we need).
    let current: PyNode | undefined = tree.root;
    const stack: (PyNode | undefined)[] = [];
    walk: for (;;) {
      if (current && cursor.gotoFirstChild()) {
        stack.push(current);
        parent = current;
        current = add();
        continue;
      }
      for (;;) {
        if (stack.length === 0) break walk;
        if (cursor.gotoNextSibling()) {
          current = add();
          break;
        }
        cursor.gotoParent();
        stack.pop();
        parent = stack[stack.length - 1] ?? tree.root;
      }
    }
  } finally {
    cursor.close();
  }
  // After the cursor is closed: Node calls use the transfer buffer a direct cursor keeps its state in.
  if (source.rootNode.hasError) collectErrors(source.rootNode, tree.errorRanges);
  return tree;
}

/** Only subtrees that contain an error are entered, so a file that parses costs nothing here. */
function collectErrors(root: TsNode, into: TextRange[]): void {
  const stack = [root];
  while (stack.length > 0) {
    for (const child of stack.pop()!.children) {
      if (!child) continue;
      if (child.isError || child.isMissing) into.push({ start: child.startIndex, end: child.endIndex });
      else if (child.hasError) stack.push(child);
    }
  }
  into.sort((a, b) => a.start - b.start);
}
