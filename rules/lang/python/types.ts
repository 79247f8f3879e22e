// Python types as rules need them: which tracked class (python-instances.ts) an expression's object is, as a
// dotted name (`httpx.Client`), from what the file shows: a constructor or factory (through the resolver), an
// awaited factory, a `with`/`async with ... as x`, a parameter's or variable's annotation (`Optional[...]`,
// `X | None`, `Union[...]`, `"httpx.Client"`), the assignments and annotations of `self.x` (an annotation wins
// over the value), the return annotation of a function of the file, what a typed object gives (`path / "x"`,
// `path.open()`, `for child in path.iterdir()`), flat tuple unpacking, and the arguments a call passes. A name bound more than once has the type of the binding that certainly reaches the read (the
// statement just before it in an enclosing block). Anything else is unknown: other names bound more than once, an annotation naming an untracked class
// or a union of different types. Unknown is never a guess.
import { PY_ANNOTATION_TYPES, PY_CONTEXT_MANAGERS_RETURNING_SELF, PY_ITERATION_RESULTS } from "../../knowledge/python-instances";
import { PY_KNOWN_DECORATORS } from "../../knowledge/python-decorators";
import { parsePython } from "./parser";
import { classOfMethod, decoratorsOf, methodsOf, type PyResolver, type PyValue, qualifiedName, skipParentheses } from "./resolve";
import { type Binding, parameterName, type Scope, type ScopeAnalysis } from "./scope";
import type { PyNode } from "./tree";

/**
 * What one call of `fn` tells about its parameters: parameter name → the type of the argument passed
 * (`fetch(session, u)` with `session` an `aiohttp.ClientSession`). It takes precedence over annotations.
 */
export interface PyCallTypes {
  fn: PyNode;
  parameters: ReadonlyMap<string, string>;
}

const TYPING_MODULES = ["typing", "typing_extensions"];
const OPTIONAL = TYPING_MODULES.map((m) => `${m}.Optional`);
const UNION = TYPING_MODULES.map((m) => `${m}.Union`);
const ANNOTATED = TYPING_MODULES.map((m) => `${m}.Annotated`);
/** String annotations inside string annotations are not followed further. */
const MAX_STRING_DEPTH = 2;

export class PyTypes {
  /** Per annotation node (as written, or the string's parsed expression): its type. */
  private readonly annotationTypes = new Map<PyNode, string | undefined>();
  private readonly attributeTypes = new Map<PyNode, Map<string, string | undefined>>();
  private readonly receiverAttributes = new Map<PyNode, Map<string, PyNode[]>>();
  /** Per expression, its type when no call's arguments are assumed. */
  private readonly types = new Map<PyNode, string | undefined>();

  constructor(
    private readonly scopes: ScopeAnalysis,
    private readonly resolver: PyResolver,
  ) {}

  /**
   * The tracked type of what `expression` evaluates to: `s` after `s = requests.Session()`, `pool` after
   * `pool = await asyncpg.create_pool(dsn)`, a parameter `client: Optional[httpx.Client]`, `self.session`
   * assigned `None` in `__init__` and a session later, `conn.cursor()` for a typed `conn`. With `call`, the
   * parameters of `call.fn` have the types its arguments gave them.
   */
  typeOf(expression: PyNode, call?: PyCallTypes): string | undefined {
    if (call && call.parameters.size > 0) return this.computeType(expression, call);
    if (this.types.has(expression)) return this.types.get(expression);
    this.types.set(expression, undefined); // guards against cycles while computing
    const type = this.computeType(expression, undefined);
    this.types.set(expression, type);
    return type;
  }

  /**
   * The type an annotation declares for a name whose only binding is an annotated parameter or assignment
   * (`def f(session: requests.Session)`, `client: httpx.Client = make()`): the object was made elsewhere.
   */
  declaredType(expression: PyNode): string | undefined {
    const binding = this.onlyBinding(skipParentheses(expression));
    const annotation = binding ? annotationOf(binding) : undefined;
    return annotation ? this.annotationType(annotation) : undefined;
  }

