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
    // Indexed loops: the hottest lookup of the rules, and `for...of` allocates in code V8 has not optimised yet.
    const { children, tokens } = this;
    for (let i = 0; i < children.length; i++) if (children[i].field === field) return children[i];
    for (let i = 0; i < tokens.length; i++) if (tokens[i].field === field) return tokens[i];
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
    const { tokens } = this;
    for (let i = 0; i < tokens.length; i++) if (tokens[i].type === type) return true;
    return false;
  }

  /** The next named sibling, if any. */
  get nextSibling(): PyNode | undefined {
    if (!this.parent) return undefined;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1];
  }

  /** Ancestors from the parent up to the module. */
  ancestors(): IterableIterator<PyNode> {
    return new Ancestors(this);
  }

  /**
   * All named descendants in document order (pre-order), without this node. Stops descending where `skip` says
   * so; `skip` sees a node after the loop body has, as it would with a generator.
   */
  descendants(skip?: (node: PyNode) => boolean): IterableIterator<PyNode> {
    return new Descendants(this, skip);
  }

  /** True when `other` is this node or inside it. */
  contains(other: PyNode): boolean {
    if (other.start < this.start || other.end > this.end) return false;
    for (let node: PyNode | undefined = other; node; node = node.parent) if (node === this) return true;
    return false;
  }
}

/**
 * The iterators of `ancestors()` and `descendants()`, written out rather than as generators: rules run them over
 * whole files, and a generator allocates a result object per node (about a fifth of all the memory a Python run
 * allocated). These return one result object, updated in place, which `for...of` and spreading read at once.
 */
class Ancestors implements IterableIterator<PyNode> {
  private readonly result: IteratorResult<PyNode> = { done: false, value: undefined as unknown as PyNode };
  private next_: PyNode | undefined;

  constructor(node: PyNode) {
    this.next_ = node.parent;
  }

  next(): IteratorResult<PyNode> {
    const node = this.next_;
    if (!node) return { done: true, value: undefined };
    this.next_ = node.parent;
    this.result.value = node;
    return this.result;
  }

  [Symbol.iterator](): IterableIterator<PyNode> {
    return this;
  }
}

class Descendants implements IterableIterator<PyNode> {
  private readonly result: IteratorResult<PyNode> = { done: false, value: undefined as unknown as PyNode };
  private readonly stack: PyNode[] = [];
  /** The node returned last: its children are stacked on the next call, once `skip` has seen it. */
  private last: PyNode | undefined;

  constructor(
    root: PyNode,
    private readonly skip: ((node: PyNode) => boolean) | undefined,
  ) {
    for (let i = root.children.length - 1; i >= 0; i--) this.stack.push(root.children[i]);
  }

  next(): IteratorResult<PyNode> {
    const last = this.last;
    if (last && !this.skip?.(last)) for (let i = last.children.length - 1; i >= 0; i--) this.stack.push(last.children[i]);
    const node = this.stack.pop();
    this.last = node;
    if (!node) return { done: true, value: undefined };
    this.result.value = node;
    return this.result;
  }

  [Symbol.iterator](): IterableIterator<PyNode> {
    return this;
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

/** Only copyTree, when it leaves a node, replaces the node's shared empty arrays. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Tree-sitter's id for ERROR nodes ((TSSymbol)-1). */
const ERROR_TYPE_ID = 65535;

/**
 * Copies a tree-sitter tree into PyNodes with one cursor walk. `open` gives the cursor (see cursor.ts); nothing
 * else may call into tree-sitter during the walk, which the direct cursor relies on.
 *
 * The children and tokens of the nodes on the current path wait in two shared lists; leaving a node gives it an
 * exact-size copy of its part. Pushing into a node's own array instead over-allocates it (an array grown from
 * one element gets room for about twenty), which doubled the memory the copy allocated and the collector's work.
 */
export function copyTree(source: TsTree, text: string, language: Language, open: OpenCursor = publicApiCursor): PyTree {
  const tree = new PyTree(text);
  const { names, named, word } = typeTableOf(language);
  const fields = language.fields;
  const cursor = open(source);
  const pendingChildren: PyNode[] = [];
  const pendingTokens: PyNode[] = [];
  /** Per node on the path from the root (`parents`): where its children and tokens start in the pending lists. */
  const parents: PyNode[] = [];
  const childMarks: number[] = [];
  const tokenMarks: number[] = [];
  let parent: PyNode = tree.root;
  const add = (): PyNode | undefined => {
    const typeId = cursor.typeId();
    const isError = typeId === ERROR_TYPE_ID;
    const fieldId = cursor.fieldId();
    const field = fieldId ? (fields[fieldId] ?? undefined) : undefined;
    if (!isError && !named[typeId]) {
      // Keep keywords and operators that rules read; drop punctuation.
      if (field !== undefined || word[typeId]) pendingTokens.push(new PyNode(tree, names[typeId], cursor.startIndex(), cursor.endIndex(), parent, field));
      return undefined;
    }
    const type = isError ? "ERROR" : names[typeId];
    const node = new PyNode(tree, type, cursor.startIndex(), cursor.endIndex(), parent, field);
    if (type === "comment") tree.comments.push(node);
    else pendingChildren.push(node);
    return node;
  };
  const leave = (): void => {
    const node = parents.pop()! as Mutable<PyNode>;
    const childMark = childMarks.pop()!;
    const tokenMark = tokenMarks.pop()!;
    if (pendingChildren.length > childMark) {
      node.children = pendingChildren.slice(childMark);
      pendingChildren.length = childMark;
    }
    if (pendingTokens.length > tokenMark) {
      node.tokens = pendingTokens.slice(tokenMark);
      pendingTokens.length = tokenMark;
    }
    parent = parents[parents.length - 1] ?? tree.root;
  };
  try {
    // Pre-order walk; `parent` follows the cursor (undefined-returning `add` means a dropped token, which has no children we need).
    let current: PyNode | undefined = tree.root;
    walk: for (;;) {
      if (current && cursor.gotoFirstChild()) {
        parents.push(current);
        childMarks.push(pendingChildren.length);
        tokenMarks.push(pendingTokens.length);
        parent = current;
        current = add();
        continue;
      }
      for (;;) {
        if (parents.length === 0) break walk;
        if (cursor.gotoNextSibling()) {
          current = add();
          break;
        }
        cursor.gotoParent();
        leave();
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
