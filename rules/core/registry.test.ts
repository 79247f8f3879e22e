// The registry is the one list of rules: ids, folders and the RuleId type all come from it.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { RuleId } from "./model";
import { docsUrlOf, RULE_IDS, RULES, ruleById } from "./registry";

const RULES_DIR = path.resolve(__dirname, "..");

describe("rule registry", () => {
  it("lists each rule once, and RULE_IDS in the same order", () => {
    expect(RULE_IDS).toEqual(RULES.map((rule) => rule.meta.id));
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  });

  it("registers every rule folder, under its folder's name", () => {
    const folders = fs.readdirSync(RULES_DIR).filter((name) => fs.existsSync(path.join(RULES_DIR, name, "meta.ts")));
    expect([...folders].sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) expect(ruleById(id)?.meta.id).toBe(id);
  });

  it("links each rule to its docs page in the package (here, the repository): a file that exists", () => {
    for (const id of RULE_IDS) {
      const url = docsUrlOf(id);
      expect(url).toBe(pathToFileURL(path.join(RULES_DIR, id, "README.md")).href);
      expect(fs.existsSync(fileURLToPath(url)), id).toBe(true);
    }
  });

  it("derives a precise RuleId type from the list", () => {
    expectTypeOf<"no-blocking-call">().toExtend<RuleId>();
    expectTypeOf<"not-a-rule">().not.toExtend<RuleId>();
    expectTypeOf<string>().not.toExtend<RuleId>();
    expectTypeOf<RuleId>().not.toBeNever();
  });
});
