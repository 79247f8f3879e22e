// typescript-eslint's TypeOrValueSpecifier, with its meaning, so options written for its rules carry over:
// a bare name matches a type (or a callee) of that name wherever it is declared; `{ from: "file" }` one declared
// in the project (or in `path`, relative to the program's folder), `{ from: "lib" }` one of TypeScript's default
// libraries, `{ from: "package", package }` one declared by that npm package (its own or its @types typings, or a
// `declare module "package"` block).
import * as path from "node:path";
import ts from "typescript";

export type TypeOrValueSpecifier =
  | string
  | { from: "file"; name: string | string[]; path?: string }
  | { from: "lib"; name: string | string[] }
  | { from: "package"; name: string | string[]; package: string };

const NAME_SCHEMA = {
  oneOf: [
    { type: "string", minLength: 1 },
    { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, uniqueItems: true },
  ],
};

/** The JSON Schema of a list of specifiers (as typescript-eslint's `typeOrValueSpecifiersSchema`). */
export function typeOrValueSpecifiersSchema(description: string): Record<string, unknown> {
  return {
    type: "array",
    description,
    items: {
      oneOf: [
        { type: "string", minLength: 1 },
        { type: "object", additionalProperties: false, required: ["from", "name"], properties: { from: { enum: ["file"] }, name: NAME_SCHEMA, path: { type: "string" } } },
        { type: "object", additionalProperties: false, required: ["from", "name"], properties: { from: { enum: ["lib"] }, name: NAME_SCHEMA } },
        {
          type: "object",
          additionalProperties: false,
          required: ["from", "name", "package"],
          properties: { from: { enum: ["package"] }, name: NAME_SCHEMA, package: { type: "string", minLength: 1 } },
        },
      ],
    },
  };
}

function namesOf(specifier: Exclude<TypeOrValueSpecifier, string>): string[] {
  return typeof specifier.name === "string" ? [specifier.name] : specifier.name;
}

/** A type's own names: its alias or symbol name, or an intrinsic one (`string`, `void`). */
function typeNames(type: ts.Type): (string | undefined)[] {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
  return symbol ? [symbol.name, intrinsic] : [intrinsic];
}

/** Whether the type matches the specifier: every member of a union must, and one member of an intersection may. */
export function typeMatchesSpecifier(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  if (type.isUnion()) return type.types.every((part) => typeMatchesSpecifier(part, specifier, program));
  if (wholeTypeMatches(type, specifier, program)) return true;
  return type.isIntersection() && type.types.some((part) => typeMatchesSpecifier(part, specifier, program));
}

function wholeTypeMatches(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  if ((type as { intrinsicName?: string }).intrinsicName === "error") return false;
  const names = typeNames(type);
  if (typeof specifier === "string") return names.includes(specifier);
  if (!namesOf(specifier).some((name) => names.includes(name))) return false;
  const declarations = (type.getSymbol() ?? type.aliasSymbol)?.getDeclarations() ?? [];
  return declaredWhereSpecified(specifier, declarations, program);
}

function declaredWhereSpecified(specifier: Exclude<TypeOrValueSpecifier, string>, declarations: readonly ts.Declaration[], program: ts.Program): boolean {
  const files = declarations.map((d) => d.getSourceFile());
  switch (specifier.from) {
    case "file": {
      const cwd = normalized(program.getCurrentDirectory());
      if (specifier.path === undefined) return files.some((file) => normalized(file.fileName).startsWith(cwd));
      const wanted = normalized(path.join(program.getCurrentDirectory(), specifier.path));
      return files.some((file) => normalized(file.fileName) === wanted);
    }
    case "lib":
      // An intrinsic type (no declaration) counts as the library's.
      return files.length === 0 || files.some((file) => program.isSourceFileDefaultLibrary(file));
    case "package":
      return declarations.some((d) => enclosingAmbientModule(d) === specifier.package) || files.some((file) => fileOfPackage(file, specifier.package, program));
  }
}

function normalized(fileName: string): string {
  const slashed = fileName.replace(/\\/g, "/");
  return ts.sys.useCaseSensitiveFileNames ? slashed : slashed.toLowerCase();
}

/** `declare module "name" { ... }` around the declaration. */
function enclosingAmbientModule(node: ts.Node): string | undefined {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
  }
  return undefined;
}

/** A file of the package's own typings or of its DefinitelyTyped ones (`@scope/name` is `@types/scope__name`). */
function fileOfPackage(file: ts.SourceFile, packageName: string, program: ts.Program): boolean {
  if (!program.isSourceFileFromExternalLibrary(file) && !/\/node_modules\//.test(normalized(file.fileName))) return false;
  const typesName = packageName.replace(/^@([^/]+)\//, "$1__");
  const fileName = file.fileName.replace(/\\/g, "/");
  return fileName.includes(`/node_modules/${packageName}/`) || fileName.includes(`/node_modules/@types/${typesName}/`);
}

/**
 * Whether a callee matches by its name as written (an identifier, as typescript-eslint's `valueMatchesSpecifier`):
 * a bare name or a `file`/`lib` specifier by name alone, a `package` one if the callee's type is declared there.
 */
export function valueMatchesSpecifier(callee: ts.Expression, specifier: TypeOrValueSpecifier, program: ts.Program | undefined, calleeType: ts.Type | undefined): boolean {
  if (!ts.isIdentifier(callee) && !ts.isPrivateIdentifier(callee)) return false;
  const name = callee.text;
  if (typeof specifier === "string") return specifier === name;
  if (!namesOf(specifier).includes(name)) return false;
  if (specifier.from !== "package") return true;
  if (!program || !calleeType) return false;
  const declarations = (calleeType.getSymbol() ?? calleeType.aliasSymbol)?.getDeclarations() ?? [];
  return declaredWhereSpecified(specifier, declarations, program);
}
