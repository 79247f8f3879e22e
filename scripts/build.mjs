// Bundles the entry points into dist/. TypeScript stays external: it is a regular dependency, loaded at runtime.
import { build } from "esbuild";
import { existsSync } from "node:fs";

const entries = {
  cli: "cli/main.ts",
  index: "rules/index.ts",
  server: "server/main.ts",
  client: "client/extension.ts",
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  external: ["typescript", "vscode"],
  // jsonc-parser's UMD entry uses dynamic requires that do not bundle; its ESM entry does.
  mainFields: ["module", "main"],
  logLevel: "warning",
  define: { "process.env.ASYNC_LINT_VERSION": JSON.stringify(process.env.npm_package_version ?? "0.0.0") },
};

await Promise.all(
  Object.entries(entries)
    .filter(([, entry]) => existsSync(entry))
    .map(([name, entry]) =>
      build({ ...common, entryPoints: [entry], outfile: `dist/${name}.js`, ...(name === "cli" ? { banner: { js: "#!/usr/bin/env node" } } : {}) }),
    ),
);
