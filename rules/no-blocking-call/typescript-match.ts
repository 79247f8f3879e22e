// Which calls block in TypeScript and JavaScript: a resolved callee matched against the blocking table. The base
// case of the rule, used for calls in async code and, through call chains, for calls inside helpers.
import ts from "typescript";
import { pathMatches } from "../knowledge/api-match";
import type { BlockingCallSpec } from "../knowledge/node-blocking";
import { type ResolvedValue, skipTransparent } from "../lang/typescript/resolve";

export interface BlockingMatch {
  spec: BlockingCallSpec;
  /** The matched export name (last path segment), e.g. `readFileSync`. */
  name: string;
  /** `name` without a `Sync` suffix, for replacements. */
  base: string;
}

/** `call` is undefined when the function is invoked indirectly (`f.apply(...)`): argument conditions then do not match. */
export function matchBlockingCall(table: readonly BlockingCallSpec[], callee: ResolvedValue, call: ts.CallExpression | undefined): BlockingMatch | undefined {
  for (const spec of table) {
    let name: string | undefined;
    if (callee.kind === "module" && spec.module === callee.module) {
      name = callee.path.length > 0 && pathMatches(spec.name, callee.path) ? callee.path[callee.path.length - 1] : undefined;
    } else if (spec.type && callee.kind === "instance-member" && callee.type === spec.type) {
      name = spec.name === callee.member ? callee.member : undefined;
    } else if (spec.type && callee.kind === "instance" && callee.type === spec.type && spec.name === "") {
      name = "";
    }
    if (name === undefined) continue;
    if (spec.blockingWhenArgumentFalse !== undefined) {
      const argument = call?.arguments[spec.blockingWhenArgumentFalse];
      if (!argument || skipTransparent(argument).kind !== ts.SyntaxKind.FalseKeyword) continue;
    }
    return { spec, name, base: name.replace(/Sync$/, "") };
  }
  return undefined;
}
