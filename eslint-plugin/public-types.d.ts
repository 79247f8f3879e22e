// The declaration users get for `import asyncLint from "async-lint/eslint-plugin"` (copied to
// dist/types/eslint-plugin/index.d.ts by scripts/types.mjs). Written by hand against ESLint's own types, a peer
// dependency, because the implementation's types come from @typescript-eslint/utils, which is bundled, not installed.
import type { ESLint, Linter, Rule } from "eslint";

declare const plugin: {
  meta: { name: string; version: string; namespace: string };
  /** Every TypeScript/JavaScript rule, by id: `async-lint/no-blocking-call` and so on. */
  rules: Record<string, Rule.RuleModule>;
  configs: {
    /** Every rule that works without type information, at its default severity, then the CLI's defaults for test files. Spread it. */
    recommended: Linter.Config[];
    /** `recommended` plus the rules that need typed linting (parserOptions.projectService or project). Spread it. */
    "recommended-typed": Linter.Config[];
  };
} & ESLint.Plugin;

export = plugin;
