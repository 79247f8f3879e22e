// The ESLint plugin's overhead: ESLint with @typescript-eslint/parser on every file, and either no rules (the
// baseline: ESLint's own parse and traversal) or the async-lint plugin's recommended rules. With BENCH_TYPED_DIR,
// typed linting through the project service and `recommended-typed`. BENCH_PLUGIN is the plugin bundle to load
// (the runner copies dist/eslint-plugin.js under bench/, so that it loads the same `typescript` as
// typescript-eslint, as one install in a user's project does); without it, no rules run.
import { createRequire } from "node:module";
import tseslint from "typescript-eslint";

const typedDir = process.env.BENCH_TYPED_DIR;
const plugin = process.env.BENCH_PLUGIN ? createRequire(import.meta.url)(process.env.BENCH_PLUGIN) : undefined;

export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    languageOptions: {
      parser: tseslint.parser,
      ...(typedDir ? { parserOptions: { projectService: true, tsconfigRootDir: typedDir } } : {}),
    },
  },
  ...(plugin ? plugin.configs[typedDir ? "recommended-typed" : "recommended"] : []),
];
