import fs from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

const TEMPLATE_DIR = path.join(process.cwd(), "templates");

// Read once at startup: blocking here is fine, nothing else is running yet.
const layout = fs.readFileSync(path.join(TEMPLATE_DIR, "layout.html"), "utf8");

/** Renders a page per request: the read blocks every other request while the disk works. */
export async function renderPage(name: string, title: string): Promise<string> {
  const body = fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.html`), "utf8");
  return layout.replace("{{title}}", title).replace("{{body}}", body);
}

/** The correct twin: the read yields to other requests. */
export async function renderPageAsync(name: string, title: string): Promise<string> {
  const body = await readFile(path.join(TEMPLATE_DIR, `${name}.html`), "utf8");
  return layout.replace("{{title}}", title).replace("{{body}}", body);
}

/** Lists the partials of a page: `existsSync` runs once per item, inline, inside the async function. */
export async function partialsOf(names: string[]): Promise<string[]> {
  return names.filter((name) => fs.existsSync(path.join(TEMPLATE_DIR, "partials", `${name}.html`)));
}
