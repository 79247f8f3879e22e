// The layering of the code, checked over the graph of relative imports (type-only imports included):
// rule folders build on the layers below the rules (core, the language front ends, the knowledge tables) and on
// nothing else; those layers know no rule, except the one registration point; and no
// file reaches itself through its imports.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SCANNED_FOLDERS = ["rules", "cli", "server", "client", "eslint-plugin"];
/** Folders of rules/ that are layers below the rules; every other folder of rules/ is one rule. */
const SHARED_LAYERS = new Set(["core", "lang", "knowledge"]);
/** The one place that lists the rules. */
const REGISTRATION_POINT = "rules/core/registry.ts";

type ImportGraph = Map<string, string[]>;

/** Every .ts file under the given folders (fixtures are inputs for the rules, not code: left out). */
function sourceFilesUnder(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "fixtures") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith(".ts")) files.push(path.relative(root, full).replace(/\\/g, "/"));
    }
  };
  for (const folder of folders) if (fs.existsSync(path.join(root, folder))) visit(path.join(root, folder));
  return files.sort();
}

/** The module specifiers a file names: imports, re-exports, `import("...")` and `import("...").T` types. */
function specifiersOf(fileName: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return specifiers;
}

/** The file a relative specifier names, among the scanned files (`./x`, `./x.js`, `./x/index`). */
function resolveSpecifier(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const stem = target.replace(/\.(m|c)?js$/, "");
  return [target, stem + ".ts", stem + "/index.ts"].find((candidate) => files.has(candidate));
}

/** Relative imports between the files given as path → text (paths relative to the repository, with `/`). */
function buildImportGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const files = new Set(sources.keys());
  const graph: ImportGraph = new Map();
  for (const [file, text] of sources) {
    const targets = specifiersOf(file, text).map((s) => resolveSpecifier(file, s, files)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** `rules/<id>/...` for a rule folder, undefined for shared layers and anything outside rules/. */
function ruleFolderOf(file: string): string | undefined {
  const parts = file.split("/");
  return parts[0] === "rules" && parts.length > 2 && !SHARED_LAYERS.has(parts[1]) ? parts[1] : undefined;
}

function sharedLayerOf(file: string): string | undefined {
  const parts = file.split("/");
  return parts[0] === "rules" && parts.length > 2 && SHARED_LAYERS.has(parts[1]) ? parts[1] : undefined;
}

const isTestHelper = (file: string) => file.endsWith(".test.ts") || file.startsWith("rules/core/testing/");

/** (a) A rule folder imports only the shared layers and its own folder. */
function ruleFolderViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    const rule = ruleFolderOf(file);
    if (!rule) continue;
    for (const target of targets) {
      if (ruleFolderOf(target) === rule || sharedLayerOf(target)) continue;
      violations.push(`${file} -> ${target}`);
    }
  }
  return violations;
}

/** (b) The shared layers never import a rule folder, except the registration point and test helpers. */
function sharedLayerViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    if (!sharedLayerOf(file) || file === REGISTRATION_POINT || isTestHelper(file)) continue;
    for (const target of targets) if (ruleFolderOf(target)) violations.push(`${file} -> ${target}`);
  }
  return violations;
}

/** (c) Every import cycle, as the files of one strongly connected component (Tarjan), each printed as a path. */
function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (file: string): void => {
    index.set(file, counter);
    lowLink.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) cycles.push(cyclePath(graph, new Set(component)));
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** One closed path through a strongly connected component, from its first file back to it: `a -> b -> a`. */
function cyclePath(graph: ImportGraph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0];
  // Breadth-first from the start to any file importing the start, inside the component: the shortest cycle through it.
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const cycle = [start];
        for (let at = file; at !== start; at = previous.get(at)!) cycle.splice(1, 0, at);
        cycle.push(start);
        return cycle;
      }
      if (previous.has(target)) continue;
      previous.set(target, file);
      queue.push(target);
    }
  }
  return [...component];
}

function repositoryGraph(): ImportGraph {
  const sources = new Map<string, string>();
  for (const file of sourceFilesUnder(ROOT, SCANNED_FOLDERS)) sources.set(file, fs.readFileSync(path.join(ROOT, file), "utf8"));
  return buildImportGraph(sources);
}

describe("import graph", () => {
  const graph = repositoryGraph();

  it("scans the code of every part", () => {
    for (const folder of SCANNED_FOLDERS) expect([...graph.keys()].some((file) => file.startsWith(folder + "/")), folder).toBe(true);
    // The graph sees the imports it is about: a rule imports its own detector and the core.
    expect(graph.get("rules/no-blocking-call/rule.ts")).toContain("rules/no-blocking-call/meta.ts");
    expect(graph.get(REGISTRATION_POINT)).toContain("rules/no-blocking-call/rule.ts");
  });

  it("rule folders import only the core, the language front ends, the knowledge tables and themselves", () => {
    expect(ruleFolderViolations(graph)).toEqual([]);
  });

  it("the layers below the rules import no rule folder (except the registration point and test helpers)", () => {
    expect(sharedLayerViolations(graph)).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(importCycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("lang/typescript and lang/python do not import each other", () => {
    const crossing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => (file.startsWith("rules/lang/typescript/") && t.startsWith("rules/lang/python/")) || (file.startsWith("rules/lang/python/") && t.startsWith("rules/lang/typescript/"))).map((t) => `${file} -> ${t}`),
    );
    expect(crossing).toEqual([]);
  });
});

describe("import graph checks catch planted violations", () => {
  const graphOf = (files: Record<string, string>) => buildImportGraph(new Map(Object.entries(files)));

  it("a rule importing another rule, and a shared layer importing a rule", () => {
    const graph = graphOf({
      "rules/a-rule/python.ts": `import { x } from "../other-rule/python";`,
      "rules/other-rule/python.ts": `export const x = 1;`,
      "rules/lang/python/scope.ts": `import type { y } from "../../a-rule/python";`,
      "rules/core/registry.ts": `import rule from "../a-rule/python";`,
      "rules/core/testing/suite.ts": `import rule from "../../a-rule/python";`,
    });
    expect(ruleFolderViolations(graph)).toEqual(["rules/a-rule/python.ts -> rules/other-rule/python.ts"]);
    expect(sharedLayerViolations(graph)).toEqual(["rules/lang/python/scope.ts -> rules/a-rule/python.ts"]);
  });

  it("cycles through type-only imports, re-exports and dynamic imports, with the files of each", () => {
    const graph = graphOf({
      "rules/core/rule.ts": `import type { D } from "../lang/typescript/detector";`,
      "rules/lang/typescript/detector.ts": `export type { C } from "../../core/rule.js";`,
      "cli/a.ts": `const b = import("./b");`,
      "cli/b.ts": `import "./c";`,
      "cli/c.ts": `type A = import("./a").A;`,
      "cli/d.ts": `import "./a";`,
      "server/self.ts": `import "./self";`,
    });
    expect(importCycles(graph)).toEqual([
      ["cli/a.ts", "cli/b.ts", "cli/c.ts", "cli/a.ts"],
      ["rules/core/rule.ts", "rules/lang/typescript/detector.ts", "rules/core/rule.ts"],
      ["server/self.ts", "server/self.ts"],
    ]);
  });
});
