// Code quoted in messages. Long code is cut so a message stays one readable line in a terminal or a hover.

/**
 * `text` cut to at most `maxLength` characters (default 60): its first `maxLength - 3` and "...". With
 * `keep: "end"`, "..." and its last ones instead (for a member chain, whose last name says most).
 */
export function truncateForDisplay(text: string, { maxLength = 60, keep = "start" }: { maxLength?: number; keep?: "start" | "end" } = {}): string {
  if (text.length <= maxLength) return text;
  return keep === "start" ? text.slice(0, maxLength - 3) + "..." : "..." + text.slice(-(maxLength - 3));
}

/**
 * A fix title as a menu shows it: editors' quick-fix lists and ESLint's suggestions render no markdown, so code
 * quoted in backticks is quoted with single quotes instead, as VS Code's own quick fixes do ("Add 'async' ...").
 */
export function plainTitle(title: string): string {
  return title.replace(/`([^`]+)`/g, "'$1'");
}
