import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TsResolver } from "./resolve";
import { Ts6TypeQuestions } from "./type-questions";

/** A program over in-memory files, with a package's typings under node_modules. */
function programOf(files: Record<string, string>, extraRoots: string[] = []): ts.Program {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noLib: true, types: [], strict: true };
  const host = ts.createCompilerHost(options, true);
  host.fileExists = (f) => f in files;
  host.readFile = (f) => files[f];
  host.getSourceFile = (f, version) => (f in files ? ts.createSourceFile(f, files[f], version, true) : undefined);
  host.directoryExists = (d) => Object.keys(files).some((f) => f.startsWith(d + "/"));
  host.getCurrentDirectory = () => "/p";
  return ts.createProgram({ rootNames: ["/p/a.ts", ...extraRoots], options, host });
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
    const resolver = new TsResolver(new Ts6TypeQuestions(program));
    expect(resolver.resolve(calleeOf(program))).toEqual({ kind: "module", module: "fakepkg", path: ["get"] });
  });

  it("resolves `import { default as c }` the same way", () => {
    const program = programOf({ ...typings, "/p/a.ts": 'import { default as c } from "fakepkg";\nc.get("x");\n' });
    const resolver = new TsResolver(new Ts6TypeQuestions(program));
    expect(resolver.resolve(calleeOf(program))).toEqual({ kind: "module", module: "fakepkg", path: ["get"] });
  });
});

describe("TsResolver.isGlobal in typed mode", () => {
  // As @types/node declares console, process and Buffer: a global block inside a module declaration.
  const globals = {
    "/p/globals.d.ts":
      'declare module "node:console" {\n  global {\n    var console: { log(...data: unknown[]): void };\n  }\n}\n' +
      'declare module "fakepkg" {\n  export const helper: () => void;\n}\n' +
      "declare var scriptGlobal: () => void;\n",
  };
  const identifierOf = (program: ts.Program) => calleeOf(program) as ts.PropertyAccessExpression | ts.Identifier;

  it("treats a global declared in a module declaration's global block as global", () => {
    const program = programOf({ ...globals, "/p/a.ts": 'console.log("x");\n' }, ["/p/globals.d.ts"]);
    const callee = identifierOf(program) as ts.PropertyAccessExpression;
    expect(new TsResolver(new Ts6TypeQuestions(program)).isGlobal(callee.expression as ts.Identifier)).toBe(true);
  });

  it("treats a var of a script declaration file as global", () => {
    const program = programOf({ ...globals, "/p/a.ts": "scriptGlobal();\n" }, ["/p/globals.d.ts"]);
    expect(new TsResolver(new Ts6TypeQuestions(program)).isGlobal(identifierOf(program) as ts.Identifier)).toBe(true);
  });

  it("does not treat an export of a declared module or a local as global", () => {
    const imported = programOf({ ...globals, "/p/a.ts": 'import { helper } from "fakepkg";\nhelper();\n' }, ["/p/globals.d.ts"]);
    expect(new TsResolver(new Ts6TypeQuestions(imported)).isGlobal(identifierOf(imported) as ts.Identifier)).toBe(false);
    const local = programOf({ ...globals, "/p/a.ts": "const console = { log() {} };\nconsole.log();\nexport {};\n" }, ["/p/globals.d.ts"]);
    const callee = identifierOf(local) as ts.PropertyAccessExpression;
    expect(new TsResolver(new Ts6TypeQuestions(local)).isGlobal(callee.expression as ts.Identifier)).toBe(false);
  });
});
