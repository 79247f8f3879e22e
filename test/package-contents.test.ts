// What `npm pack` puts in the npm package: the bundles, the wasm parsers, the type declarations, the schema and the
// docs; no tests, fixtures, benchmarks, editor-test caches or the VS Code extension's own entry point.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..");
let files: string[];

beforeAll(() => {
  // The declarations are written by prepack (scripts/types.mjs); --ignore-scripts below keeps npm from rebuilding.
  execFileSync(process.execPath, [path.join(REPO, "scripts/types.mjs")], { cwd: REPO, stdio: "inherit" });
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" }));
  files = (pack.files as { path: string }[]).map((file) => file.path).sort();
}, 300_000);

it("holds the bundles, parsers, declarations, schema and docs", () => {
  for (const required of [
    "dist/cli.js",
    "dist/index.js",
    "dist/server.js",
    "dist/eslint-plugin.js",
    "dist/tree-sitter-python.wasm",
    "dist/web-tree-sitter.wasm",
    "dist/types/index.d.ts",
    "dist/types/eslint-plugin/index.d.ts",
    "schema/async-lint.schema.json",
    "rules/no-blocking-call/README.md",
    "README.md",
    "LICENSE",
    "package.json",
  ]) {
    expect(files).toContain(required);
  }
});

it("leaves out tests, fixtures, benchmarks, caches and the extension's client", () => {
  const unwanted = files.filter((file) =>
    /(^|\/)(fixtures|test|tests|bench|examples|node_modules|test-results|release)\/|\.test\.|\.e2e\.|\.vsix$|^dist\/client\.js|\.async-lint-cache/.test(file),
  );
  expect(unwanted).toEqual([]);
  // Everything is either built output, the schema, or documentation.
  expect(files.filter((file) => !/^(dist\/|schema\/|rules\/[^/]+\/README\.md$|README\.md$|LICENSE$|package\.json$)/.test(file))).toEqual([]);
});
