// End to end in a real VS Code: code-server in headless Chromium (playwright-core) with the packaged .vsix
// installed, on a copy of examples/node-service. Checks the load of a large typed project (VS Code's progress and the
// extension's status item while it loads, then the typed finding), the squiggle, the Problems row, a quick fix with
// Ctrl+., fix-all on save, and "Show documentation" opening the bundled docs page as a markdown preview. Screenshots of
// every step go to the folder printed at the start ($ASYNC_LINT_E2E_SCREENSHOTS, default
// test-results/e2e-screenshots); with UPDATE_SCREENSHOT=1 the quick-fix menu's one also replaces
// docs/images/quick-fix.png, the READMEs' screenshot.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  assertInstalled,
  CHROMIUM,
  CHROMIUM_ARGS,
  installExtension,
  makeSandbox,
  type RunningCodeServer,
  type Sandbox,
  serverLogs,
  startCodeServer,
  writeUserSettings,
} from "./code-server";

const REPO = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const VSIX = path.join(REPO, "release", `${manifest.name}-${manifest.version}.vsix`);
const SCREENSHOTS = path.resolve(process.env.ASYNC_LINT_E2E_SCREENSHOTS ?? path.join(REPO, "test-results/e2e-screenshots"));
const README_SCREENSHOT = path.join(REPO, "docs/images/quick-fix.png");

const BLOCKING_LINE = "  const body = fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.html`), \"utf8\");";
const FIXED_LINE = "  const body = await readFile(path.join(TEMPLATE_DIR, `${name}.html`), \"utf8\");";
const STARTUP_LINE = 'const layout = fs.readFileSync(path.join(TEMPLATE_DIR, "layout.html"), "utf8");';
const MESSAGE_START = "`fs.readFileSync` blocks the event loop inside async function 'renderPage'";
/**
 * The generated project's modules: enough that TypeScript takes seconds to build its program and checker (12-15 s
 * measured on 2 cores at load average 14; less on a quiet machine), so its load can be watched; each module has 40
 * interfaces and async functions.
 */
const LARGE_PROJECT_MODULES = 400;

/**
 * A typed project whose one finding only type information reveals (`statPath` is `fs.statSync` under another name),
 * beside many generated modules, with the repository's @types/node.
 */
function writeLargeTypedProject(dir: string): void {
  fs.mkdirSync(path.join(dir, "lib/generated"), { recursive: true });
  const compilerOptions = { target: "ES2022", module: "NodeNext", strict: true, noEmit: true, types: ["node"], typeRoots: [path.join(REPO, "node_modules/@types")] };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["lib"] }, null, 2));
  fs.writeFileSync(path.join(dir, "lib/helpers.ts"), 'import fs from "node:fs";\n\nexport const statPath = fs.statSync;\n');
  fs.writeFileSync(
    path.join(dir, "lib/service.ts"),
    'import { statPath } from "./helpers.js";\n\nexport async function size(path: string): Promise<number> {\n  return statPath(path).size;\n}\n',
  );
  for (let module = 0; module < LARGE_PROJECT_MODULES; module++) {
    const lines = module > 0 ? [`import type { Record${module - 1}_0 } from "./module${module - 1}.js";`] : [];
    for (let i = 0; i < 40; i++) {
      const parent = module > 0 && i === 0 ? `Record${module - 1}_0` : `Record${module}_${Math.max(0, i - 1)}`;
      lines.push(`export interface Record${module}_${i} { id: number; name: string; tags: readonly string[]; parent?: ${parent} }`);
      lines.push(`export async function load${module}_${i}(id: number): Promise<Record${module}_${i}> { return { id, name: \`r\${id}\`, tags: [] }; }`);
    }
    fs.writeFileSync(path.join(dir, `lib/generated/module${module}.ts`), lines.join("\n") + "\n");
  }
}

let sandbox: Sandbox;
let server: RunningCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace: string;
let shots = 0;

async function shot(name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, `${String(++shots).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
}

beforeAll(async () => {
  assertInstalled();
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run release\` first.`);
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  console.log(`e2e screenshots: ${SCREENSHOTS}`);

  sandbox = makeSandbox(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-e2e-")));
  // A copy of the example service: the test saves files. Node's types come from the repository.
  workspace = path.join(sandbox.root, "node-service");
  fs.cpSync(path.join(REPO, "examples/node-service"), workspace, { recursive: true });
  const tsconfigPath = path.join(workspace, "tsconfig.json");
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, "utf8"));
  tsconfig.compilerOptions.typeRoots = [path.join(REPO, "node_modules/@types")];
  fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2));
  writeLargeTypedProject(path.join(workspace, "large-project"));

  installExtension(sandbox, VSIX);
  writeUserSettings(sandbox, {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "security.workspace.trust.enabled": false,
    "files.hotExit": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "editor.minimap.enabled": false,
    "chat.disableAIFeatures": true,
    "editor.codeActionsOnSave": { "source.fixAll.async-lint": "explicit" },
  });
  server = await startCodeServer(sandbox);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 180_000);

