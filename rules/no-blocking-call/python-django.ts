// Django ORM queries run synchronously in a coroutine: `Article.objects.filter(...).count()`, `obj.save()`,
// `for a in Article.objects.all()`. Django raises `SynchronousOnlyOperation` for them at run time. Recognised
// only in a file that imports Django, where the chain is visible: `X.objects` on a class, a QuerySet assigned
// from such a chain, a model instance made by a model class or fetched through its manager. The knowledge
// (which methods query, their async variants, which classes are models) is in knowledge/python-django.ts.
import type { Fix, TextEdit } from "../core/model";
import {
  DJANGO_INSTANCE_METHODS,
  DJANGO_INSTANCE_RESULTS,
  DJANGO_LAZY_METHODS,
  DJANGO_MANAGER_ATTRIBUTE,
  DJANGO_MODEL_BASES,
  DJANGO_MODEL_CLASSES,
  DJANGO_MODULE,
  DJANGO_QUERY_METHODS,
} from "../knowledge/python-django";
import type { PyFileAnalysis } from "../lang/python/analysis";
import { addAwaitEdits } from "../lang/python/edits";
import { qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode, PyTree } from "../lang/python/tree";

export interface DjangoQuery {
  /** The synchronous method called (`count`, `save`). */
  method: string;
  /** Its awaitable variant (`acount`, `asave`), or null when Django has none. */
  asyncMethod: string | null;
}

const MAX_DEPTH = 8;

export class DjangoOrm {
  private readonly usesDjango: boolean;
  private classesWithManager?: Set<PyNode | string>;
  private readonly modelClasses = new Map<PyNode, boolean>();

  constructor(
    private readonly tree: PyTree,
    private readonly analysis: PyFileAnalysis,
  ) {
    this.usesDjango = new RegExp(`^[ \\t]*(from|import)[ \\t]+${DJANGO_MODULE}\\b`, "m").test(tree.text);
  }

  /** The ORM query a call runs synchronously: a Manager/QuerySet method that queries, or a model instance's `save()`. */
  queryOf(call: PyNode): DjangoQuery | undefined {
    if (!this.usesDjango) return undefined;
    const callee = skipParentheses(call.child("function")!);
    if (callee.type !== "attribute") return undefined;
    const method = callee.child("attribute")!.text;
    const receiver = callee.child("object")!;
    const queryVariant = DJANGO_QUERY_METHODS.get(method);
    if (queryVariant !== undefined && this.isQuerySource(receiver, true, 0)) return { method, asyncMethod: queryVariant };
    const instanceVariant = DJANGO_INSTANCE_METHODS.get(method);
    if (instanceVariant !== undefined && this.isModelInstance(receiver)) return { method, asyncMethod: instanceVariant };
    return undefined;
  }

  /** Whether iterating the expression runs a query: a QuerySet (`Article.objects.all()`, `qs` assigned one). */
  isQuerySet(expression: PyNode): boolean {
    return this.usesDjango && this.isQuerySource(expression, false, 0);
  }

  /** A Manager (`Model.objects`, when `manager`) or a QuerySet built from one by lazy methods. */
  private isQuerySource(expression: PyNode, manager: boolean, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const expr = skipParentheses(expression);
    if (expr.type === "attribute") return manager && expr.child("attribute")!.text === DJANGO_MANAGER_ATTRIBUTE && this.isManagedClass(expr.child("object")!);
    if (expr.type === "call") {
      const callee = skipParentheses(expr.child("function")!);
      return callee.type === "attribute" && DJANGO_LAZY_METHODS.has(callee.child("attribute")!.text) && this.isQuerySource(callee.child("object")!, true, depth + 1);
    }
    if (expr.type === "identifier") {
      const right = this.onlyAssignedValue(expr);
      return !!right && this.isQuerySource(right, false, depth + 1);
    }
    return false;
  }

  /**
   * The class in `X.objects`: a class of this file or an imported name (in a file importing Django, the
   * manager chain itself says it is a model), never a local variable or a parameter.
   */
  private isManagedClass(expression: PyNode): boolean {
    const value = this.analysis.resolver.resolve(expression);
    if (value?.kind === "definition") return value.node.type === "class_definition";
    const name = qualifiedName(value);
    return name !== undefined && !name.startsWith("builtins.");
  }

