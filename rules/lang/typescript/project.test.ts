// TsProjects builds a program only for tsconfigs that own a file of the run, and counts on them for files they
// reach through imports only.
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempFolders } from "../../core/testing/temp-folders";
import { type BuiltProgram, TsProjects } from "./project";

const { folder, removeAll } = tempFolders("async-lint-projects-");
afterAll(removeAll);

const TSCONFIG = { compilerOptions: { strict: true, noEmit: true, noLib: true, types: [], module: "esnext", moduleResolution: "bundler" }, include: ["src"] };

/** TsProjects over a folder, and which tsconfigs it built programs for (relative paths). */
function projectsIn(dir: string) {
  const built: string[] = [];
  const projects = new TsProjects((program: BuiltProgram) => built.push(path.relative(dir, program.tsconfigPath!)));
  return { projects, built, file: (name: string) => path.join(dir, name) };
}

describe("TsProjects", () => {
  const layout = {
    "tsconfig.json": TSCONFIG,
    "src/main.ts": 'import { seed } from "../scripts/imported";\nexport const value = seed;\n',
    "scripts/imported.ts": "export const seed = 1;\n",
    "scripts/seed.ts": "export const other = 2;\n",
  };

  it("builds no program for a tsconfig that lists none of the run's files", () => {
    const { projects, built, file } = projectsIn(folder(layout));
    projects.plan([file("scripts/seed.ts"), file("scripts/imported.ts")]);
    expect(projects.programFor(file("scripts/seed.ts"))).toBeUndefined();
    expect(projects.programFor(file("scripts/imported.ts"))).toBeUndefined();
    expect(projects.tsconfigFor(file("scripts/imported.ts"))).toBeUndefined();
    expect(built).toEqual([]);
  });

  it("types a file the tsconfig does not list with its program when another file of the run needs it and it holds the file", () => {
    const { projects, built, file } = projectsIn(folder(layout));
    projects.plan([file("scripts/imported.ts"), file("scripts/seed.ts"), file("src/main.ts")]);
    const program = projects.programFor(file("scripts/imported.ts"));
    expect(program?.getSourceFile(file("scripts/imported.ts"))).toBeDefined();
    expect(projects.programFor(file("src/main.ts"))).toBe(program);
    // Not imported: not in the program, so linted without types.
    expect(projects.programFor(file("scripts/seed.ts"))).toBeUndefined();
    expect(built).toEqual(["tsconfig.json"]);
  });

  it("builds a referenced project's program from its own options when it owns the file, and none for the solution", () => {
    const { projects, built, file } = projectsIn(
      folder({
        "tsconfig.json": { files: [], references: [{ path: "./tsconfig.app.json" }, { path: "./tsconfig.node.json" }] },
        "tsconfig.app.json": TSCONFIG,
        "tsconfig.node.json": { compilerOptions: { ...TSCONFIG.compilerOptions, composite: true, noEmit: undefined }, include: ["vite.config.ts"] },
        "src/main.ts": "export const value = 1;\n",
        "vite.config.ts": "export default {};\n",
      }),
    );
    projects.plan([file("src/main.ts"), file("vite.config.ts")]);
    expect(projects.programFor(file("vite.config.ts"))?.getCompilerOptions().composite).toBe(true);
    expect(projects.programFor(file("src/main.ts"))?.getRootFileNames()).toEqual([file("src/main.ts")]);
    expect(built).toEqual(["tsconfig.node.json", "tsconfig.app.json"]);
    expect(projects.problems).toEqual([]);
  });

  it("reports a missing referenced tsconfig once, as a load problem", () => {
    const dir = folder({
      "tsconfig.json": { files: [], references: [{ path: "./tsconfig.gone.json" }, { path: "./tsconfig.app.json" }] },
      "tsconfig.app.json": TSCONFIG,
      "src/main.ts": "export const value = 1;\n",
      "src/other.ts": "export const other = 1;\n",
    });
    const { projects, file } = projectsIn(dir);
    expect(projects.programFor(file("src/main.ts"))).toBeDefined();
    expect(projects.programFor(file("src/other.ts"))).toBeDefined();
    expect(projects.problems).toEqual([{ tsconfigPath: file("tsconfig.gone.json"), message: `Cannot read file '${file("tsconfig.gone.json")}'.` }]);
  });
});
