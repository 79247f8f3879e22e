// Bundles the entry points into dist/. TypeScript stays external: it is a regular dependency, loaded at runtime
// (by the CLI only when it lints TypeScript or JavaScript).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";

const entries = {
  cli: "cli/main.ts",
  index: "rules/index.ts",
  server: "server/main.ts",
  client: "client/extension.ts",
  "eslint-plugin": "eslint-plugin/index.ts",
};

// Every `import ts from "typescript"` of a bundle becomes one module's `ts` binding, a fast view of the real package
// (below). The CLI loads TypeScript on first need (rules/lang/typescript/load.ts): `--version`, `--help` and runs
// over Python files only never pay the third of a second its load takes, so loadLazily() fills the binding (an ES
// module's export is live, so every importer sees it once filled, and reads it as directly as before). The ESLint
// plugin runs where TypeScript is loaded anyway (typescript-eslint's parser): its binding is filled on load. Only
// this module requires the real package.
const fastTypeScript = (lazy) => ({
  name: "fast-typescript",
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) =>
      args.namespace === "fast-typescript" ? { path: "typescript", external: true } : { path: "typescript", namespace: "fast-typescript" },
    );
    build.onLoad({ filter: /.*/, namespace: "fast-typescript" }, () => ({
      contents: lazy
        ? `let ts;\nexport { ts as default };\nexport function loadLazily() {\n  if (ts) return;\n  const real = require("typescript");\n  ts = Object.setPrototypeOf(${fastViewLiteral("real")}, real);\n}\n`
        : `const real = require("typescript");\nconst ts = Object.setPrototypeOf(${fastViewLiteral("real")}, real);\nexport { ts as default };\n`,
      loader: "js",
    }));
  },
});

// The package's exports are getters on one object of thousands of properties, which V8 keeps as a hash table: every
// \`ts.isIdentifier\` in the walk was a hash lookup and a getter call. A bundle reads TypeScript through an object
// literal of the names its sources use (a few hundred, so V8 gives it a fixed layout), whose prototype is the package:
// a name the scan missed still resolves, only slower. Functions and enums only: they never change after load
// (\`sys\` can, through setSys).
function fastViewLiteral(real) {
  const typescript = createRequire(import.meta.url)("typescript");
  const names = new Set();
  const scan = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) scan(file);
      else if (entry.name.endsWith(".ts")) for (const match of readFileSync(file, "utf8").matchAll(/\bts\.([A-Za-z_$][\w$]*)/g)) names.add(match[1]);
    }
  };
  for (const dir of ["rules", "cli", "server", "eslint-plugin"]) scan(dir);
  const values = [...names].sort().filter((name) => name !== "sys" && (typeof typescript[name] === "function" || (typeof typescript[name] === "object" && typescript[name] !== null)));
  return `{ ${values.map((name) => `${name}: ${real}.${name}`).join(", ")} }`;
}

// Per-entry settings. The ESLint plugin runs inside the user's ESLint: eslint and typescript are theirs (peer
// dependencies). typescript-eslint's rule helpers (@typescript-eslint/utils/eslint-utils: RuleCreator,
// getParserServices) are a few dependency-free functions and are bundled, so the plugin needs nothing else installed.
const perEntry = {
  "eslint-plugin": { external: ["typescript", "typescript7", "eslint", "vscode"], plugins: [fastTypeScript(false)] },
  cli: { plugins: [fastTypeScript(true)] },
  // The language server and the library load TypeScript with themselves (an editor's server checks TypeScript
  // from the first document; a library caller passes its program): their binding is filled on load.
  server: { plugins: [fastTypeScript(false)] },
  index: { plugins: [fastTypeScript(false)] },
};

// `node scripts/build.mjs eslint-plugin` builds only the named entries.
const only = process.argv.slice(2);

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  // typescript7: the optional TypeScript 7 of --engine ts7, loaded at runtime only when asked for.
  external: ["typescript", "typescript7", "vscode"],
  // jsonc-parser's UMD entry uses dynamic requires that do not bundle; its ESM entry does.
  mainFields: ["module", "main"],
  // web-tree-sitter's ES module build needs import.meta.url, which a CommonJS bundle lacks; its CommonJS build
  // bundles as is (its package exports do not name that file, hence the path).
  alias: { "web-tree-sitter": "./node_modules/web-tree-sitter/web-tree-sitter.cjs" },
  logLevel: "warning",
  // Read from package.json, not npm's environment, so `node scripts/build.mjs` stamps the same version.
  define: { "process.env.ASYNC_LINT_VERSION": JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
};

// The Python parser's WebAssembly files go beside the bundles (rules/lang/python/parser.ts looks there first), so
// the VS Code extension, which ships dist/ without node_modules, can load them.
const WASM_FILES = ["node_modules/web-tree-sitter/web-tree-sitter.wasm", "node_modules/tree-sitter-python/tree-sitter-python.wasm"];
mkdirSync("dist", { recursive: true });
for (const file of WASM_FILES) {
  // A bundle without its wasm would fail on the first Python file at runtime: fail the build instead.
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm ci`);
  copyFileSync(file, `dist/${basename(file)}`);
}

await Promise.all(
  Object.entries(entries)
    .filter(([name]) => only.length === 0 || only.includes(name))
    .map(([name, entry]) =>
      build({ ...common, ...perEntry[name], entryPoints: [entry], outfile: `dist/${name}.js`, ...(name === "cli" || name === "server" ? { banner: { js: "#!/usr/bin/env node" } } : {}) }),
    ),
);
