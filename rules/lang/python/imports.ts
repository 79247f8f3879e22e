import type { TextEdit } from "../../core/model";
import { qualifiedName, type PyResolver } from "./resolve";
import type { ScopeAnalysis } from "./scope";
import type { PyNode, PyTree } from "./tree";

export interface Reference {
  /** Source text that refers to the wanted module or member where the fix puts it. */
  expression: string;
  /** Edits that make it available (an added import), empty when the file already has one. */
  edits: TextEdit[];
}

/**
 * The file's imports, for fixes that need a module or one of its functions: reuse a binding that already
 * refers to it where the fix goes, otherwise extend a `from m import ...` or add an `import m`.
 * A name is only used if it resolves, at the fix's location, to exactly what is wanted.
 */
export class PyImportPlanner {
  constructor(
    private readonly tree: PyTree,
    private readonly scopes: ScopeAnalysis,
    private readonly resolver: PyResolver,
  ) {}

  /** An expression for the (undotted) module at `at`: an existing `import m` / `import m as x`, else a new `import m`. */
  moduleReference(module: string, at: PyNode): Reference | undefined {
    for (const binding of this.importBindings(importKey(module))) {
      if (this.refersTo(binding.name, at, module)) return { expression: binding.name, edits: [] };
    }
    if (module.includes(".") || this.scopes.isBoundAnywhere(module)) return undefined;
    return { expression: module, edits: [this.addImport(module)] };
  }

  /**
   * An expression for `module.name` at `at`: an existing `from module import name [as x]`, else `<module>.name`
   * through an existing module import, else `name` added to an existing `from module import ...`, else a new
   * `import module`.
   */
  reference(module: string, name: string, at: PyNode): Reference | undefined {
    const qualified = `${module}.${name}`;
    for (const binding of this.importBindings(importFromKey(module, name))) {
      if (this.refersTo(binding.name, at, qualified)) return { expression: binding.name, edits: [] };
    }
    for (const binding of this.importBindings(importKey(module))) {
      if (this.refersTo(binding.name, at, module)) return { expression: `${binding.name}.${name}`, edits: [] };
    }
    const extendable = this.extendableFromImport(module);
    if (extendable && !this.scopes.isBoundAnywhere(name)) return { expression: name, edits: [extendable(name)] };
    const moduleRef = this.moduleReference(module, at);
    return moduleRef && { expression: `${moduleRef.expression}.${name}`, edits: moduleRef.edits };
  }

  /** `import module` on its own line: before the first top-level import (after a docstring and `from __future__` imports). */
  addImport(module: string): TextEdit {
    const text = this.tree.text;
    const newline = text.includes("\r\n") ? "\r\n" : "\n";
    const statements = this.tree.root.children;
    let index = 0;
    while (index < statements.length && (isDocstring(statements[index], index) || statements[index].type === "future_import_statement")) index++;
    const firstImport = statements.slice(index).find((s) => s.type === "import_statement" || s.type === "import_from_statement");
    if (firstImport) {
      const at = lineStartOf(text, firstImport.start);
      return { start: at, end: at, text: `import ${module}${newline}` };
    }
    if (index > 0) {
      // After the docstring / __future__ imports: at the end of their last line.
      const end = lineEndOf(text, statements[index - 1].end);
      return { start: end, end, text: `${newline}import ${module}` };
    }
    const first = statements[0];
    if (first) {
      const at = lineStartOf(text, first.start);
      return { start: at, end: at, text: `import ${module}${newline}` };
    }
    return { start: text.length, end: text.length, text: `${text.length > 0 && !text.endsWith("\n") ? newline : ""}import ${module}${newline}` };
  }

