// ESLint with typescript-eslint in typed mode, the nearest equivalents of async-lint's typed checks:
// @typescript-eslint/no-floating-promises (needs type information), no-await-in-loop and n/no-sync.
// The project service finds the tsconfig.json beside the files (bench/corpus/<set>/typed/).
import n from "eslint-plugin-n";
import tseslint from "typescript-eslint";

export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: process.env.BENCH_TYPED_DIR ?? process.cwd() },
    },
    plugins: { n, "@typescript-eslint": tseslint.plugin },
    rules: { "no-await-in-loop": "warn", "n/no-sync": "warn", "@typescript-eslint/no-floating-promises": "warn" },
  },
];
