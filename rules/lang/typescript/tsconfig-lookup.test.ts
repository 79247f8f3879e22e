// Which tsconfig owns a file, on real folders: references (to files and folders, nested, in cycles, missing), the
// walk upwards, and re-reading include globs.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempFolders } from "../../core/testing/temp-folders";
import { readTsconfig, TsconfigLookup } from "./tsconfig-lookup";

const { folder, removeAll } = tempFolders("async-lint-tsconfig-");
afterAll(removeAll);

const SOURCE = "export const value = 1;\n";
const OPTIONS = { compilerOptions: { strict: true, noEmit: true, types: [] } };

/** Owner, problems and the searched tsconfigs, as paths relative to the folder. */
function ownerIn(dir: string, file: string, lookup = new TsconfigLookup()) {
  const search = lookup.ownerOf(path.join(dir, file));
  const relative = (p: string) => path.relative(dir, p).split(path.sep).join("/");
  return {
    owner: search.owner && relative(search.owner.path),
    stoppedAt: search.stoppedAt && relative(search.stoppedAt.path),
    problems: search.problems.map((problem) => relative(problem.path)),
    searched: search.searched.map((tsconfig) => relative(tsconfig.path)),
  };
}

describe("TsconfigLookup", () => {
  it("takes the nearest tsconfig.json that lists the file", () => {
    const dir = folder({ "tsconfig.json": { ...OPTIONS, include: ["src"] }, "src/a.ts": SOURCE });
    expect(ownerIn(dir, "src/a.ts")).toEqual({ owner: "tsconfig.json", stoppedAt: undefined, problems: [], searched: ["tsconfig.json"] });
  });

  it("finds no owner for a file the tsconfig does not include, without looking further than its references and the folders above", () => {
    const dir = folder({ "tsconfig.json": { ...OPTIONS, include: ["src"] }, "src/a.ts": SOURCE, "scripts/seed.ts": SOURCE });
    expect(ownerIn(dir, "scripts/seed.ts")).toMatchObject({ owner: undefined, problems: [], searched: ["tsconfig.json"] });
  });

  it("follows a solution's references, in order, to the project that lists the file (the Vite layout)", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./tsconfig.app.json" }, { path: "./tsconfig.node.json" }] },
      "tsconfig.app.json": { ...OPTIONS, include: ["src"] },
      "tsconfig.node.json": { compilerOptions: { composite: true, types: [] }, include: ["vite.config.ts"] },
      "src/main.ts": SOURCE,
      "vite.config.ts": SOURCE,
    });
    expect(ownerIn(dir, "src/main.ts")).toMatchObject({ owner: "tsconfig.app.json", searched: ["tsconfig.json", "tsconfig.app.json"] });
    expect(ownerIn(dir, "vite.config.ts")).toMatchObject({ owner: "tsconfig.node.json", searched: ["tsconfig.json", "tsconfig.app.json", "tsconfig.node.json"] });
  });

  it("follows nested solutions depth-first", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./config/web.json" }, { path: "./config/all.json" }] },
      "config/web.json": { files: [], references: [{ path: "./web.lib.json" }, { path: "./web.app.json" }] },
      "config/web.lib.json": { ...OPTIONS, include: ["../lib"] },
      "config/web.app.json": { ...OPTIONS, include: ["../src"] },
      // Also lists src/: later in the search, so not the owner.
      "config/all.json": { ...OPTIONS, include: ["../src", "../lib"] },
      "src/main.ts": SOURCE,
      "lib/util.ts": SOURCE,
    });
    expect(ownerIn(dir, "src/main.ts")).toMatchObject({ owner: "config/web.app.json", searched: ["tsconfig.json", "config/web.json", "config/web.lib.json", "config/web.app.json"] });
    expect(ownerIn(dir, "lib/util.ts")).toMatchObject({ owner: "config/web.lib.json" });
  });

  it("takes a reference to a folder as that folder's tsconfig.json", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./app" }] },
      "app/tsconfig.json": { ...OPTIONS, include: ["../src"] },
      "src/main.ts": SOURCE,
    });
    expect(ownerIn(dir, "src/main.ts")).toMatchObject({ owner: "app/tsconfig.json", problems: [] });
  });

  it("cuts reference cycles: each tsconfig is searched once", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./tsconfig.a.json" }, { path: "./tsconfig.c.json" }] },
      "tsconfig.a.json": { files: [], references: [{ path: "./tsconfig.b.json" }] },
      "tsconfig.b.json": { files: [], references: [{ path: "./tsconfig.a.json" }, { path: "./tsconfig.json" }] },
      "tsconfig.c.json": { ...OPTIONS, include: ["src"] },
      "src/main.ts": SOURCE,
      "other/loose.ts": SOURCE,
    });
    expect(ownerIn(dir, "src/main.ts")).toMatchObject({ owner: "tsconfig.c.json", searched: ["tsconfig.json", "tsconfig.a.json", "tsconfig.b.json", "tsconfig.c.json"] });
    expect(ownerIn(dir, "other/loose.ts")).toMatchObject({ owner: undefined, searched: ["tsconfig.json", "tsconfig.a.json", "tsconfig.b.json", "tsconfig.c.json"] });
  });

  it("skips a referenced tsconfig that is missing, with its problem as for any broken tsconfig, and goes on", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./tsconfig.gone.json" }, { path: "./tsconfig.app.json" }] },
      "tsconfig.app.json": { ...OPTIONS, include: ["src"] },
      "src/main.ts": SOURCE,
    });
    const lookup = new TsconfigLookup();
    expect(ownerIn(dir, "src/main.ts", lookup)).toEqual({ owner: "tsconfig.app.json", stoppedAt: undefined, problems: ["tsconfig.gone.json"], searched: ["tsconfig.json", "tsconfig.app.json"] });
    expect(lookup.ownerOf(path.join(dir, "src/main.ts")).problems[0].message).toBe(`Cannot read file '${path.join(dir, "tsconfig.gone.json")}'.`);
  });

  it("passes over a tsconfig.json that lists no file (an empty `files`, a base others extend) without a problem", () => {
    const dir = folder({
      "tsconfig.json": { ...OPTIONS, include: ["**/*"] },
      "app/tsconfig.json": { ...OPTIONS, files: [] },
      "app/tsconfig-backend.json": { extends: "./tsconfig.json", files: ["./util.ts"] },
      "app/server.ts": SOURCE,
    });
    expect(ownerIn(dir, "app/server.ts")).toEqual({ owner: "tsconfig.json", stoppedAt: undefined, problems: [], searched: ["app/tsconfig.json", "tsconfig.json"] });
  });

  it("stops at a broken tsconfig.json up the folders (its files get no types), as for the nearest one", () => {
    const dir = folder({
      "tsconfig.json": { ...OPTIONS, include: ["**/*"] },
      "pkg/tsconfig.json": '{ "compilerOptions": {',
      "pkg/a.ts": SOURCE,
    });
    expect(ownerIn(dir, "pkg/a.ts")).toEqual({ owner: undefined, stoppedAt: "pkg/tsconfig.json", problems: ["pkg/tsconfig.json"], searched: [] });
  });

  it("lets the nearest tsconfig win when an outer one lists the file too (as tsserver), and an outer one own what the inner leaves out", () => {
    const dir = folder({
      "tsconfig.json": { ...OPTIONS, include: ["**/*"] },
      "packages/a/tsconfig.json": { ...OPTIONS, include: ["src"] },
      "packages/a/src/x.ts": SOURCE,
      "packages/a/scripts/y.ts": SOURCE,
    });
    expect(ownerIn(dir, "packages/a/src/x.ts")).toMatchObject({ owner: "packages/a/tsconfig.json", searched: ["packages/a/tsconfig.json"] });
    expect(ownerIn(dir, "packages/a/scripts/y.ts")).toMatchObject({ owner: "tsconfig.json", searched: ["packages/a/tsconfig.json", "tsconfig.json"] });
  });

  it("prefers a tsconfig's own file list to its references'", () => {
    const dir = folder({
      "tsconfig.json": { ...OPTIONS, include: ["src"], references: [{ path: "./tsconfig.src.json" }] },
      "tsconfig.src.json": { ...OPTIONS, include: ["src"] },
      "src/main.ts": SOURCE,
    });
    expect(ownerIn(dir, "src/main.ts")).toMatchObject({ owner: "tsconfig.json", searched: ["tsconfig.json"] });
  });

  it("reads file lists once, and again after a source file is added below a tsconfig", () => {
    const dir = folder({ "tsconfig.json": { ...OPTIONS, include: ["src"] }, "src/a.ts": SOURCE });
    const lookup = new TsconfigLookup();
    const first = lookup.ownerOf(path.join(dir, "src/a.ts")).owner;
    expect(lookup.ownerOf(path.join(dir, "src/a.ts")).owner).toBe(first);
    fs.writeFileSync(path.join(dir, "src/b.ts"), SOURCE);
    expect(lookup.ownerOf(path.join(dir, "src/b.ts")).owner).toBeUndefined();
    lookup.fileAddedOrRemoved(path.join(dir, "src/b.ts"));
    expect(lookup.ownerOf(path.join(dir, "src/b.ts")).owner?.path).toBe(path.join(dir, "tsconfig.json"));
  });

  it("forgets a changed config, and every tsconfig that extends it, directly or through another", () => {
    const dir = folder({
      "tsconfig.base.json": { ...OPTIONS, include: ["src"] },
      "configs/strict.json": { extends: "../tsconfig.base.json" },
      "tsconfig.json": { extends: "./configs/strict.json" },
      "tools/tsconfig.json": { ...OPTIONS, include: ["*.ts"] },
      "src/a.ts": SOURCE,
      "tools/b.ts": SOURCE,
    });
    const lookup = new TsconfigLookup();
    expect(lookup.ownerOf(path.join(dir, "src/a.ts")).owner?.path).toBe(path.join(dir, "tsconfig.json"));
    expect(lookup.ownerOf(path.join(dir, "tools/b.ts")).owner?.path).toBe(path.join(dir, "tools/tsconfig.json"));
    fs.writeFileSync(path.join(dir, "tsconfig.base.json"), JSON.stringify({ ...OPTIONS, include: ["lib"] }));
    // Neither the base nor strict.json is read as a tsconfig of its own: only the one extending them is returned.
    expect(lookup.forget(path.join(dir, "tsconfig.base.json"))).toEqual([path.join(dir, "tsconfig.json")]);
    expect(lookup.ownerOf(path.join(dir, "src/a.ts")).owner).toBeUndefined();
    expect(lookup.forget(path.join(dir, "tools/tsconfig.json"))).toEqual([path.join(dir, "tools/tsconfig.json")]);
    expect(lookup.forget(path.join(dir, "unrelated.json"))).toEqual([]);
  });
});

describe("readTsconfig", () => {
  it("reports a tsconfig.json whose JSON is cut short, naming the file in full or by its base name", () => {
    const dir = folder({ "tsconfig.json": '{\n  "compilerOptions": {\n', "a.ts": SOURCE });
    const tsconfigPath = path.join(dir, "tsconfig.json");
    expect(readTsconfig(tsconfigPath)).toEqual({ problem: `${tsconfigPath}:3:1: '}' expected.` });
    expect(readTsconfig(tsconfigPath, "base")).toEqual({ problem: "tsconfig.json:3:1: '}' expected." });
  });

  it("reads a solution's `\"files\": []` without the \"no inputs\" error", () => {
    const dir = folder({ "tsconfig.json": { files: [], references: [{ path: "./tsconfig.app.json" }] }, "tsconfig.app.json": OPTIONS });
    const parsed = readTsconfig(path.join(dir, "tsconfig.json"));
    expect("problem" in parsed ? parsed.problem : parsed.fileNames).toEqual([]);
  });
});
