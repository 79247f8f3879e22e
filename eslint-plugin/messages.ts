import { formatMessage } from "../rules/core/model";

// ESLint renders a report from a message id and its data, with the same `{{name}}` placeholders as our
// templates. Findings carry the rendered text, so the data is read back from it: the template becomes an
// anchored pattern whose placeholders capture, and rendering the template with the captures gives back
// exactly the finding's text (checked before it is used).

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

interface CompiledTemplate {
  pattern: RegExp;
  names: string[];
}

const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let cached = compiled.get(template);
  if (cached) return cached;
  const names: string[] = [];
  let source = "^";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(last, match.index));
    const name = match[1];
    const seen = names.indexOf(name);
    if (seen >= 0) {
      source += `\\${seen + 1}`;
    } else {
      names.push(name);
      source += "([\\s\\S]*?)";
    }
    last = match.index + match[0].length;
  }
  source += escapeRegExp(template.slice(last)) + "$";
  cached = { pattern: new RegExp(source), names };
  compiled.set(template, cached);
  return cached;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Data that renders `template` into exactly `message`, or undefined when `message` did not come from `template`. */
export function messageData(template: string, message: string): Record<string, string> | undefined {
  const { pattern, names } = compile(template);
  const match = pattern.exec(message);
  if (!match) return undefined;
  const data: Record<string, string> = {};
  names.forEach((name, index) => {
    data[name] = match[index + 1];
  });
  return formatMessage(template, data) === message ? data : undefined;
}
