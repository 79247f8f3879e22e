// TypeScript on first need. In the CLI's bundle every `import ts from "typescript"` is one variable that this
// fills (scripts/build.mjs), so that `--version`, `--help` and runs over Python files only never load TypeScript
// (about a third of a second). Everywhere else (the server, the ESLint plugin, the library, tests) TypeScript is
// loaded by the import itself and this does nothing.
import * as typescript from "typescript";

/** Call before any TypeScript-related code runs in the CLI. */
export function loadTypeScript(): void {
  (typescript as { loadLazily?: () => void }).loadLazily?.();
}
