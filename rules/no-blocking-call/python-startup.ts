// Code that runs once while an ASGI application starts, before the server accepts requests: the part of a lifespan
// context manager before its `yield` (`FastAPI(lifespan=...)`, `Starlette(lifespan=...)`), and `on_event("startup")` /
// `on_startup=[...]` handlers. Blocking there delays start-up, not other requests, so it is reported at info.
import type { PyFileAnalysis } from "../lang/python/analysis";
import { decoratorsOf, qualifiedName, skipParentheses } from "../lang/python/resolve";
import type { PyNode, PyTree } from "../lang/python/tree";

const NESTED_SCOPES = new Set(["function_definition", "lambda", "class_definition"]);

/** Per file: the names handed to `lifespan=` and listed in `on_startup=[...]`. */
const startupNames = new WeakMap<PyTree, { lifespan: Set<string>; onStartup: Set<string> }>();

function startupNamesOf(tree: PyTree): { lifespan: Set<string>; onStartup: Set<string> } {
  let names = startupNames.get(tree);
  if (names) return names;
  names = { lifespan: new Set(), onStartup: new Set() };
  for (const node of tree.root.descendants()) {
    if (node.type !== "keyword_argument") continue;
    const keyword = node.child("name")?.text;
    const value = node.child("value");
    if (!value) continue;
    if (keyword === "lifespan" && value.type === "identifier") names.lifespan.add(value.text);
    if (keyword === "on_startup" && value.type === "list") for (const item of value.children) if (item.type === "identifier") names.onStartup.add(item.text);
  }
  startupNames.set(tree, names);
  return names;
}

/** True when `node`, inside the coroutine `fn`, runs only while the application starts. */
export function runsAtStartup(node: PyNode, fn: PyNode, analysis: PyFileAnalysis): boolean {
  const name = fn.child("name")?.text;
  if (!name) return false;
  const names = startupNamesOf(fn.tree);
  const decorators = decoratorsOf(fn);
  if (names.onStartup.has(name) || decorators.some(isStartupEventDecorator)) return true;
  const isLifespan = names.lifespan.has(name) && decorators.some((d) => qualifiedName(analysis.resolver.resolve(d)) === "contextlib.asynccontextmanager");
  if (!isLifespan) return false;
  const firstYield = firstYieldIn(fn);
  return !!firstYield && node.end <= firstYield.start;
}

/** `@app.on_event("startup")`. */
function isStartupEventDecorator(decorator: PyNode): boolean {
  if (decorator.type !== "call") return false;
  const callee = skipParentheses(decorator.child("function")!);
  if (callee.type !== "attribute" || callee.child("attribute")?.text !== "on_event") return false;
  const first = decorator.child("arguments")?.children[0];
  return first?.type === "string" && /^["']startup["']$/.test(first.text);
}

function firstYieldIn(fn: PyNode): PyNode | undefined {
  const body = fn.child("body");
  if (!body) return undefined;
  for (const node of body.descendants((n) => NESTED_SCOPES.has(n.type))) if (node.type === "yield") return node;
  return undefined;
}
