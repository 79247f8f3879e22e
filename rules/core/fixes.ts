import type { Finding, Fix, TextEdit } from "./model";

export interface FixApplication {
  text: string;
  applied: Fix[];
  /** Fixes left out because they overlap one applied in this pass; the caller re-lints and tries again. */
  deferred: Fix[];
}

/** The safe fixes of a file's findings, in the order they would be applied. */
export function safeFixesOf(findings: readonly Finding[]): Fix[] {
  return findings.flatMap((finding) => finding.fixes.filter((fix) => fix.safety === "safe").slice(0, 1));
}

/**
 * Applies non-overlapping fixes in one pass (a fix's edits are all-or-nothing). Overlapping fixes are
 * deferred rather than merged, so text is never corrupted; ESLint does the same and re-lints between passes.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): FixApplication {
  const ordered = fixes
    .map((fix) => ({ fix, edits: [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end), start: Math.min(...fix.edits.map((e) => e.start)) }))
    .filter((entry) => entry.edits.length > 0)
    .sort((a, b) => a.start - b.start);
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const entry of ordered) {
    if (!isSelfConsistent(entry.edits) || entry.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) {
      deferred.push(entry.fix);
      continue;
    }
    taken.push(...entry.edits);
    applied.push(entry.fix);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let output = text;
  for (const edit of taken) output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
  return { text: output, applied, deferred };
}

function isSelfConsistent(edits: readonly TextEdit[]): boolean {
  for (let i = 1; i < edits.length; i++) if (edits[i].start < edits[i - 1].end || (edits[i].start === edits[i - 1].start && edits[i].start === edits[i].end)) return false;
  return true;
}

/** Edits overlap when their ranges intersect or when both insert at the same point (order would be ambiguous). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}
