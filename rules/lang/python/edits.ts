// Helpers for building fixes on Python code: where `await` needs parentheses, how a call's arguments read,
// and where a statement stands on its lines.
import { truncateForDisplay } from "../../core/display";
import type { TextEdit } from "../../core/model";
import type { PyNode } from "./tree";

/**
 * True when `await <node>` must be parenthesised where the node stands: as the object of an attribute,
 * subscript or call (`(await f()).x`). Everywhere else `await` binds at least as tightly as needed
 * (`-await f()`, `await f() ** 2`, `x = await f()`).
 */
export function awaitNeedsParentheses(node: PyNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (
    (parent.type === "attribute" && node.field === "object") ||
    (parent.type === "subscript" && node.field === "value") ||
    (parent.type === "call" && node.field === "function")
  );
}

/** Edits turning `node` into `await <node>` (parenthesised when needed). */
export function addAwaitEdits(node: PyNode): TextEdit[] {
  if (awaitNeedsParentheses(node)) {
    return [
      { start: node.start, end: node.start, text: "(await " },
      { start: node.end, end: node.end, text: ")" },
    ];
  }
  return [{ start: node.start, end: node.start, text: "await " }];
}

export interface CallArguments {
  positional: PyNode[];
  keywords: { name: string; node: PyNode }[];
  /** `*args` / `**kwargs` present. */
  hasSplat: boolean;
  /** The argument_list node (absent for a call written with a generator argument, `f(x for x in y)`). */
  list: PyNode | undefined;
}

export function callArguments(call: PyNode): CallArguments {
  const list = call.child("arguments");
  const result: CallArguments = { positional: [], keywords: [], hasSplat: false, list: list?.type === "argument_list" ? list : undefined };
  if (!list) return result;
  if (list.type !== "argument_list") {
    result.positional.push(list);
    return result;
  }
  for (const argument of list.children) {
    if (argument.type === "keyword_argument") result.keywords.push({ name: argument.child("name")?.text ?? "", node: argument });
    else if (argument.type === "list_splat" || argument.type === "dictionary_splat") result.hasSplat = true;
    else result.positional.push(argument);
  }
  return result;
}

/** The argument at a position, or the keyword argument's value with that name. */
export function argumentAt(call: PyNode, position: number | undefined, keyword: string | undefined): PyNode | undefined {
  const args = callArguments(call);
  if (keyword !== undefined) {
    const named = args.keywords.find((k) => k.name === keyword);
    if (named) return named.node.child("value");
  }
  return position !== undefined ? args.positional[position] : undefined;
}

/** The statement's indentation and the end of its last line, when it stands alone on its lines (no `;`, not after `if x:`). */
export function standaloneStatement(statement: PyNode): { indent: string; lineEnd: number; newline: string } | undefined {
  const text = statement.tree.text;
  const lineStart = text.lastIndexOf("\n", statement.start - 1) + 1;
  const before = text.slice(lineStart, statement.start);
  if (!/^[ \t]*$/.test(before)) return undefined;
  let lineEnd = statement.end;
  while (lineEnd < text.length && text[lineEnd] !== "\n" && text[lineEnd] !== "\r") lineEnd++;
  const after = text.slice(statement.end, lineEnd);
  if (!/^[ \t]*(#.*)?$/.test(after)) return undefined;
  return { indent: before, lineEnd, newline: text.includes("\r\n") ? "\r\n" : "\n" };
}

/**
 * A callee as messages show it: arguments of calls inside it abbreviated (`conn.execute(...).fetchall`), line
 * breaks and indentation removed, at most 60 characters.
 */
export function displayCallee(callee: PyNode): string {
  const text = callee.tree.text;
  let out = "";
  let at = callee.start;
  // Pre-order with an explicit stack: a callee can be a 10,000-link call chain.
  const stack = [...callee.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "argument_list") {
      out += text.slice(at, node.start) + (node.children.length > 0 ? "(...)" : "()");
      at = node.end;
    } else {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }
  out += text.slice(at, callee.end);
  const flat = out.replace(/\s*[\r\n]\s*/g, "");
  return truncateForDisplay(flat);
}
