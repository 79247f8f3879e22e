import { calleeTextPattern } from "../knowledge/api-match";
import type { Fix, TextEdit } from "../core/model";
import {
  PY_COROUTINE_APIS,
  PY_EXPECTED_RAISE_CONTEXTS,
  PY_TASK_CREATING_APIS,
  type PyCoroutineApi,
} from "../knowledge/python-asyncio";
import { isCoroutineFunction, isPlainCoroutineFunction } from "../lang/python/coroutine";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { callArguments, standaloneStatement, displayCallee } from "../lang/python/edits";
import { qualifiedName, type PyValue, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import type { NoUnawaitedCallMessageId, NoUnawaitedCallOptions } from "./meta";

type Context = PyRuleContext<NoUnawaitedCallMessageId, NoUnawaitedCallOptions>;

/** The module-level set the task suggestion keeps tasks in, as the asyncio docs show. */
const TASK_SET = "_background_tasks";
const TASK_VARIABLE_NAMES = ["task", "background_task", "new_task"];

/**
 * Python: a call whose result is dropped as a bare statement when that result is a coroutine (an `async def` of
 * this module or class, or a coroutine-returning library call: it never runs) or a task from
 * `asyncio.create_task` / `ensure_future` / `loop.create_task` (nothing keeps it alive).
 */
export const detectPythonUnawaitedCalls: PyDetector<NoUnawaitedCallMessageId, NoUnawaitedCallOptions> = (context) => {
  const { analysis } = context;
  const allowed = context.options.allowedCallees.map(calleeTextPattern);

  const taskNames = new Set(PY_TASK_CREATING_APIS.map((api) => (api.callee ?? api.member!).split(".").pop()!));
  /** A call of `create_task` / `ensure_future` / `loop.create_task` that starts a task (not an `allowedCallees` one). */
  const startsTask = (call: PyNode): boolean => {
    const callee = call.child("function");
    if (!callee) return false;
    const target = skipParentheses(callee);
    const lastName = target.type === "attribute" ? target.child("attribute")?.text : target.type === "identifier" ? target.text : undefined;
    if (lastName === undefined || !taskNames.has(lastName)) return false;
    if (allowed.some((pattern) => pattern.test(target.text.replace(/\s+/g, "")))) return false;
    const value = analysis.resolver.resolve(callee);
    return !!value && matchesApi(PY_TASK_CREATING_APIS, value, call);
  };
  const reportTask = (call: PyNode, messageId: "danglingTask" | "unstartedTaskGenerator" | "unreadTask", name?: string): void => {
    const callee = skipParentheses(call.child("function")!);
    context.report({ range: callee.range, messageId, data: { callee: displayCallee(callee), name: name ?? "" } });
  };

  return {
    call(call) {
      if (!startsTask(call)) return;
      const fate = droppedTaskFate(call);
      if (fate === "kept" || expectedToRaise(call, context)) return;
      reportTask(call, fate);
    },
    assignment(assignment) {
      // The outermost assignment of a chain (`task = other = create_task(...)`) stands as a statement.
      if (assignment.parent?.type !== "expression_statement") return;
      const targets: PyNode[] = [];
      let value: PyNode | undefined = assignment;
      while (value?.type === "assignment") {
        const left = value.child("left");
        if (!left) return;
        targets.push(left);
        value = value.child("right");
      }
      const call = value && skipParentheses(value);
      if (call?.type !== "call" || !startsTask(call) || expectedToRaise(assignment, context)) return;
      if (targets.every((target) => isUnreadLocal(target, context))) reportTask(call, "unreadTask", targets.map((t) => t.text).join("` and `"));
    },
    expression_statement(statement) {
      if (statement.children.length !== 1) return;
      const call = skipParentheses(statement.children[0]);
      if (call.type !== "call") return;
      const callee = call.child("function");
      if (!callee) return;
      const calleeText = skipParentheses(callee).text.replace(/\s+/g, "");
      if (allowed.some((pattern) => pattern.test(calleeText))) return;
      const value = analysis.resolver.resolve(callee);
      if (!value || expectedToRaise(statement, context)) return;
      const range = skipParentheses(callee).range;
      if (matchesApi(PY_TASK_CREATING_APIS, value, call)) {
        context.report({ range, messageId: "danglingTask", data: { callee: displayCallee(skipParentheses(callee)) }, fixes: () => optional(storeTaskFix(context, statement, call)) });
        return;
      }
      if (isUnawaitedCoroutine(value, context)) {
        const inCoroutine = analysis.coroutines.coroutineOf(statement) !== undefined;
        context.report({
          range,
          messageId: "unawaitedCoroutine",
          data: { callee: displayCallee(skipParentheses(callee)) },
          // `await` is only valid in a coroutine; elsewhere the caller has to become async or use asyncio.run.
          fixes: inCoroutine ? () => [{ title: "Add await", edits: [{ start: call.start, end: call.start, text: "await " }], safety: "unsafe" }] : undefined,
        });
      }
    },
  };
};

function isUnawaitedCoroutine(value: PyValue, context: Context): boolean {
  if (value.kind === "definition") return isPlainCoroutineFunction(value.node, context.analysis.resolver);
  return matchesApi(PY_COROUTINE_APIS, value);
}

function matchesApi(apis: readonly PyCoroutineApi[], value: PyValue, call?: PyNode): boolean {
  const name = qualifiedName(value);
  return apis.some((api) => {
    const matches = api.callee !== undefined ? api.callee === name : value.kind === "instance-member" && value.type === api.type && value.member === api.member;
    if (!matches || !api.onlyWithCallArgument) return matches;
    const first = call ? callArguments(call).positional[0] : undefined;
    return first !== undefined && skipParentheses(first).type === "call";
  });
}

/**
 * Where a task-starting call's result ends up, climbing through what only carries it along (parentheses, a
 * collection display, a comprehension's element, a conditional expression's branch, `a or b`): "kept" when
 * something receives it (an assignment, an argument, `return`, `await`, a subscript...); "danglingTask" when it is
 * thrown away (a collection or comprehension used as a bare statement, the test of a conditional expression or of
 * a comprehension's `if`, a `with` item: a task is no context manager); "unstartedTaskGenerator" for a generator
 * expression used as a bare statement, whose body never runs. A call standing alone as the statement is the
 * `expression_statement` visitor's finding.
 */
function droppedTaskFate(call: PyNode): "kept" | "danglingTask" | "unstartedTaskGenerator" {
  let inGenerator = false;
  let child = call;
  for (let node = call.parent; node; child = node, node = node.parent) {
    switch (node.type) {
      case "parenthesized_expression":
      case "list":
      case "tuple":
      case "set":
      case "boolean_operator":
        continue;
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
        if (child.field !== "body") return "kept";
        inGenerator = node.type === "generator_expression";
        continue;
      case "conditional_expression":
        // children: [value if true, condition, value if false]
        if (node.children[1] === child) return "danglingTask";
        continue;
      case "if_clause":
        return "danglingTask";
      case "with_item":
        return "danglingTask";
      case "as_pattern":
        return node.parent?.type === "with_item" ? "danglingTask" : "kept";
      case "expression_statement":
        if (skipParentheses(child) === call) return "kept";
        return inGenerator ? "unstartedTaskGenerator" : "danglingTask";
      default:
        return "kept";
    }
  }
  return "kept";
}

/**
 * An assignment target that is a plain name local to a function (not `global`/`nonlocal`) and never read anywhere
 * in it, nested functions included: the task it holds has no reference left once the function returns.
 */
function isUnreadLocal(target: PyNode, context: Context): boolean {
  if (target.type !== "identifier") return false;
  const { scopes } = context.analysis;
  const scope = scopes.scopeAt(target);
  if (scope.kind !== "function" || scope.globals.has(target.text) || scope.nonlocals.has(target.text)) return false;
  const bindings = scope.bindings.get(target.text);
  if (!bindings) return false;
  // Rebinding is not reading, except `x += ...`, which reads `x`.
  const written = new Set(bindings.filter((b) => b.kind !== "augmented-assignment").map((b) => b.nameNode));
  for (const node of scope.node.descendants()) {
    if (node.type !== "identifier" || node.text !== target.text || written.has(node)) continue;
    // A keyword argument's name or an attribute's member is no use of the variable.
    if (node.field === "name" && node.parent?.type === "keyword_argument") continue;
    if (node.field === "attribute" && node.parent?.type === "attribute") continue;
    const lookup = scopes.lookupAt(node.text, node);
    if (lookup.kind === "bound" && lookup.scope === scope) return false;
  }
  return true;
}

/** Inside `with self.assertRaises(...)` / `with pytest.raises(...)` the call is expected to fail, creating nothing. */
function expectedToRaise(statement: PyNode, context: Context): boolean {
  for (const ancestor of statement.ancestors()) {
    if (ancestor.type === "function_definition" || ancestor.type === "class_definition") return false;
    if (ancestor.type !== "with_statement") continue;
    for (const item of ancestor.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
      const value = item.child("value");
      const manager = value?.type === "as_pattern" ? value.children[0] : value;
      const callee = manager?.type === "call" ? skipParentheses(manager.child("function")!) : undefined;
      if (!callee) continue;
      if (callee.type === "attribute" && PY_EXPECTED_RAISE_CONTEXTS.methods.includes(callee.child("attribute")!.text)) return true;
      const name = qualifiedName(context.analysis.resolver.resolve(callee));
      if (name !== undefined && PY_EXPECTED_RAISE_CONTEXTS.functions.includes(name)) return true;
    }
  }
  return false;
}

/**
 * `asyncio.create_task(work())` →
 *   task = asyncio.create_task(work())
 *   _background_tasks.add(task)
 *   task.add_done_callback(_background_tasks.discard)
 * with `_background_tasks = set()` added after the imports when the module lacks it. A suggestion: it changes
 * nothing about when the task runs, but it is new code to review.
 */
function storeTaskFix(context: Context, statement: PyNode, call: PyNode): Fix | undefined {
  const layout = standaloneStatement(statement);
  if (!layout) return undefined;
  const { scopes } = context.analysis;
  const scope = scopes.scopeAt(statement);
  if (scope.kind === "class" || scope.kind === "lambda" || scope.kind === "comprehension") return undefined;
  const setDefinition = taskSetDefinition(context, statement);
  if (setDefinition === "unusable") return undefined;
  // A new local must not collide with any name the function (or, at module level, the file) already uses.
  const region = scope.kind === "module" ? context.tree.root : scope.node;
  const used = new Set<string>();
  for (const node of region.descendants()) if (node.type === "identifier") used.add(node.text);
  const variable = TASK_VARIABLE_NAMES.find((name) => !used.has(name) && !scope.bindings.has(name));
  if (!variable) return undefined;
  const { indent, lineEnd, newline } = layout;
  const edits: TextEdit[] = [
    { start: call.start, end: call.start, text: `${variable} = ` },
    { start: lineEnd, end: lineEnd, text: `${newline}${indent}${TASK_SET}.add(${variable})${newline}${indent}${variable}.add_done_callback(${TASK_SET}.discard)` },
  ];
  if (setDefinition === "missing") {
    edits.push(context.analysis.imports.addModuleStatement(`# Strong references to running tasks: the event loop only keeps weak ones.${newline}${TASK_SET} = set()`));
  }
  return { title: `Keep a reference to the task in ${TASK_SET}`, edits, safety: "unsafe" };
}

/** Whether the module already has `_background_tasks = set()` visible at the statement. */
function taskSetDefinition(context: Context, at: PyNode): "present" | "missing" | "unusable" {
  const { scopes } = context.analysis;
  if (!scopes.isBoundAnywhere(TASK_SET)) return "missing";
  const lookup = scopes.lookupAt(TASK_SET, at);
  if (lookup.kind !== "bound" || lookup.scope !== scopes.module || lookup.bindings.length !== 1) return "unusable";
  const right = lookup.bindings[0].node.child("right");
  const setFunction = right?.type === "call" ? right.child("function") : undefined;
  const isEmptySet =
    !!setFunction && qualifiedName(context.analysis.resolver.resolve(setFunction)) === "builtins.set" && right!.child("arguments")?.children.length === 0;
  return lookup.bindings[0].kind === "assignment" && isEmptySet ? "present" : "unusable";
}

function optional(fix: Fix | undefined): Fix[] {
  return fix ? [fix] : [];
}