  /** `obj` in `obj.save()`: made by a model class, fetched through a manager, a parameter annotated with a model, or `self` in a model. */
  private isModelInstance(expression: PyNode): boolean {
    const expr = skipParentheses(expression);
    if (expr.type !== "identifier") return false;
    const self = this.analysis.resolver.resolve(expr);
    if (self?.kind === "self") return this.isModelClassNode(self.classNode, 0);
    const lookup = this.analysis.scopes.lookupAt(expr.text, expr);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1) return false;
    const binding = lookup.bindings[0];
    if (binding.kind === "parameter") {
      const annotation = binding.node.child("type");
      const annotated = annotation?.type === "type" ? annotation.children[0] : annotation;
      return !!annotated && (annotated.type === "identifier" || annotated.type === "attribute") && this.isModelClass(annotated);
    }
    const right = this.onlyAssignedValue(expr);
    if (!right) return false;
    let value = skipParentheses(right);
    const awaited = value.type === "await";
    if (awaited) value = skipParentheses(value.children[0]);
    if (value.type !== "call") return false;
    const callee = skipParentheses(value.child("function")!);
    if (!awaited && (callee.type === "identifier" || callee.type === "attribute") && this.isModelClass(callee)) return true;
    if (callee.type !== "attribute") return false;
    const method = callee.child("attribute")!.text;
    // `await Article.objects.aget(...)` gives the same instance as `Article.objects.get(...)`.
    const syncMethod = awaited ? [...DJANGO_QUERY_METHODS].find(([, variant]) => variant === method)?.[0] : method;
    return syncMethod !== undefined && DJANGO_INSTANCE_RESULTS.has(syncMethod) && this.isQuerySource(callee.child("object")!, true, 0);
  }

  /** A model class: derives from `models.Model` (in this file), is one of Django's, or is used through `.objects` in the file. */
  private isModelClass(expression: PyNode): boolean {
    const value = this.analysis.resolver.resolve(expression);
    if (value?.kind === "definition") return value.node.type === "class_definition" && this.isModelClassNode(value.node, 0);
    const name = qualifiedName(value);
    if (name === undefined || name.startsWith("builtins.")) return false;
    return DJANGO_MODEL_CLASSES.includes(name) || this.managedClasses().has(name);
  }

  private isModelClassNode(classNode: PyNode, depth: number): boolean {
    const known = this.modelClasses.get(classNode);
    if (known !== undefined) return known;
    this.modelClasses.set(classNode, false); // guards against cycles while computing
    let model = this.managedClasses().has(classNode);
    for (const base of classNode.child("superclasses")?.children ?? []) {
      if (model || depth > MAX_DEPTH || base.type === "keyword_argument") continue;
      const value = this.analysis.resolver.resolve(base);
      if (value?.kind === "definition" && value.node.type === "class_definition") model = this.isModelClassNode(value.node, depth + 1);
      else {
        const name = qualifiedName(value);
        model = name !== undefined && DJANGO_MODEL_BASES.includes(name);
      }
    }
    this.modelClasses.set(classNode, model);
    return model;
  }

  /** Classes (nodes of this file, qualified names of imported ones) that the file uses as `X.objects.<method>(...)`. */
  private managedClasses(): Set<PyNode | string> {
    if (this.classesWithManager) return this.classesWithManager;
    const found = new Set<PyNode | string>();
    for (const node of this.tree.root.descendants()) {
      if (node.type !== "attribute" || node.child("attribute")?.text !== DJANGO_MANAGER_ATTRIBUTE || node.parent?.type !== "attribute" || node.field !== "object") continue;
      const value = this.analysis.resolver.resolve(node.child("object")!);
      if (value?.kind === "definition" && value.node.type === "class_definition") found.add(value.node);
      const name = qualifiedName(value);
      if (name !== undefined && !name.startsWith("builtins.")) found.add(name);
    }
    return (this.classesWithManager = found);
  }

  /** The value of a name bound once, by a plain assignment (`qs = Article.objects.filter(...)`). */
  private onlyAssignedValue(name: PyNode): PyNode | undefined {
    const lookup = this.analysis.scopes.lookupAt(name.text, name);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1) return undefined;
    const binding = lookup.bindings[0];
    if (binding.kind !== "assignment" || binding.node.child("left") !== binding.nameNode) return undefined;
    return binding.node.child("right") ?? undefined;
  }
}

/** `Article.objects.get(pk=1)` → `await Article.objects.aget(pk=1)`. */
export function asyncVariantFix(call: PyNode, asyncMethod: string): Fix {
  const callee = skipParentheses(call.child("function")!);
  const name = callee.child("attribute")!;
  const edits: TextEdit[] = [{ start: name.start, end: name.end, text: asyncMethod }, ...addAwaitEdits(call)];
  return { title: `Use await ….${asyncMethod}(...)`, edits, safety: "unsafe", isPreferred: true };
}

/** `for a in qs:` → `async for a in qs:` (a comprehension's clause likewise). */
export function asyncForFix(loop: PyNode): Fix {
  return { title: "Use async for", edits: [{ start: loop.start, end: loop.start, text: "async " }], safety: "unsafe", isPreferred: true };
}
