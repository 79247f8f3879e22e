import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TsResolver } from "./resolve";

/** A program over in-memory files, with a package's typings under node_modules. */
function programOf(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noLib: true, types: [], strict: true };
  const host = ts.createCompilerHost(options, true);
  host.fileExists = (f) => f in files;
  host.readFile = (f) => files[f];
  host.getSourceFile = (f, version) => (f in files ? ts.createSourceFile(f, files[f], version, true) : undefined);
  host.directoryExists = (d) => Object.keys(files).some((f) => f.startsWith(d + "/"));
  host.getCurrentDirectory = () => "/p";
  return ts.createProgram({ rootNames: ["/p/a.ts"], options, host });
}

function calleeOf(program: ts.Program): ts.Expression {
  const file = program.getSourceFile("/p/a.ts")!;
  const statement = file.statements.find(ts.isExpressionStatement)!;
  return (statement.expression as ts.CallExpression).expression;
}

describe("TsResolver in typed mode", () => {
  const typings = {
    "/p/node_modules/fakepkg/package.json": JSON.stringify({ name: "fakepkg", types: "index.d.ts" }),
    "/p/node_modules/fakepkg/index.d.ts": "declare const client: { get(url: string): void };\nexport default client;\n",
  };

  it("resolves a default import of a package to the module itself, not to the name its typings give it", () => {
    const program = programOf({ ...typings, "/p/a.ts": 'import client from "fakepkg";\nclient.get("x");\n' });
    const resolver = new TsResolver(program.getTypeChecker());
    expect(resolver.resolve(calleeOf(program))).toEqual({ kind: "module", module: "fakepkg", path: ["get"] });
  });

  it("resolves `import { default as c }` the same way", () => {
    const program = programOf({ ...typings, "/p/a.ts": 'import { default as c } from "fakepkg";\nc.get("x");\n' });
    const resolver = new TsResolver(program.getTypeChecker());
    expect(resolver.resolve(calleeOf(program))).toEqual({ kind: "module", module: "fakepkg", path: ["get"] });
  });
});
