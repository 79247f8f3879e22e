// Moved to rules/lang/typescript/promise-sources.ts (no-misused-async uses it too).
export { catchesOwnErrors, returnsPromiseByDeclaration } from "../lang/typescript/promise-sources";
