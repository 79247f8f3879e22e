import { PY_TASK_GROUPS } from "../knowledge/python-io";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { callArguments } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import { MAX_HOPS } from "./python-bounds";

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "generator_expression", "dictionary_comprehension"]);
export const NESTED_SCOPES = new Set(["function_definition", "lambda", "class_definition"]);
/** Methods that put an element into a task list / set. */
const ADDING_METHODS = new Set(["append", "add"]);
/** Methods that take elements out again: the list is drained as it goes, so its size is not the collection's. */
const REMOVING_METHODS = new Set(["clear", "pop", "popleft", "remove", "discard"]);

/** The work started for one element: a coroutine expression (`fetch(u)`), or a function and its arguments (`tg.start_soon(fetch, u)`, `map(fetch, urls)`). */
export type ElementWork = { kind: "coroutine"; expression: PyNode } | { kind: "function"; fn: PyNode; args: PyNode[]; site: PyNode };

/** Where elements are started: the work, and the collections iterated around it (comprehension clauses or `for` loops). */
export interface SpawnSite {
  work: ElementWork;
  collections: PyNode[];
}

/** Where a fan-out's elements are started, and over which collections: comprehensions, `map`, task lists and loops. */
export class SpawnSites {
  constructor(private readonly analysis: PyFileAnalysis) {}

  /** The spawn sites feeding a combinator's collection argument: a comprehension, `map(f, xs)`, or a task list of this function. */
  of(collection: PyNode, combinator: PyNode, hops = 0): SpawnSite[] {
    const expr = skipParentheses(collection);
    if (COMPREHENSIONS.has(expr.type) && expr.type !== "dictionary_comprehension") {
      const body = expr.child("body");
      const clauses = expr.childrenOfType("for_in_clause");
      if (!body || clauses.length === 0) return [];
      const collections = clauses.map((c) => c.child("right"));
      if (collections.some((c) => !c)) return [];
      return [{ work: { kind: "coroutine", expression: body }, collections: collections as PyNode[] }];
    }
    if (expr.type === "call") {
      // `map(fetch, urls)`: one call of `fetch` per element.
      const callee = expr.child("function");
      if (!callee || qualifiedName(this.analysis.resolver.resolve(callee)) !== "builtins.map") return [];
      const args = callArguments(expr);
      if (args.hasSplat || args.keywords.length > 0 || args.positional.length !== 2) return [];
      return [{ work: { kind: "function", fn: args.positional[0], args: [], site: expr }, collections: [args.positional[1]] }];
    }
    if (expr.type === "identifier" && hops < MAX_HOPS) return this.taskListSites(expr, combinator, hops);
    return [];
  }

  /**
   * The collections iterated by the loops around `spawn` up to `anchor` (the statement that created the task list
   * or task group), innermost first. Undefined when the count is not a plain product of collection sizes: a
   * `while` loop, or a loop that awaits, breaks or returns (it paces or stops itself).
   */
  iteratedCollections(spawn: PyNode, anchor: PyNode | undefined): PyNode[] | undefined {
    const loops = this.loopsBetween(spawn, anchor);
    if (!loops) return undefined;
    const collections: PyNode[] = [];
    for (const loop of loops) {
      const iterables = loop.type === "for_statement" ? [loop.child("right")] : loop.childrenOfType("for_in_clause").map((clause) => clause.child("right"));
      if (iterables.some((iterable) => !iterable)) return undefined;
      const body = loop.type === "for_statement" ? loop.child("body") : undefined;
      if (body && pacesItself(body)) return undefined;
      collections.push(...(iterables as PyNode[]));
    }
    return collections;
  }

