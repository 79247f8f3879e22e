// "Fix all": every finding's first safe fix, applied like the CLI's --fix, returned as small line-level edits
// (not one whole-document replacement) so the cursor, folding and undo history outside the fixes are kept.
import { diffLines } from "diff";
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { applyFixes, safeFixesOf } from "../rules/core/fixes";
import type { Finding } from "../rules/core/model";
import type { Settings } from "./settings";

/** Overlapping fixes are applied over several passes, as ESLint does; this bounds a pathological file. */
const MAX_PASSES = 10;

/** What makes the fixed text: the DocumentLinter (not imported: it applies the fixes with `applySafeFixes`). */
interface FixingLinter {
  fixAllText(document: TextDocument, settings: Settings): Promise<string | undefined>;
}

export async function fixAllEdits(document: TextDocument, linter: FixingLinter, settings: Settings): Promise<TextEdit[]> {
  const original = document.getText();
  const text = await linter.fixAllText(document, settings);
  return text === undefined || text === original ? [] : lineEdits(document, original, text);
}

/**
 * The text with every finding's first safe fix applied. Fixes that overlapped an applied one are found again, at
 * their new offsets, by `relint` of the fixed text.
 */
export async function applySafeFixes(original: string, first: Finding[], relint: (text: string) => Promise<Finding[] | undefined>): Promise<string> {
  let text = original;
  let findings: Finding[] | undefined = first;
  for (let pass = 0; pass < MAX_PASSES && findings; pass++) {
    const fixes = safeFixesOf(findings);
    if (fixes.length === 0) break;
    const { text: next, applied, deferred } = applyFixes(text, fixes);
    if (applied.length === 0) break;
    text = next;
    if (deferred.length === 0) break;
    findings = await relint(text);
  }
  return text;
}

/** The edits that turn `before` into `after`, one per changed run of lines. */
export function lineEdits(document: TextDocument, before: string, after: string): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = () => {
    if (pending) edits.push({ range: { start: document.positionAt(pending.start), end: document.positionAt(pending.end) }, newText: pending.text });
    pending = undefined;
  };
  for (const change of diffLines(before, after)) {
    if (change.added) {
      pending ??= { start: offset, end: offset, text: "" };
      pending.text += change.value;
    } else if (change.removed) {
      pending ??= { start: offset, end: offset, text: "" };
      offset += change.value.length;
      pending.end = offset;
    } else {
      flush();
      offset += change.value.length;
    }
  }
  flush();
  return edits;
}
