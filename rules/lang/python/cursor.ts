// The cursor `copyTree` walks tree-sitter's tree with, in two implementations.
//
// web-tree-sitter's TreeCursor keeps its 4-word state in JavaScript and, around every call, copies it into the
// wasm transfer buffer with `setValue` (and back with `getValue` after each move): a node visited with
// move + type + field + start + end costs 20 such copies, which profiled as more time than tree-sitter's parsing
// of the same file. The wasm functions behind it read the cursor from the transfer buffer and the moves write it
// back there, so a walk that makes no other tree-sitter call in between can call them directly, with the state
// staying in wasm memory: `directCursors`. It uses web-tree-sitter internals (the Emscripten module object, the
// tree's and cursor's handles), so it is feature-checked at start-up and checked against the public API on a
// sample; if anything differs, `publicApiCursor` (the documented API) is used instead.
import type { Tree as TsTree, TreeCursor } from "web-tree-sitter";

/** A pre-order walk position, as much of TreeCursor as copying a tree needs. `close()` frees it. */
export interface WalkCursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  typeId(): number;
  /** 0 when the node has no field. */
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  close(): void;
}

export type OpenCursor = (tree: TsTree) => WalkCursor;

export const publicApiCursor: OpenCursor = (tree) => {
  const cursor = tree.walk();
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    close: () => cursor.delete(),
  };
};

/** The exports of web-tree-sitter's Emscripten module that `directCursors` calls; each takes the tree's address. */
interface CursorExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const CURSOR_FUNCTIONS = [
  "_ts_init",
  "_ts_tree_cursor_goto_first_child_wasm",
  "_ts_tree_cursor_goto_next_sibling_wasm",
  "_ts_tree_cursor_goto_parent_wasm",
  "_ts_tree_cursor_current_node_type_id_wasm",
  "_ts_tree_cursor_current_field_id_wasm",
  "_ts_tree_cursor_start_index_wasm",
  "_ts_tree_cursor_end_index_wasm",
] as const;

/** Words of cursor state in the transfer buffer and in TreeCursor's `[0]`..`[3]` (web-tree-sitter's SIZE_OF_CURSOR). */
const CURSOR_WORDS = 4;

type Handles = Record<number, number>;

/**
 * Direct cursors over `module`, the object passed to `Parser.init` (Emscripten fills it in as the module), or
 * undefined when it does not have the expected shape.
 */
export function directCursors(module: object): OpenCursor | undefined {
  const m = module as Partial<CursorExports>;
  if (!(m.HEAP32 instanceof Int32Array) || CURSOR_FUNCTIONS.some((name) => typeof m[name] !== "function")) return undefined;
  const exports = m as CursorExports;
  // ts_init only returns the static transfer buffer's address (and stores the ABI versions in its first words).
  const transferWord = exports._ts_init() >> 2;
  return (tree) => {
    const cursor = tree.walk();
    const handles = cursor as unknown as Handles;
    // TreeCursor's constructor read its state from the transfer buffer: if it is not there, this is not the
    // layout this code was written for.
    const heap = exports.HEAP32;
    for (let i = 0; i < CURSOR_WORDS; i++) {
      if (heap[transferWord + i] !== handles[i]) {
        cursor.delete();
        return publicApiCursor(tree);
      }
    }
    const address = (tree as unknown as Handles)[0];
    return {
      gotoFirstChild: () => exports._ts_tree_cursor_goto_first_child_wasm(address) !== 0,
      gotoNextSibling: () => exports._ts_tree_cursor_goto_next_sibling_wasm(address) !== 0,
      gotoParent: () => exports._ts_tree_cursor_goto_parent_wasm(address) !== 0,
      typeId: () => exports._ts_tree_cursor_current_node_type_id_wasm(address),
      fieldId: () => exports._ts_tree_cursor_current_field_id_wasm(address),
      startIndex: () => exports._ts_tree_cursor_start_index_wasm(address),
      endIndex: () => exports._ts_tree_cursor_end_index_wasm(address),
      close: () => closeDirect(exports, transferWord, cursor),
    };
  };
}

/**
 * Moves grow the cursor's stack (a realloc may move it), so the JavaScript object takes the state back before
 * `delete()` frees it. HEAP32 is read again: wasm memory growth replaces the view.
 */
function closeDirect(exports: CursorExports, transferWord: number, cursor: TreeCursor): void {
  const heap = exports.HEAP32;
  const handles = cursor as unknown as Handles;
  for (let i = 0; i < CURSOR_WORDS; i++) handles[i] = heap[transferWord + i];
  cursor.delete();
}