  /** The task group `name` refers to, bound by `async with TaskGroup() as name` whose method `method` starts tasks. */
  taskGroupOf(name: PyNode, method: string): { statement: PyNode; takes: "coroutine" | "function" } | undefined {
    const lookup = this.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "with") return undefined;
    const item = lookup.bindings[0].node;
    const manager = item.child("value")?.children[0];
    const factory = manager && skipParentheses(manager).type === "call" ? skipParentheses(manager).child("function") : undefined;
    const factoryName = factory ? qualifiedName(this.analysis.resolver.resolve(factory)) : undefined;
    const group = PY_TASK_GROUPS.find((g) => g.factory === factoryName && g.method === method);
    const statement = [...item.ancestors()].find((a) => a.type === "with_statement");
    return group && statement ? { statement, takes: group.takes } : undefined;
  }

  /**
   * A local list or set of this function: bound once, to a comprehension (followed) or to an empty `[]`/`set()`
   * filled by `.append(...)`/`.add(...)` in loops. Anything else that changes it (reassignment, `+=`, `.clear()`,
   * `.pop()`) makes its size unknown, and then nothing is reported.
   */
  private taskListSites(name: PyNode, combinator: PyNode, hops: number): SpawnSite[] {
    const { scopes } = this.analysis;
    const lookup = scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.scope.kind !== "function") return [];
    const binding = lookup.bindings[0];
    if (binding.kind !== "assignment" || binding.node.child("left") !== binding.nameNode) return [];
    const right = binding.node.child("right");
    if (!right) return [];
    if (!this.isEmptyCollection(right)) return this.of(right, combinator, hops + 1);
    const sites: SpawnSite[] = [];
    for (const node of lookup.scope.node.descendants((n) => NESTED_SCOPES.has(n.type) && n !== lookup.scope.node)) {
      if (node.type === "delete_statement" && node.text.includes(name.text)) return [];
      if (node.type !== "attribute" || node.child("object")?.text !== name.text || node.parent?.type !== "call" || node.field !== "function") continue;
      const object = node.child("object")!;
      const found = scopes.lookupAt(object.text, object);
      if (found.kind !== "bound" || found.bindings[0] !== binding) continue;
      const method = node.child("attribute")!.text;
      if (REMOVING_METHODS.has(method)) return [];
      if (!ADDING_METHODS.has(method)) continue;
      const add = node.parent;
      const args = callArguments(add);
      if (args.hasSplat || args.positional.length !== 1) continue;
      const collections = this.iteratedCollections(add, binding.node);
      // A combinator inside the loop that fills the list runs once per round: a chunk, not the whole collection.
      if (!collections || collections.length === 0 || this.loopsBetween(add, binding.node)?.some((loop) => loop.contains(combinator))) continue;
      const element = this.assignedInLoop(args.positional[0], add) ?? args.positional[0];
      sites.push({ work: { kind: "coroutine", expression: element }, collections });
    }
    return sites;
  }

  /** `task = asyncio.create_task(fetch(u)); tasks.append(task)`: the value the loop body assigned to the appended name. */
  private assignedInLoop(element: PyNode, add: PyNode): PyNode | undefined {
    const expr = skipParentheses(element);
    if (expr.type !== "identifier") return undefined;
    const loop = this.loopsBetween(add, undefined)?.[0];
    if (!loop) return undefined;
    const lookup = this.analysis.scopes.lookupAt(expr.text, expr);
    if (lookup.kind !== "bound") return undefined;
    const inLoop = lookup.bindings.filter((b) => b.kind === "assignment" && loop.contains(b.node) && b.node.end <= add.start && b.node.child("left") === b.nameNode);
    return inLoop.at(-1)?.node.child("right");
  }

  /** Loops (for statements and comprehensions) containing `node`, innermost first, stopping at `anchor` or the function; undefined for a `while`. */
  private loopsBetween(node: PyNode, anchor: PyNode | undefined): PyNode[] | undefined {
    const loops: PyNode[] = [];
    let child = node;
    for (const ancestor of node.ancestors()) {
      if (anchor && ancestor.contains(anchor)) break;
      if (NESTED_SCOPES.has(ancestor.type) || ancestor.type === "module") break;
      if (ancestor.type === "while_statement" && child.field === "body") return undefined;
      if (ancestor.type === "for_statement" && child.field === "body") loops.push(ancestor);
      if (COMPREHENSIONS.has(ancestor.type) && child.field === "body") loops.push(ancestor);
      child = ancestor;
    }
    return loops;
  }

  /** `[]`, `set()`, `list()`: a collection that starts empty and is filled later. */
  private isEmptyCollection(node: PyNode): boolean {
    const expr = skipParentheses(node);
    if (expr.type === "list") return expr.children.length === 0;
    if (expr.type !== "call") return false;
    const name = qualifiedName(this.analysis.resolver.resolve(expr.child("function")!));
    const args = callArguments(expr);
    return (name === "builtins.set" || name === "builtins.list") && !args.hasSplat && args.positional.length === 0 && args.keywords.length === 0;
  }
}

/** A loop body that awaits, breaks or returns paces or stops itself: the rule cannot tell how many tasks run. */
function pacesItself(body: PyNode): boolean {
  for (const node of body.descendants((n) => NESTED_SCOPES.has(n.type))) {
    if (node.type === "await" || node.type === "break_statement" || node.type === "return_statement") return true;
    if ((node.type === "with_statement" || node.type === "for_statement") && node.hasToken("async")) return true;
  }
  return false;
}
