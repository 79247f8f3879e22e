import {
  PY_CONTEXT_MANAGERS_RETURNING_SELF,
  PY_INSTANCE_FACTORIES,
  PY_MEMBER_RESULTS,
  type PyInstanceFactory,
  type PyMemberResult,
} from "../../knowledge/python-instances";
import { argumentAt } from "./edits";
import { type Binding, parameterName, type ScopeAnalysis } from "./scope";
import type { PyNode } from "./tree";

/**
 * What an expression refers to, as far as rules care. Matching by origin, never by name alone, is what keeps
 * a local variable called `time` or a user's own `sleep` from being flagged.
 * - module: a module or something reached from it; `qualifiedName` gives `time.sleep`, `urllib.request.urlopen`.
 *   Names bound nowhere are builtins: `open` is `builtins.open`.
 * - instance / instance-member: an object made by a known constructor (python-instances.ts), or its member.
 * - definition: a `def`, `async def` or `class` of this file.
 * - self: `self`/`cls` inside a method of a class of this file (`classNode` is the class_definition).
 */
export type PyValue =
  | { kind: "module"; module: string; path: string[] }
  | { kind: "instance"; type: string }
  | { kind: "instance-member"; type: string; member: string }
  | { kind: "definition"; node: PyNode }
  | { kind: "self"; classNode: PyNode };

export const BUILTINS_MODULE = "builtins";

const MAX_DEPTH = 12;

/** `time.sleep`, `urllib.request.urlopen`, `builtins.open`; undefined for anything that is not a module reference. */
export function qualifiedName(value: PyValue | undefined): string | undefined {
  if (value?.kind !== "module") return undefined;
  // A relative import's package (`from . import x`) already ends with its dot.
  return value.module.endsWith(".") && value.path.length > 0 ? value.module + value.path.join(".") : [value.module, ...value.path].join(".");
}

export function sameValue(a: PyValue, b: PyValue): boolean {
  switch (a.kind) {
    case "module":
      return b.kind === "module" && qualifiedName(a) === qualifiedName(b);
    case "instance":
      return b.kind === "instance" && a.type === b.type;
    case "instance-member":
      return b.kind === "instance-member" && a.type === b.type && a.member === b.member;
    case "definition":
      return b.kind === "definition" && a.node === b.node;
    case "self":
      return b.kind === "self" && a.classNode === b.classNode;
  }
}

/** Skips parentheses, which never change a value. */
export function skipParentheses(node: PyNode): PyNode {
  while (node.type === "parenthesized_expression" && node.children.length === 1) node = node.children[0];
  return node;
}

export class PyResolver {
  private readonly factories: PyInstanceFactory[];
  private readonly valuesOfBindings = new WeakMap<readonly Binding[], Map<number, PyValue | undefined>>();
  private readonly memberResults: PyMemberResult[];
  private readonly classAttributeCache = new Map<PyNode, Map<string, PyValue | undefined>>();
  private readonly selfAssignmentIndex = new Map<PyNode, Map<string, (PyNode | undefined)[]>>();
  /** Several rules resolve the same callees: results of top-level `resolve` calls are kept per node. */
  private readonly resolved = new Map<PyNode, PyValue | undefined>();

  constructor(
    private readonly scopes: ScopeAnalysis,
    extra?: { factories?: PyInstanceFactory[]; memberResults?: PyMemberResult[] },
  ) {
    this.factories = [...PY_INSTANCE_FACTORIES, ...(extra?.factories ?? [])];
    this.memberResults = [...PY_MEMBER_RESULTS, ...(extra?.memberResults ?? [])];
  }