  /**
   * The tracked type an annotation names: `httpx.Client`, `Optional[Client]`, `Client | None`,
   * `Union[PoolManager, HTTPConnectionPool]` (members that agree), `"httpx.Client"`, `Annotated[Client, ...]`,
   * `asyncio.Queue[int]`. Names are resolved where the annotation stands, so a shadowed import is not the class.
   */
  annotationType(annotation: PyNode): string | undefined {
    const node = annotation.type === "type" ? annotation.children[0] : annotation;
    if (!node) return undefined;
    if (this.annotationTypes.has(node)) return this.annotationTypes.get(node);
    const members = this.memberTypes(node, node, 0);
    const type = members && members.length > 0 && members.every((m) => m === members[0]) ? members[0] : undefined;
    this.annotationTypes.set(node, type);
    return type;
  }

  /**
   * `self.name` / `cls.name` of a class of this file: what its class-body binding and every `self.name = ...` in
   * its methods give, ignoring `None` and counting annotations; unknown when they disagree or one is unknown.
   */
  attributeType(classNode: PyNode, name: string): string | undefined {
    let byName = this.attributeTypes.get(classNode);
    if (!byName) this.attributeTypes.set(classNode, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    byName.set(name, undefined); // guards against cycles while computing
    const types = new Set<string | undefined>();
    const consider = (assignment: PyNode) => {
      // An annotation declares the type, whatever the value (`self.sock: socket.socket = make_socket()`).
      const annotation = assignment.child("type");
      if (annotation) {
        types.add(this.annotationType(annotation));
        return;
      }
      let right = assignment.child("right");
      while (right?.type === "assignment") right = right.child("right");
      if (right && skipParentheses(right).type !== "none") types.add(instanceType(this.resolver.resolve(right)));
    };
    for (const statement of classNode.child("body")?.children ?? []) {
      const assignment = statement.type === "expression_statement" ? statement.children[0] : undefined;
      if (assignment?.type === "assignment" && assignment.child("left")?.type === "identifier" && assignment.child("left")!.text === name) consider(assignment);
    }
    for (const node of this.receiverAttributesOf(classNode).get(name) ?? []) {
      if (node.parent?.type === "assignment" && node.field === "left") consider(node.parent);
      else if (node.parent?.type === "augmented_assignment" && node.field === "left") types.add(undefined);
    }
    const type = types.size === 1 ? [...types][0] : undefined;
    byName.set(name, type);
    return type;
  }

  /**
   * Per attribute name, the `self.name` nodes in the methods of a class (`self` being each method's first
   * parameter, whatever it is called), in document order: one walk per class instead of one per name asked.
   */
  private receiverAttributesOf(classNode: PyNode): Map<string, PyNode[]> {
    let index = this.receiverAttributes.get(classNode);
    if (index) return index;
    index = new Map();
    this.receiverAttributes.set(classNode, index);
    for (const method of methodsOf(classNode)) {
      const receiver = method.child("parameters")?.children[0];
      const receiverName = receiver ? parameterName(receiver)?.text : undefined;
      if (!receiverName) continue;
      for (const node of method.child("body")?.descendants((n) => n.type === "class_definition") ?? []) {
        if (node.type !== "attribute" || node.child("object")?.text !== receiverName) continue;
        const name = node.child("attribute")?.text;
        if (name === undefined) continue;
        const nodes = index.get(name);
        if (nodes) nodes.push(node);
        else index.set(name, [node]);
      }
    }
    return index;
  }

  /**
   * The types a call gives `fn`'s parameters: its arguments' types by position (after the receiver of a method
   * called through an object) and keyword. `caller` holds what is known about the calling function's parameters.
   */
  argumentTypes(fn: PyNode, callee: PyNode, args: readonly PyNode[], caller?: PyCallTypes): PyCallTypes {
    const parameters = fn.child("parameters")?.children ?? [];
    // A method called through an object (`self.fetch(u)`, `client.fetch(u)`) receives the object first.
    const skipReceiver = classOfMethod(fn) !== undefined && skipParentheses(callee).type === "attribute" && !decoratorsOf(fn).some((d) => d.text === "staticmethod") ? 1 : 0;
    const positional = parameters.slice(skipReceiver);
    const types = new Map<string, string>();
    let index = 0;
    for (const arg of args) {
      let target: string | undefined;
      let value: PyNode | undefined = arg;
      if (arg.type === "keyword_argument") {
        target = arg.child("name")?.text;
        value = arg.child("value");
      } else {
        const parameter = positional[index++];
        if (!parameter || parameter.type === "list_splat_pattern" || parameter.type === "keyword_separator" || parameter.type === "positional_separator") break;
        target = parameterName(parameter)?.text;
      }
      if (!target || !value) continue;
      const type = this.typeOf(value, caller);
      if (type) types.set(target, type);
    }
    return { fn, parameters: types };
  }

  private computeType(expression: PyNode, call: PyCallTypes | undefined): string | undefined {
    const expr = skipParentheses(expression);
    const value = this.resolver.resolve(expr);
    if (value?.kind === "instance") return value.type;
    // Something else the resolver knows (a module, a function, a class, a member of a tracked object).
    if (value !== undefined) return undefined;
    switch (expr.type) {
      case "identifier":
        return this.nameType(expr, call);
      case "attribute": {
        const object = expr.child("object")!;
        const name = expr.child("attribute")!.text;
        const receiver = this.resolver.resolve(object);
        if (receiver?.kind === "self") return this.attributeType(receiver.classNode, name);
        const objectType = receiver === undefined ? this.typeOf(object, call) : undefined;
        return objectType !== undefined ? this.resolver.memberType(objectType, name, "attribute") : undefined;
      }
      case "call": {
        const callee = skipParentheses(expr.child("function")!);
        // `make_client()` where `def make_client() -> httpx.Client` is in this file.
        const fn = this.resolver.resolve(callee);
        if (fn?.kind === "definition") return fn.node.type === "function_definition" && !fn.node.hasToken("async") ? this.returnType(fn.node) : undefined;
        // `conn.cursor()` on a `conn: sqlite3.Connection` parameter.
        if (callee.type !== "attribute") return undefined;
        const object = callee.child("object")!;
        const objectType = this.resolver.resolve(object) === undefined ? this.typeOf(object, call) : undefined;
        return objectType !== undefined ? this.resolver.memberType(objectType, callee.child("attribute")!.text, "call") : undefined;
      }
      case "binary_operator": {
        // `directory / "settings.json"` on a `directory: Path` parameter.
        const left = expr.child("left")!;
        if (expr.child("operator")?.type !== "/" || this.resolver.resolve(left) !== undefined) return undefined;
        const leftType = this.typeOf(left, call);
        return leftType !== undefined ? this.resolver.memberType(leftType, "__truediv__", "call") : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A name bound once, where the resolver could not tell: a typed parameter, an awaited factory, an annotated variable. */
  private nameType(name: PyNode, call: PyCallTypes | undefined): string | undefined {
    const binding = this.onlyBinding(name) ?? this.reachingBinding(name);
    if (!binding) return undefined;
    const declared = annotationOf(binding);
    if (binding.kind === "parameter") {
      const passed = call && binding.scope.node === call.fn ? call.parameters.get(name.text) : undefined;
      return passed ?? (declared ? this.annotationType(declared) : undefined);
    }
    if (binding.kind === "assignment" && binding.node.child("left") === binding.nameNode) {
      const right = binding.node.child("right");
      const awaited = right && skipParentheses(right).type === "await" ? skipParentheses(right).children[0] : undefined;
      // `f = path.open()` on a typed `path`: what the resolver could not follow, the types of the value can.
      const made = awaited ? instanceType(this.resolver.resolve(awaited)) : right ? this.typeOf(right, call) : undefined;
      return (declared ? this.annotationType(declared) : undefined) ?? made;
    }
    if (binding.kind === "other" && binding.node.type === "assignment") {
      // `p1, p2 = Path("a"), Path("b")`: the value at the name's position, when both sides are flat and as long.
      const targets = unpacked(binding.node.child("left"));
      const values = unpacked(binding.node.child("right"));
      const index = targets?.indexOf(binding.nameNode) ?? -1;
      if (!targets || !values || index < 0 || targets.length !== values.length) return undefined;
      if ([...targets, ...values].some((n) => n.type === "list_splat_pattern" || n.type === "list_splat")) return undefined;
      return this.typeOf(values[index], call);
    }
    if (binding.kind === "for" && binding.node.child("left") === binding.nameNode) {
      // `for child in directory.iterdir()` on a `directory: Path`.
      const iterable = binding.node.child("right");
      const callee = iterable && skipParentheses(iterable).type === "call" ? skipParentheses(skipParentheses(iterable).child("function")!) : undefined;
      if (callee?.type !== "attribute") return undefined;
      const objectType = this.typeOf(callee.child("object")!, call);
      const member = callee.child("attribute")!.text;
      return PY_ITERATION_RESULTS.find((r) => r.type === objectType && r.member === member)?.yields;
    }
    if (binding.kind === "with") {
      // `async with await asyncpg.create_pool(dsn) as pool`: the resolver does not follow the `await`.
      const value = binding.node.child("value");
      let made = value?.type === "as_pattern" ? value.children[0] : undefined;
      if (made && skipParentheses(made).type === "await") made = skipParentheses(made).children[0];
      const type = made ? (instanceType(this.resolver.resolve(made)) ?? this.typeOf(made, call)) : undefined;
      return type !== undefined && PY_CONTEXT_MANAGERS_RETURNING_SELF.has(type) ? type : undefined;
    }
    return undefined;
  }

  /** What a function of this file declares it returns (`def make_client() -> httpx.Client`). */
  private returnType(fn: PyNode): string | undefined {
    // A decorator not known to keep the function (`@sync_to_async`) may change what a call returns.
    const kept = decoratorsOf(fn).every((decorator) => {
      const name = qualifiedName(this.resolver.resolve(decorator.type === "call" ? decorator.child("function")! : decorator));
      return PY_KNOWN_DECORATORS.some((known) => known.callee === name);
    });
    const annotation = kept ? fn.child("return_type") : undefined;
    return annotation ? this.annotationType(annotation) : undefined;
  }

  /**
   * For a name bound more than once, the binding that certainly gives its value where `name` is read: a statement
   * earlier in a block that encloses the read (so it ran just before, loop or not), with no other binding of the
   * name between them nor in a loop around the read alone, in the same scope as the read (a nested function reads
   * the name later, at its call) and rebound by no `global`/`nonlocal` elsewhere. `f: int = 7; f.read(); f: TextIOWrapper = g(); f.read()`.
   * Anything else (a binding in a branch, before a loop that rebinds) gives none: unknown is never a guess.
   */
  private reachingBinding(name: PyNode): Binding | undefined {
    if (name.type !== "identifier") return undefined;
    const lookup = this.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || this.scopes.scopeAt(name) !== lookup.scope) return undefined;
    if (rebindsFromElsewhere(this.scopes.module, lookup.scope, name.text)) return undefined;
    const before = lookup.bindings.filter((b) => b.nameNode.start < name.start);
    if (before.length === 0) return undefined;
    const last = before.reduce((a, b) => (b.nameNode.start > a.nameNode.start ? b : a));
    // Its statement must be a direct child of a block (or the module) that holds the read.
    const statement = last.node.parent?.type === "expression_statement" ? last.node.parent : last.node;
    const block = statement.parent;
    if (!block || (block.type !== "block" && block.type !== "module") || !block.contains(name)) return undefined;
    // The read is not inside the binding statement itself (`x = x.next`).
    if (statement.contains(name)) return undefined;
    // A loop around the read but not around the binding: a later binding in it reaches the read on the next round.
    for (let node = name.parent; node && node !== block; node = node.parent) {
      if (node.type !== "for_statement" && node.type !== "while_statement") continue;
      if (lookup.bindings.some((b) => b !== last && node!.contains(b.nameNode))) return undefined;
    }
    return last;
  }

  private onlyBinding(name: PyNode): Binding | undefined {
    if (name.type !== "identifier") return undefined;
    const lookup = this.scopes.lookupAt(name.text, name);
    return lookup.kind === "bound" && lookup.bindings.length === 1 ? lookup.bindings[0] : undefined;
  }

  /**
   * The types an annotation's members name, `None` left out; undefined when one is not a tracked class.
   * `at` is where names are looked up: the annotation itself, or the string a string annotation was parsed from.
   */
  private memberTypes(annotation: PyNode, at: PyNode, stringDepth: number): string[] | undefined {
    const node = skipParentheses(annotation.type === "type" && annotation.children[0] ? annotation.children[0] : annotation);
    switch (node.type) {
      case "none":
        return [];
      case "string": {
        const parsed = stringDepth < MAX_STRING_DEPTH ? parseStringAnnotation(node) : undefined;
        return parsed ? this.memberTypes(parsed, node, stringDepth + 1) : undefined;
      }
      case "binary_operator": {
        if (node.child("operator")?.type !== "|") return undefined;
        const left = this.memberTypes(node.child("left")!, at, stringDepth);
        const right = left && this.memberTypes(node.child("right")!, at, stringDepth);
        return left && right ? [...left, ...right] : undefined;
      }
      case "subscript":
      case "generic_type": {
        // `typing.Optional[T]` parses as a subscript, a bare `Optional[T]` as a generic_type.
        const base = node.type === "subscript" ? node.child("value") : node.children[0];
        const args = node.type === "subscript" ? node.childrenOf("subscript") : (node.childOfType("type_parameter")?.children ?? []);
        const name = base ? qualifiedName(this.resolveAt(base, at)) : undefined;
        if (name === undefined) return undefined;
        if (OPTIONAL.includes(name)) return args.length === 1 ? this.memberTypes(args[0], at, stringDepth) : undefined;
        if (ANNOTATED.includes(name)) return args.length > 0 ? this.memberTypes(args[0], at, stringDepth) : undefined;
        if (UNION.includes(name)) {
          const all: string[] = [];
          for (const arg of args) {
            const types = this.memberTypes(arg, at, stringDepth);
            if (!types) return undefined;
            all.push(...types);
          }
          return all;
        }
        // A generic class (`asyncio.Queue[int]`) is the class.
        return PY_ANNOTATION_TYPES[name] !== undefined ? [PY_ANNOTATION_TYPES[name]] : undefined;
      }
      case "identifier":
      case "attribute": {
        const name = qualifiedName(this.resolveAt(node, at));
        return name !== undefined && PY_ANNOTATION_TYPES[name] !== undefined ? [PY_ANNOTATION_TYPES[name]] : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A name or dotted name, resolved where `at` stands (for a string annotation's parsed text, at the string). */
  private resolveAt(node: PyNode, at: PyNode): PyValue | undefined {
    if (node.tree === at.tree) return this.resolver.resolve(node);
    const expr = skipParentheses(node);
    if (expr.type === "identifier") return this.resolver.resolveName(expr.text, at);
    if (expr.type === "attribute") return this.resolver.member(this.resolveAt(expr.child("object")!, at), expr.child("attribute")!.text);
    return undefined;
  }
}

/** The elements of a flat tuple target or value (`a, b`, `(a, b)`, `[a, b]`), or undefined. */
/** Whether another scope declares `name` global (for the module) or nonlocal (for a function) and so may rebind it. */
function rebindsFromElsewhere(scope: Scope, owner: Scope, name: string): boolean {
  if (scope !== owner && (scope.globals.has(name) || scope.nonlocals.has(name))) return true;
  return scope.children.some((child) => rebindsFromElsewhere(child, owner, name));
}

function unpacked(node: PyNode | undefined): readonly PyNode[] | undefined {
  const expr = node && skipParentheses(node);
  if (!expr || !["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"].includes(expr.type)) return undefined;
  return expr.children;
}

function instanceType(value: PyValue | undefined): string | undefined {
  return value?.kind === "instance" ? value.type : undefined;
}

/** The annotation of a parameter (`x: T`, `x: T = d`) or of a plain annotated assignment (`x: T = v`, `x: T`). */
function annotationOf(binding: Binding): PyNode | undefined {
  if (binding.kind === "parameter") return binding.node.child("type") ?? undefined;
  if (binding.kind === "assignment" && binding.node.child("left") === binding.nameNode) return binding.node.child("type") ?? undefined;
  return undefined;
}

/** `"httpx.Client"`: the expression the string holds, when it is a plain string without errors. */
function parseStringAnnotation(string: PyNode): PyNode | undefined {
  const parts = string.children;
  // A prefix (`f"..."`, `b"..."`) or an interpolation makes it something else than an annotation.
  if (parts.length !== 3 || parts[1].type !== "string_content" || !/^("|'|"""|''')$/.test(parts[0].text)) return undefined;
  const tree = parsePython(parts[1].text);
  const statement = tree.root.children[0];
  if (tree.errorRanges.length > 0 || tree.root.children.length !== 1 || statement.type !== "expression_statement" || statement.children.length !== 1) return undefined;
  return statement.children[0];
}
