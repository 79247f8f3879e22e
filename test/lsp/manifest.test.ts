// The extension's manifest and bundled files agree with the code: the config schema is current, every setting
// is described and matches the server's defaults, and the commands the client registers are the ones declared.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildConfigSchema } from "../../rules/core/config";
import { DEFAULT_SETTINGS } from "../../server/settings";
import { REPO } from "./harness";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const clientSource = fs.readFileSync(path.join(REPO, "client/extension.ts"), "utf8");

describe("VS Code manifest", () => {
  it("ships a config schema that is up to date with the rule registry (regenerate with `npm run schema`)", () => {
    const schemaPath = path.join(REPO, "schema/async-lint.schema.json");
    expect(JSON.parse(fs.readFileSync(schemaPath, "utf8"))).toEqual(buildConfigSchema());
    expect(manifest.contributes.jsonValidation).toEqual([{ fileMatch: "async-lint.json", url: "./schema/async-lint.schema.json" }]);
  });

  it("describes every setting, and its defaults are the server's", () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown; description?: string; markdownDescription?: string }>;
    expect(Object.keys(properties).sort()).toEqual([...Object.keys(DEFAULT_SETTINGS).map((key) => `asyncLint.${key}`), "asyncLint.trace.server"].sort());
    for (const [key, property] of Object.entries(properties)) {
      expect((property.description ?? property.markdownDescription ?? "").length, key).toBeGreaterThan(20);
      const setting = key.slice("asyncLint.".length);
      if (setting in DEFAULT_SETTINGS) expect(property.default, key).toEqual(DEFAULT_SETTINGS[setting as keyof typeof DEFAULT_SETTINGS]);
    }
  });

  it("declares exactly the commands the client registers", () => {
    const registered = [...clientSource.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]).sort();
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command).sort()).toEqual(registered);
    expect(manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`)).toEqual([
      "async-lint: Fix all auto-fixable problems",
      "async-lint: Restart server",
      "async-lint: Show output",
    ]);
  });

  it("activates on every language the client selects, and declares its workspace support", () => {
    const languages = /const LANGUAGES = \[([^\]]+)\]/.exec(clientSource)![1].match(/"([^"]+)"/g)!.map((l) => l.slice(1, -1));
    expect(manifest.activationEvents).toEqual([...languages.map((l) => `onLanguage:${l}`), "workspaceContains:**/async-lint.json"]);
    expect(manifest.main).toBe("./dist/client.js");
    expect(manifest.capabilities.untrustedWorkspaces).toEqual({ supported: true });
    expect(manifest.capabilities.virtualWorkspaces.supported).toBe("limited");
  });

  it("packages the bundles and the files they load at run time", () => {
    const allowed = fs
      .readFileSync(path.join(REPO, ".vscodeignore"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!"))
      .map((line) => line.slice(1));
    expect(allowed).toEqual(expect.arrayContaining(["dist/client.js", "dist/server.js", "schema/async-lint.schema.json", "node_modules/typescript/lib/typescript.js"]));
  });
});
