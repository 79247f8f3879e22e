import { PY_CHUNK_NAMES, PY_CHUNKING_CALLS, PY_COLLECTION_PASSTHROUGH } from "../knowledge/python-io";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { callArguments } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";

/** `range(n)` with a literal `n` up to this many elements is small enough to start at once (as in the TypeScript detector). */
const SMALL_RANGE_SIZE = 16;
/** How many variable hops the analysis follows. */
export const MAX_HOPS = 4;

/** Whether the code fixes a collection's size, so starting one task per element is bounded by the code itself. */
export class CollectionBounds {
  constructor(private readonly analysis: PyFileAnalysis) {}

  /** A collection whose size the code fixes: a display, a string, a small literal `range`, a slice, a chunk, or a name bound once to one. */
  isBounded(collection: PyNode, hops = 0): boolean {
    const expr = skipParentheses(collection);
    if (hops > MAX_HOPS) return false;
    switch (expr.type) {
      case "list":
      case "tuple":
      case "set":
      case "dictionary":
      case "expression_list":
        return !expr.children.some((c) => c.type === "list_splat" || c.type === "dictionary_splat");
      case "string":
      case "concatenated_string":
        return true;
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension":
        return expr.childrenOfType("for_in_clause").every((clause) => {
          const iterable = clause.child("right");
          return !!iterable && this.isBounded(iterable, hops + 1);
        });
      case "subscript":
        return hasUpperBound(expr);
      case "attribute":
        return namesChunk(expr.child("attribute")!.text);
      case "identifier":
        return namesChunk(expr.text) || this.boundedName(expr, hops);
      case "call":
        return this.boundedCall(expr, hops);
      default:
        return false;
    }
  }

  private boundedName(name: PyNode, hops: number): boolean {
    const lookup = this.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1) return false;
    const binding = lookup.bindings[0];
    if (binding.kind === "assignment" && binding.node.child("left") === binding.nameNode) {
      const right = binding.node.child("right");
      return !!right && this.isBounded(right, hops + 1);
    }
    // `for group in itertools.batched(urls, 10)`: each element of a chunking call is a chunk.
    if (binding.kind === "for") {
      const iterable = binding.node.child("right");
      const callee = iterable && skipParentheses(iterable).type === "call" ? skipParentheses(iterable).child("function") : undefined;
      const calleeName = callee ? (skipParentheses(callee).type === "attribute" ? skipParentheses(callee).child("attribute")!.text : skipParentheses(callee).text) : undefined;
      return calleeName !== undefined && PY_CHUNKING_CALLS.some((pattern) => pattern.test(calleeName));
    }
    return false;
  }

  private boundedCall(call: PyNode, hops: number): boolean {
    const callee = skipParentheses(call.child("function")!);
    const args = callArguments(call);
    if (args.hasSplat) return false;
    const name = qualifiedName(this.analysis.resolver.resolve(callee));
    if (name === "builtins.range") {
      const values = args.positional.map((a) => this.integerValue(a));
      if (values.length === 0 || values.length > 3 || values.some((v) => v === undefined)) return false;
      const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
      return step !== 0 && Math.max(0, Math.ceil((stop - start) / step)) <= SMALL_RANGE_SIZE;
    }
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.first.includes(name)) return !!args.positional[0] && this.isBounded(args.positional[0], hops + 1);
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.any.includes(name)) {
      // `map`'s and `filter`'s first argument is the function, not a collection.
      const collections = name === "builtins.zip" ? args.positional : args.positional.slice(1);
      return collections.some((c) => this.isBounded(c, hops + 1));
    }
    if (name !== undefined && PY_COLLECTION_PASSTHROUGH.slices.includes(name)) return args.positional.length >= 2;
    if (callee.type === "attribute" && PY_COLLECTION_PASSTHROUGH.methods.includes(callee.child("attribute")!.text)) return this.isBounded(callee.child("object")!, hops + 1);
    return false;
  }

  /** An integer literal, or a name bound once to one (`WORKERS = 4`). */
  private integerValue(node: PyNode): number | undefined {
    const expr = skipParentheses(node);
    if (expr.type === "integer") {
      // `16`, `1_000`, `0x10`; not `10j` or `10L`.
      const value = Number(expr.text.replace(/_/g, ""));
      return Number.isSafeInteger(value) ? value : undefined;
    }
    if (expr.type === "unary_operator" && expr.child("operator")?.type === "-") {
      const value = this.integerValue(expr.child("argument")!);
      return value === undefined ? undefined : -value;
    }
    if (expr.type !== "identifier") return undefined;
    const lookup = this.analysis.scopes.lookupAt(expr.text, expr);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "assignment") return undefined;
    const right = lookup.bindings[0].node.child("right");
    return right && skipParentheses(right).type === "integer" ? this.integerValue(right) : undefined;
  }
}

/** `xs[:10]`, `xs[i:i + n]`: a slice with an upper bound. */
function hasUpperBound(subscript: PyNode): boolean {
  const slice = subscript.child("subscript");
  if (slice?.type !== "slice") return false;
  // Punctuation is not in the tree: find the colons between the slice's parts.
  const text = subscript.tree.text;
  const colons: number[] = [];
  for (let at = slice.start; at < slice.end; at++) {
    if (text[at] === ":" && !slice.children.some((c) => c.start <= at && at < c.end)) colons.push(at);
  }
  const upperEnd = colons[1] ?? slice.end;
  return colons.length > 0 && slice.children.some((c) => c.start > colons[0] && c.end <= upperEnd);
}

function namesChunk(name: string): boolean {
  return PY_CHUNK_NAMES.some((pattern) => pattern.test(name));
}
