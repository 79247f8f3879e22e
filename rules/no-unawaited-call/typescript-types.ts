// Moved to rules/lang/typescript/promise-types.ts (no-misused-async uses it too).
export { isPromiseArrayType, isPromiseType, isThenableType } from "../lang/typescript/promise-types";
