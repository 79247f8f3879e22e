// typescript-eslint's own typed promise rules, the ones the async-lint plugin's `recommended-typed` stands in for
// (no-floating-promises ~ no-unawaited-call, no-misused-promises ~ no-misused-async): the peer of the plugin's
// typed row, on the same parser setup (the project service finds the tsconfig.json beside the files).
import tseslint from "typescript-eslint";

export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: process.env.BENCH_TYPED_DIR ?? process.cwd() },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: { "@typescript-eslint/no-floating-promises": "warn", "@typescript-eslint/no-misused-promises": "warn" },
  },
];