let passed = false;
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  // A failed run keeps its sandbox (logs, workspace) for a look; the path is printed with the failure.
  if (passed) fs.rmSync(sandbox.root, { recursive: true, force: true });
});

it("shows the diagnostic, applies the quick fix with Ctrl+., fixes all on save, and shows the docs offline", async () => {
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench .explorer-folders-view", { timeout: 120_000 });
    await shot("workbench");

    // A large typed project loads: VS Code shows the server's work-done progress in the status bar and the
    // extension's item says so, with no typed finding yet; then the typed finding arrives and both go.
    await page.getByRole("treeitem", { name: "large-project" }).click();
    await page.getByRole("treeitem", { name: "lib" }).click();
    await page.getByRole("treeitem", { name: "service.ts" }).click();
    const largeEditor = page.locator(".editor-instance .monaco-editor").first();
    await largeEditor.locator(".view-lines").waitFor({ timeout: 60_000 });
    // The progress says what loads, how far the load is (in steps), then that types are being bound.
    const progress = page.locator('[id="status.progress"]', {
      hasText: new RegExp(
        `async-lint: (loading TypeScript project large-project/tsconfig\\.json \\(${LARGE_PROJECT_MODULES + 2} files\\)|loading large-project/tsconfig\\.json: [\\d,]+ of ${LARGE_PROJECT_MODULES + 2} files|binding types of [\\d,]+ files)`,
      ),
    });
    const loadingItem = page.locator(".statusbar-item", { hasText: "async-lint: loading types…" });
    await progress.waitFor({ timeout: 60_000 });
    await loadingItem.waitFor({ timeout: 10_000 });
    await shot("typed-project-loading");
    expect(await largeEditor.locator(".squiggly-error").count()).toBe(0);
    await largeEditor.locator(".squiggly-error").first().waitFor({ timeout: 120_000 });
    await page.locator('[id="status.progress"]', { hasText: "async-lint" }).waitFor({ state: "detached", timeout: 30_000 });
    await loadingItem.waitFor({ state: "detached", timeout: 30_000 });
    await expect.poll(() => page.locator(".statusbar-item", { hasText: "async-lint" }).allInnerTexts()).toEqual([expect.stringMatching(/^\W*async-lint$/)]);
    await shot("typed-project-loaded");
    await page.keyboard.press("Control+W");

    // Open the file from the Explorer (more reliable than Quick Open, which may fire before its results arrive).
    await page.getByRole("treeitem", { name: "src" }).click();
    await page.getByRole("treeitem", { name: "templates.ts" }).click();
    const editor = page.locator(".editor-instance .monaco-editor").first();
    await editor.locator(".view-lines").waitFor({ timeout: 60_000 });

    // The squiggle, from the extension's server.
    await editor.locator(".squiggly-error").first().waitFor({ timeout: 120_000 });
    await shot("squiggle");
    await expect.poll(() => page.locator(".statusbar-item", { hasText: "async-lint" }).count()).toBeGreaterThan(0);

    // The Problems panel row: message, source and rule.
    await page.keyboard.press("Control+Shift+M");
    const problem = page.locator(".markers-panel .monaco-list-row", { hasText: MESSAGE_START });
    await problem.waitFor({ timeout: 30_000 });
    const rowText = await renderedText(problem);
    expect(rowText).toContain("async-lint(no-blocking-call)");
    expect(rowText).toMatch(/\[Ln 12, Col 16\]/);
    await shot("problems-panel");

    // Ctrl+. on the blocking call: the quick-fix menu offers the preferred fix first.
    await editor.click();
    await goToLine(12, 20);
    await page.locator('[class*="codicon-gutter-lightbulb"], .lightBulbWidget').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    const fix = page.locator(".action-widget .monaco-list-row.action", { hasText: "Use await readFile()" });
    for (let attempt = 0; attempt < 5 && !(await fix.isVisible()); attempt++) {
      await page.keyboard.press("Control+.");
      await fix.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await shot("quick-fix-menu");
    if (process.env.UPDATE_SCREENSHOT === "1") await readmeScreenshot();
    const menu = (await page.locator(".action-widget .monaco-list-row.action").allInnerTexts()).map((t) => t.trim());
    expect(menu.slice(0, 3)).toEqual(["Use await readFile()", "Disable no-blocking-call for this line", "Show documentation for no-blocking-call"]);
    await fix.click();

    await expect.poll(() => editorLine(12), { timeout: 30_000 }).toBe(FIXED_LINE);
    await problem.waitFor({ state: "detached", timeout: 60_000 });
    await shot("quick-fix-applied");

    // Fix-all on save: undo the quick fix (the problem comes back), then save.
    await editor.click();
    await page.keyboard.press("Control+Z");
    await expect.poll(() => editorLine(12), { timeout: 30_000 }).toBe(BLOCKING_LINE);
    await problem.waitFor({ timeout: 60_000 });
    await shot("undone");
    await page.keyboard.press("Control+S");
    const saved = path.join(workspace, "src/templates.ts");
    await expect.poll(() => fs.readFileSync(saved, "utf8").split("\n")[11], { timeout: 60_000 }).toBe(FIXED_LINE);
    const text = fs.readFileSync(saved, "utf8");
    expect(text).not.toContain(BLOCKING_LINE);
    // The read at startup is not in async code, and `existsSync` inside `.filter` has no safe fix: both stay.
    expect(text).toContain(STARTUP_LINE);
    expect(text).toContain("fs.existsSync(path.join(TEMPLATE_DIR");
    await problem.waitFor({ state: "detached", timeout: 60_000 });
    await shot("fixed-on-save");

    // "Show documentation" on the diagnostic that stays: the rule's page from the installed extension, rendered.
    await editor.click();
    await goToLine(24, 36);
    const showDocs = page.locator(".action-widget .monaco-list-row.action", { hasText: "Show documentation for no-blocking-call" });
    for (let attempt = 0; attempt < 5 && !(await showDocs.isVisible()); attempt++) {
      await page.waitForTimeout(500);
      await page.keyboard.press("Control+.");
      await showDocs.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await showDocs.click();
    await page.locator(".tabs-container .tab", { hasText: "Preview README.md" }).waitFor({ timeout: 30_000 });
    const preview = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
    await preview.locator("h1", { hasText: "no-blocking-call" }).waitFor({ timeout: 30_000 });
    await shot("documentation");

    // The extension's details page: its own README (without images, which the page would only load from a web
    // site), and its icon.
    await page.keyboard.press("Control+W");
    const listed = page.locator(".extensions-viewlet .monaco-list-row", { hasText: "async-lint" }).first();
    // The keypress is sometimes lost right after closing the preview: press again until the list shows.
    await expect
      .poll(async () => {
        if (await listed.isVisible()) return true;
        await page.keyboard.press("Control+Shift+X");
        await listed.waitFor({ timeout: 10_000 }).catch(() => undefined);
        return listed.isVisible();
      }, { timeout: 60_000, interval: 500 })
      .toBe(true);
    await listed.click();
    const icon = page.locator(".extension-editor .header img.icon");
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 }).toBe(128);
    const details = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
    await details.locator("h1", { hasText: "async-lint for VS Code" }).waitFor({ timeout: 30_000 });
    await details.locator("h2", { hasText: "Troubleshooting" }).waitFor({ timeout: 30_000 });
    expect(await details.locator("img").count()).toBe(0);
    expect(await details.locator("h2").allInnerTexts()).not.toContain("Quick start");
    await shot("details-page");
    // The server logged no error along the way (e.g. a front end that failed to load from the package).
    expect(serverLogs(sandbox)).not.toContain("[error]");
    passed = true;
  } catch (error) {
    await shot("failure").catch(() => undefined);
    console.log(`server log:\n${serverLogs(sandbox)}\nsandbox (code-server log, workspace): ${sandbox.root}`);
    throw error;
  }
});