  /** What an expression refers to, or undefined when it cannot be known from this file. */
  resolve(expression: PyNode, depth = 0): PyValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (depth === 0) {
      if (this.resolved.has(expression)) return this.resolved.get(expression);
      const value = this.resolve(expression, 1);
      this.resolved.set(expression, value);
      return value;
    }
    const node = skipParentheses(expression);
    switch (node.type) {
      case "identifier":
        return this.resolveName(node.text, node, depth);
      case "attribute": {
        const object = node.child("object");
        const attribute = node.child("attribute");
        if (!object || !attribute) return undefined;
        return this.member(this.resolve(object, depth + 1), attribute.text, "attribute", depth);
      }
      case "call": {
        const callee = node.child("function");
        return callee ? this.resultOfCall(this.resolve(callee, depth + 1), node) : undefined;
      }
      case "subscript": {
        // `client["mydb"]`: `__getitem__`.
        const value = node.child("value");
        const base = value ? this.resolve(value, depth + 1) : undefined;
        return base?.kind === "instance" ? this.memberResult(base.type, "__getitem__", "call") : undefined;
      }
      case "binary_operator": {
        // `path / "name"`: the `/` operator as `__truediv__`.
        const left = node.child("left");
        if (node.child("operator")?.type !== "/" || !left) return undefined;
        const base = this.resolve(left, depth + 1);
        return base?.kind === "instance" ? this.memberResult(base.type, "__truediv__", "call") : undefined;
      }
      default:
        return undefined;
    }
  }

  /** What a name refers to where `at` stands; undefined when it is bound to different things or to something unknown. */
  resolveName(name: string, at: PyNode, depth = 0): PyValue | undefined {
    const lookup = this.scopes.lookupAt(name, at);
    if (lookup.kind === "free") return lookup.maybeFromWildcard ? undefined : { kind: "module", module: BUILTINS_MODULE, path: [name] };
    // A name's value depends only on its bindings (and the depth, which cuts cycles off): remembered, since a
    // module that binds a name thousands of times (a generated or concatenated file) would otherwise cost
    // bindings × references.
    let byDepth = this.valuesOfBindings.get(lookup.bindings);
    if (byDepth?.has(depth)) return byDepth.get(depth);
    const value = this.agreeing(lookup.bindings.map((binding) => this.valueOfBinding(binding, depth + 1)));
    if (!byDepth) this.valuesOfBindings.set(lookup.bindings, (byDepth = new Map()));
    byDepth.set(depth, value);
    return value;
  }

  /** The value a binding gives its name, when every rule reading it could rely on it. */
  valueOfBinding(binding: Binding, depth = 0): PyValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (binding.kind) {
      case "import":
        return { kind: "module", module: binding.module!, path: [] };
      case "import-from":
        return { kind: "module", module: binding.module!, path: [binding.imported!] };
      case "assignment": {
        let right = binding.node.child("right");
        while (right?.type === "assignment") right = right.child("right");
        return right ? this.resolve(right, depth + 1) : undefined;
      }
      case "walrus": {
        const value = binding.node.child("value");
        return value ? this.resolve(value, depth + 1) : undefined;
      }
      case "with": {
        const manager = binding.node.child("value")?.children[0];
        const value = manager ? this.resolve(manager, depth + 1) : undefined;
        return value?.kind === "instance" && PY_CONTEXT_MANAGERS_RETURNING_SELF.has(value.type) ? value : undefined;
      }
      case "function":
      case "class":
        return { kind: "definition", node: binding.node };
      case "parameter": {
        const classNode = methodClassOfReceiver(binding.node);
        return classNode ? { kind: "self", classNode } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `base.name`. */
  member(base: PyValue | undefined, name: string, access: "call" | "attribute" = "attribute", depth = 0): PyValue | undefined {
    if (!base) return undefined;
    switch (base.kind) {
      case "module":
        return { kind: "module", module: base.module, path: [...base.path, name] };
      case "instance":
        return (access === "attribute" ? this.memberResult(base.type, name, "attribute") : undefined) ?? { kind: "instance-member", type: base.type, member: name };
      case "self":
        return this.classAttribute(base.classNode, name, depth);
      case "definition":
        return base.node.type === "class_definition" ? this.classAttribute(base.node, name, depth) : undefined;
      default:
        return undefined;
    }
  }

  /** What calling something gives: an instance for known constructors and instance methods. */
  resultOfCall(callee: PyValue | undefined, call?: PyNode): PyValue | undefined {
    if (!callee) return undefined;
    if (callee.kind === "module") {
      const name = qualifiedName(callee);
      const factory = this.factories.find((f) => f.callee === name);
      if (!factory) return undefined;
      const narrower = factory.typeWithArgument;
      const argument = narrower && call ? argumentAt(call, narrower.position, narrower.keyword) : undefined;
      return { kind: "instance", type: argument && !narrower!.unless.test(argument.text) ? narrower!.type : factory.type };
    }
    if (callee.kind === "instance-member") return this.memberResult(callee.type, callee.member, "call");
    return undefined;
  }

  /** The type `x.member` (access "attribute") or `x.member(...)` (access "call") gives for an `x` of `type`, if tracked. */
  memberType(type: string, member: string, access: "call" | "attribute"): string | undefined {
    const exact = this.memberResults.find((r) => r.type === type && r.member === member && r.access === access);
    if (exact || member.startsWith("_")) return exact?.returns;
    // `client.mydb` of a MongoClient: any public name the table does not list as something else.
    return this.memberResults.find((r) => r.type === type && r.member === "*" && r.access === access && !r.except?.includes(member))?.returns;
  }

  private memberResult(type: string, member: string, access: "call" | "attribute"): PyValue | undefined {
    const returns = this.memberType(type, member, access);
    return returns !== undefined ? { kind: "instance", type: returns } : undefined;
  }

  /**
   * `self.name` / `Class.name` for a class of this file: its methods (class-body bindings) or the value every
   * `self.name = ...` in its methods assigns. Undefined when they disagree or one of them is unknown.
   */
  classAttribute(classNode: PyNode, name: string, depth = 0): PyValue | undefined {
    let byName = this.classAttributeCache.get(classNode);
    if (!byName) this.classAttributeCache.set(classNode, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    byName.set(name, undefined); // guards against cycles while computing
    const values: (PyValue | undefined)[] = [];
    const classScope = this.scopes.scopeOfDefinition(classNode);
    for (const binding of classScope?.bindings.get(name) ?? []) values.push(this.valueOfBinding(binding, depth + 1));
    let index = this.selfAssignmentIndex.get(classNode);
    if (!index) this.selfAssignmentIndex.set(classNode, (index = selfAttributeAssignments(classNode)));
    for (const assigned of index.get(name) ?? []) values.push(assigned ? this.resolve(assigned, depth + 1) : undefined);
    const value = values.length > 0 ? this.agreeing(values) : undefined;
    byName.set(name, value);
    return value;
  }

  private agreeing(values: (PyValue | undefined)[]): PyValue | undefined {
    const first = values[0];
    if (!first) return undefined;
    for (const value of values) if (!value || !sameValue(first, value)) return undefined;
    return first;
  }
}

/** Methods of a class: function definitions directly in its body, decorated or not. */
export function methodsOf(classNode: PyNode): PyNode[] {
  const body = classNode.child("body");
  if (!body) return [];
  const methods: PyNode[] = [];
  for (const statement of body.children) {
    if (statement.type === "function_definition") methods.push(statement);
    else if (statement.type === "decorated_definition") {
      const definition = statement.child("definition");
      if (definition?.type === "function_definition") methods.push(definition);
    }
  }
  return methods;
}

/** Decorator expressions of a function or class definition, as written (`staticmethod`, `functools.cache`, `app.get("/")`). */
export function decoratorsOf(definition: PyNode): PyNode[] {
  const parent = definition.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.childrenOfType("decorator").map((decorator) => decorator.children[0]).filter((d): d is PyNode => !!d);
}

/** The class whose method's receiver (`self`, or `cls` of a classmethod) the parameter is; undefined otherwise. */
export function methodClassOfReceiver(parameter: PyNode): PyNode | undefined {
  const parameters = parameter.parent;
  if (parameters?.type !== "parameters" || parameters.children[0] !== parameter || parameter.type !== "identifier") return undefined;
  const fn = parameters.parent;
  if (fn?.type !== "function_definition") return undefined;
  const classNode = classOfMethod(fn);
  if (!classNode) return undefined;
  if (decoratorsOf(fn).some((d) => d.text === "staticmethod")) return undefined;
  return classNode;
}

/** The class a function is a method of (directly in the class body). */
export function classOfMethod(fn: PyNode): PyNode | undefined {
  const container = fn.parent?.type === "decorated_definition" ? fn.parent.parent : fn.parent;
  const classNode = container?.parent;
  return container?.type === "block" && classNode?.type === "class_definition" ? classNode : undefined;
}

/**
 * Per attribute name, the right-hand sides assigned to `self.name` in the class's methods; `undefined` entries
 * stand for assignments whose value cannot be read (tuple targets, augmented assignments, `del`).
 */
function selfAttributeAssignments(classNode: PyNode): Map<string, (PyNode | undefined)[]> {
  const found = new Map<string, (PyNode | undefined)[]>();
  const add = (name: string, value: PyNode | undefined) => {
    const list = found.get(name);
    if (list) list.push(value);
    else found.set(name, [value]);
  };
  for (const method of methodsOf(classNode)) {
    const receiver = method.child("parameters")?.children[0];
    const receiverName = receiver ? parameterName(receiver)?.text : undefined;
    if (!receiverName || !methodClassOfReceiver(receiver!)) continue;
    const body = method.child("body");
    if (!body) continue;
    for (const node of body.descendants((n) => n.type === "class_definition")) {
      if (node.type !== "attribute") continue;
      const name = node.child("attribute")?.text;
      const object = node.child("object");
      if (!name || object?.type !== "identifier" || object.text !== receiverName) continue;
      const parent = node.parent!;
      if (parent.type === "assignment" && node.field === "left") {
        let right = parent.child("right");
        while (right?.type === "assignment") right = right.child("right");
        add(name, right);
      } else if (isAssignmentTarget(node)) {
        add(name, undefined);
      }
    }
  }
  return found;
}

function isAssignmentTarget(node: PyNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === "augmented_assignment" || parent.type === "delete_statement") return child.field === "left" || parent.type === "delete_statement";
    if ((parent.type === "assignment" || parent.type === "for_statement" || parent.type === "for_in_clause") && child.field === "left") return true;
    if (parent.type === "as_pattern_target") return true;
    if (!["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "list_splat_pattern", "parenthesized_expression"].includes(parent.type)) return false;
  }
  return false;
}
