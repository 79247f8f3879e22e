/** Code blocks of a rule README marked `invalid` (exactly one finding) or `valid` (none): ```ts invalid */
export interface ReadmeExample {
  kind: "invalid" | "valid";
  language: string;
  code: string;
  line: number;
}

export function readmeExamples(markdown: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const pattern = /^```(ts|tsx|js|py)\s+(invalid|valid)\s*\n([\s\S]*?)^```/gm;
  for (let m = pattern.exec(markdown); m; m = pattern.exec(markdown)) {
    examples.push({ language: m[1], kind: m[2] as "invalid" | "valid", code: m[3], line: markdown.slice(0, m.index).split("\n").length });
  }
  return examples;
}