/** The editor and the Problems panel below it, with whatever menu is open: the READMEs' screenshot. */
async function readmeScreenshot(): Promise<void> {
  const editorBox = await page.locator(".part.editor").boundingBox();
  const panelBox = await page.locator(".part.panel").boundingBox();
  if (!editorBox || !panelBox) throw new Error("the editor or the panel is not visible");
  fs.mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
  await page.screenshot({
    path: README_SCREENSHOT,
    // The panel's tabs and first rows: below them it is empty.
    clip: { x: editorBox.x, y: editorBox.y, width: editorBox.width, height: Math.min(panelBox.y + 110, panelBox.y + panelBox.height) - editorBox.y },
  });
  console.log(`README screenshot: ${README_SCREENSHOT}`);
}

/** Ctrl+G, "line:column", Enter: puts the cursor there. */
async function goToLine(line: number, column: number): Promise<void> {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** The text as displayed, with CSS-generated content (the Problems row draws the parentheses with ::before/::after). */
async function renderedText(element: Locator): Promise<string> {
  const text = await element.evaluate((root) => {
    const parts: string[] = [];
    const generated = (node: Element, pseudo: string) => {
      const content = getComputedStyle(node, pseudo).content;
      if (content && content !== "none" && content !== "normal") parts.push(content.replace(/^"(.*)"$/, "$1"));
    };
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? "");
      if (!(node instanceof Element)) return;
      generated(node, "::before");
      node.childNodes.forEach(walk);
      generated(node, "::after");
    };
    walk(root);
    return parts.join("");
  });
  return text.replace(/\s+/g, " ");
}

/**
 * The rendered text of an editor line: the `.view-line` at the same height as the line number (Monaco renders
 * lines out of order and spaces as no-break spaces).
 */
async function editorLine(line: number): Promise<string | undefined> {
  const text = await page.locator(".editor-instance .monaco-editor").first().evaluate((editor, wanted) => {
    const number = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")].find((n) => n.textContent?.trim() === String(wanted));
    const top = (number?.parentElement as HTMLElement | null)?.style.top;
    const view = [...editor.querySelectorAll<HTMLElement>(".view-lines .view-line")].find((v) => v.style.top === top);
    return view?.textContent ?? undefined;
  }, line);
  return text?.replace(/\u00a0/g, " ");
}
