import ts from "typescript";
import { appendItemEdits } from "../core/list-edits";
import type { Fix, FixSafety, TextEdit } from "../core/model";
import type { TimeoutApi } from "../knowledge/node-timeouts";
import type { TsRuleContext } from "../lang/typescript/detector";
import type { RequireTimeoutMessageId, RequireTimeoutOptions } from "./meta";
import type { RequestUsage } from "./typescript-usage";

/** Where a call's options object is, as far as the rule can see. */
export type OptionsLookup =
  | { kind: "object"; object: ts.ObjectLiteralExpression }
  | { kind: "none" }
  /** A variable or spread that might be (or carry) the options. */
  | { kind: "unknown" };

/** What the fixes need from the rule's per-file checker. */
export interface TimeoutChecker {
  readonly context: TsRuleContext<RequireTimeoutMessageId, RequireTimeoutOptions>;
  /** False where the file declares its own `AbortSignal`: a fix may not write it there. */
  canUseAbortSignal(): boolean;
}

/**
 * Fixes for a call with no timeout: a property added to the options object literal the call passes, a new
 * options argument, or a chained method. Safe only when the edit adds nothing but the deadline; the table
 * says which API's edits qualify (see TimeoutFixSpec.safety).
 */
export function fixesForMissing(checker: TimeoutChecker, call: ts.CallExpression | ts.NewExpression, api: TimeoutApi, lookup: OptionsLookup, usage: RequestUsage): Fix[] {
  const spec = api.fix;
  if (!spec) return [];
  if (hasParseErrorWithin(checker.context.sourceFile, call.getStart(checker.context.sourceFile), call.end)) return [];
  const ms = String(checker.context.options.defaultTimeoutMs);
  const safety = safetyOf(spec.safety, api, usage);
  const sourceFile = checker.context.sourceFile;
  if (spec.chain !== undefined) {
    const chain = spec.chain.replace(/\{\{ms\}\}/g, ms);
    return [{ title: `Chain \`${chain}\``, edits: [{ start: call.end, end: call.end, text: chain }], safety, isPreferred: safety === "safe" }];
  }
  if (spec.property === undefined || spec.value === undefined || api.placement.kind === "chained-method") return [];
  const value = spec.value.replace(/\{\{ms\}\}/g, ms);
  if (value.includes("AbortSignal") && !checker.canUseAbortSignal()) return [];
  const property = `${spec.property}: ${value}`;
  let edits: TextEdit[] | undefined;
  if (lookup.kind === "object") edits = addPropertyEdits(sourceFile, lookup.object, property);
  else if (lookup.kind === "none" && api.placement.insertAt !== undefined) edits = insertArgumentEdits(sourceFile, call, api.placement.insertAt, `{ ${property} }`);
  if (!edits) return [];
  return [{ title: `Add \`${property}\``, edits, safety, isPreferred: safety === "safe" }];
}

/** `timeout: 0` → `timeout: 10000`: always a suggestion, since turning the timeout off was written on purpose. */
export function fixesForDisabled(checker: TimeoutChecker, api: TimeoutApi, property: ts.PropertyAssignment, name: string): Fix[] {
  const template = api.replaceDisabled?.[name];
  if (template === undefined) return [];
  const value = template.replace(/\{\{ms\}\}/g, String(checker.context.options.defaultTimeoutMs));
  if (value.includes("AbortSignal") && !checker.canUseAbortSignal()) return [];
  const initializer = property.initializer;
  const sourceFile = checker.context.sourceFile;
  if (hasParseErrorWithin(sourceFile, property.getStart(sourceFile), property.end)) return [];
  return [
    {
      title: `Set \`${name}: ${value}\``,
      edits: [{ start: initializer.getStart(checker.context.sourceFile), end: initializer.end, text: value }],
      safety: "unsafe",
    },
  ];
}

/**
 * Whether the parser reported a syntax error between `start` and `end` (inclusive: a "')' expected" sits right
 * at the end of a cut-off call). On broken code the tree is the parser's guess, and an edit placed by it can
 * land in the wrong spot, add a syntax error, or be offered again after every pass, so no fix is offered there.
 */
export function hasParseErrorWithin(sourceFile: ts.SourceFile, start: number, end: number): boolean {
  // Internal but stable since TypeScript 1.x; typescript-eslint's parser reads it too.
  const diagnostics = (sourceFile as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.some((d) => d.start <= end && d.start + d.length >= start);
}

function safetyOf(declared: "safe" | "with-error-listener" | "suggestion", api: TimeoutApi, usage: RequestUsage): FixSafety {
  switch (declared) {
    case "safe":
      // A total deadline would cut a healthy long stream.
      return api.streams || usage.readsBody ? "unsafe" : "safe";
    case "with-error-listener":
      return usage.errorListener ? "safe" : "unsafe";
    default:
      return "unsafe";
  }
}

/**
 * Edits adding `text` as the object literal's last property, following its layout: one line
 * (`{ a: 1, text }`) or one property per line, keeping a trailing comma if the object has one.
 */
export function addPropertyEdits(sourceFile: ts.SourceFile, object: ts.ObjectLiteralExpression, text: string): TextEdit[] | undefined {
  const source = sourceFile.text;
  const open = object.getStart(sourceFile);
  const close = object.end - 1;
  // A recovered literal may lack its braces (`{)`): there is no inside to edit.
  if (source[open] !== "{" || source[close] !== "}" || close <= open) return undefined;
  const properties = object.properties;
  if (properties.length === 0) {
    const inner = source.slice(open + 1, close);
    return inner.trim() === "" ? [{ start: open + 1, end: close, text: ` ${text} ` }] : undefined;
  }
  const last = properties[properties.length - 1];
  const commaEnd = properties.hasTrailingComma ? trailingCommaEnd(source, last.end) : undefined;
  if (properties.hasTrailingComma && commaEnd === undefined) return undefined;
  return appendItemEdits(
    { source, open, close, firstItemStart: properties[0].getStart(sourceFile), lastItemStart: last.getStart(sourceFile), lastItemEnd: last.end, trailingCommaEnd: commaEnd },
    text,
  );
}

/** The end of the comma after a list's last element, past any comments. */
function trailingCommaEnd(source: string, from: number): number | undefined {
  const match = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*,/.exec(source.slice(from));
  return match ? from + match[0].length : undefined;
}

/**
 * Edits putting a new argument at `position`: appended when the call has exactly that many arguments,
 * after `undefined` fillers when it has fewer (axios.post(url) → post(url, undefined, config)), or before
 * a callback that sits at that position (http.get(url, cb) → get(url, options, cb)).
 */
export function insertArgumentEdits(sourceFile: ts.SourceFile, call: ts.CallExpression | ts.NewExpression, position: number, text: string): TextEdit[] | undefined {
  const args = call.arguments;
  // `axios.create()` → `axios.create({ timeout: ms })`: the only argument, between the parentheses.
  if (args && args.length === 0 && position === 0 && !ts.isNewExpression(call)) return [{ start: args.pos, end: args.pos, text }];
  if (!args || args.length === 0) return undefined;
  if (args.length <= position) {
    const last = args[args.length - 1];
    const fillers = ", undefined".repeat(position - args.length);
    return [{ start: last.end, end: last.end, text: `${fillers}, ${text}` }];
  }
  const next = args[position];
  const callback = ts.isArrowFunction(next) || ts.isFunctionExpression(next);
  if (!callback) return undefined;
  const start = next.getStart(sourceFile);
  return [{ start, end: start, text: `${text}, ` }];
}
