import type { Finding, Fix, TextEdit } from "./model";

/** A finding's fixes, built by its rule on first use and kept on the finding. */
export function fixesOf(finding: Finding): Fix[] {
  if (!Array.isArray(finding.fixes)) finding.fixes = finding.fixes.build();
  return finding.fixes;
}

/** Whether the finding has a safe fix (what --fix would apply); builds only the fixes of findings that may have one. */
export function hasSafeFix(finding: Finding): boolean {
  if (!Array.isArray(finding.fixes) && !finding.fixes.maySafelyFix) return false;
  return fixesOf(finding).some((fix) => fix.safety === "safe");
}

/**
 * Which fixes a host needs from a run: "all" when its output shows suggestions too (JSON), "safe" when it only
 * applies, shows or counts safe fixes (--fix, SARIF, and stylish and github's "potentially fixable" count).
 */
export type FixNeed = "all" | "safe";

/**
 * The findings with their pending fixes built as far as `need` asks ("safe": only safe fixes, and only for
 * findings that may have one), so they hold no producer: they can cross a thread or go into the cache, and no
 * longer keep the file's syntax tree and analysis alive.
 */
export function settleFixes(findings: readonly Finding[], need: FixNeed): Finding[] {
  return findings.map((finding) => {
    if (Array.isArray(finding.fixes)) return finding;
    const fixes = need === "all" ? fixesOf(finding) : hasSafeFix(finding) ? fixesOf(finding).filter((fix) => fix.safety === "safe") : [];
    return { ...finding, fixes };
  });
}

export interface FixApplication {
  text: string;
  applied: Fix[];
  /** Fixes left out because they overlap one applied in this pass; the caller re-lints and tries again. */
  deferred: Fix[];
}

/** The safe fixes of a file's findings, in the order they would be applied. */
export function safeFixesOf(findings: readonly Finding[]): Fix[] {
  return findings.flatMap((finding) => (hasSafeFix(finding) ? fixesOf(finding).filter((fix) => fix.safety === "safe").slice(0, 1) : []));
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
  // Taken edits stay sorted by start and never overlap, so an edit can only clash with its two neighbours there:
  // a binary search per edit keeps a file with tens of thousands of fixes linear-ish, not quadratic.
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const entry of ordered) {
    if (!isSelfConsistent(entry.edits) || entry.edits.some((edit) => clashesWithTaken(taken, edit))) {
      deferred.push(entry.fix);
      continue;
    }
    // After any taken edit at the same offset: a fix's insertion stays before its replacement there.
    for (const edit of entry.edits) taken.splice(insertionIndex(taken, edit.start + 1), 0, edit);
    applied.push(entry.fix);
  }
  const parts: string[] = [];
  let position = 0;
  for (const edit of taken) {
    parts.push(text.slice(position, edit.start), edit.text);
    position = edit.end;
  }
  parts.push(text.slice(position));
  return { text: parts.join(""), applied, deferred };
}

/** The index of the first taken edit that starts at or after `start`. */
function insertionIndex(taken: readonly TextEdit[], start: number): number {
  let low = 0;
  let high = taken.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (taken[middle].start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function clashesWithTaken(taken: readonly TextEdit[], edit: TextEdit): boolean {
  const index = insertionIndex(taken, edit.start);
  return (index > 0 && overlaps(edit, taken[index - 1])) || (index < taken.length && overlaps(edit, taken[index]));
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