  /**
   * A new top-level statement (`_background_tasks = set()`), placed after the file's last top-level import that
   * comes before any other code, else after the docstring, else at the top; set off by a blank line.
   */
  addModuleStatement(statement: string): TextEdit {
    const text = this.tree.text;
    const newline = text.includes("\r\n") ? "\r\n" : "\n";
    const statements = this.tree.root.children;
    let anchor: PyNode | undefined;
    for (const [index, node] of statements.entries()) {
      if (node.type === "import_statement" || node.type === "import_from_statement" || node.type === "future_import_statement" || isDocstring(node, index)) anchor = node;
      else break;
    }
    if (anchor) {
      const end = lineEndOf(text, anchor.end);
      return { start: end, end, text: `${newline}${newline}${statement}` };
    }
    const first = statements[0];
    const at = first ? lineStartOf(text, first.start) : text.length;
    return { start: at, end: at, text: `${statement}${newline}${newline}` };
  }

  /** True when `name` at `at` refers to exactly the qualified target (`asyncio`, `asyncio.sleep`). */
  private refersTo(name: string, at: PyNode, target: string): boolean {
    return qualifiedName(this.resolver.resolveName(name, at)) === target;
  }

  /** Names bound by imports, in every scope, by what they import: built on first use, then shared by all fixes. */
  private importIndex?: Map<string, { name: string }[]>;
  private readonly extendable = new Map<string, ((name: string) => TextEdit) | undefined>();

  private importBindings(key: string): { name: string }[] {
    return this.indexOfImports().get(key) ?? [];
  }

  /**
   * Keys `import <module>` and `from <module> import <name>`; per key the names in scope pre-order (a name once
   * per scope). Looked up per fix, so a file with thousands of fixes and thousands of scopes (a concatenated or
   * generated file) stays linear instead of walking every scope for every fix.
   */
  private indexOfImports(): Map<string, { name: string }[]> {
    if (this.importIndex) return this.importIndex;
    const index = new Map<string, { name: string }[]>();
    // Iterative, in the same pre-order as a recursive visit: scopes nest as deeply as the code (10,000 lambdas).
    const stack: ScopeAnalysis["module"][] = [this.scopes.module];
    while (stack.length > 0) {
      const scope = stack.pop()!;
      for (const [name, bindings] of scope.bindings) {
        const keys = new Set<string>();
        for (const binding of bindings) {
          if (binding.module === undefined) continue;
          if (binding.kind === "import") keys.add(importKey(binding.module));
          else if (binding.kind === "import-from" && binding.imported !== undefined) keys.add(importFromKey(binding.module, binding.imported));
        }
        for (const key of keys) {
          const list = index.get(key);
          if (list) list.push({ name });
          else index.set(key, [{ name }]);
        }
      }
      for (let i = scope.children.length - 1; i >= 0; i--) stack.push(scope.children[i]);
    }
    return (this.importIndex = index);
  }

  /** An edit appending a name to a top-level `from module import a, b` (not `*`). */
  private extendableFromImport(module: string): ((name: string) => TextEdit) | undefined {
    // Remembered per module: asked per fix, and a generated file can have thousands of both statements and fixes.
    if (!this.extendable.has(module)) this.extendable.set(module, this.findExtendableFromImport(module));
    return this.extendable.get(module);
  }

  private findExtendableFromImport(module: string): ((name: string) => TextEdit) | undefined {
    for (const statement of this.tree.root.children) {
      if (statement.type !== "import_from_statement") continue;
      const moduleName = statement.child("module_name");
      if (!moduleName || moduleName.type !== "dotted_name" || moduleName.children.map((c) => c.text).join(".") !== module) continue;
      const names = statement.childrenOf("name");
      const last = names[names.length - 1];
      if (!last) continue;
      return (name) => ({ start: last.end, end: last.end, text: `, ${name}` });
    }
    return undefined;
  }
}

function isDocstring(statement: PyNode, index: number): boolean {
  return index === 0 && statement.type === "expression_statement" && statement.children.length === 1 && statement.children[0].type === "string";
}

function lineStartOf(text: string, offset: number): number {
  const at = text.lastIndexOf("\n", offset - 1);
  return at + 1;
}

function lineEndOf(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  return end;
}

function importKey(module: string): string {
  return `import ${module}`;
}

function importFromKey(module: string, imported: string): string {
  return `from ${module} import ${imported}`;
}
