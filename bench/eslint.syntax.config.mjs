// ESLint with the nearest equivalents of async-lint's syntax-mode checks: no-await-in-loop (serial awaits) and
// n/no-sync (blocking *Sync calls). JavaScript goes through ESLint's default parser (espree, its fastest path);
// TypeScript through typescript-eslint's parser without type information.
import n from "eslint-plugin-n";
import tseslint from "typescript-eslint";

export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  { files: ["**/*.{js,jsx,mjs,cjs}"], languageOptions: { ecmaVersion: "latest" } },
  { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tseslint.parser } },
  {
    files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    plugins: { n },
    rules: { "no-await-in-loop": "warn", "n/no-sync": "warn" },
  },
];
