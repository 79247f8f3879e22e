// The type questions of type-questions.ts answered by TypeScript 7's native compiler, through its synchronous API
// (`typescript/unstable/sync`, installed as the optional dependency `typescript7`). A prototype behind --engine ts7:
// the rules still walk a TypeScript 6.0 parse of the file; each expression they ask about is matched to the native
// AST's node by position and kind, and its type is asked for in one batch per file (prefetch) when possible.
// Types, symbols and signatures are cached by the API per snapshot; answers are cached here per type id.
import * as path from "node:path";
import ts from "typescript";
import type * as Api from "typescript7/unstable/sync" with { "resolution-mode": "import" };
import type * as Ast from "typescript7/unstable/ast" with { "resolution-mode": "import" };
import type { PromiseQuestion, PromiseValue, TypeQuestions } from "./type-questions";
import type { TypeOrValueSpecifier } from "./type-specifiers";

type Sync = typeof Api;
type Node7 = Ast.Node;
type Type7 = Api.Type;

/** Loads the optional `typescript7` package, or explains why it cannot be used. */
export function loadTypeScript7(): { ok: true; api: Sync; syntaxKind: Record<string, number | string> } | { ok: false; reason: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require("typescript7/unstable/sync") as Sync;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ast = require("typescript7/unstable/ast") as typeof Ast;
    return { ok: true, api, syntaxKind: ast.SyntaxKind as unknown as Record<string, number | string> };
  } catch (error) {
    return { ok: false, reason: `the optional dependency typescript7 (TypeScript 7) cannot be loaded: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** Question counts and time, for --debug and the design note's "which calls dominate". */
export interface Ts7Stats {
  files: number;
  openMs: number;
  fileMs: number;
  questionMs: number;
  prefetched: number;
  unmatched: number;
  /** With profiling: calls and milliseconds per checker method (each a round trip, or cached by the API). */
  byMethod?: Map<string, { calls: number; ms: number }>;
}

/** One native compiler process for a run: opens each tsconfig once, gives each covered file its questions. */
export class TypeScript7Engine {
  private readonly api: InstanceType<Sync["API"]>;
  private snapshot: Api.Snapshot | undefined;
  private readonly opened = new Set<string>();
  private readonly kindMap: Map<number, number>;
  /** TypeScript 6 parses of files that declarations lead into, by path, with their nodes by range. */
  readonly declaringFiles = new Map<string, { sourceFile: ts.SourceFile; byRange: Map<string, ts.Node[]> }>();
  /** Projects or files the native compiler failed on (their files were linted without types). */
  readonly failures: string[] = [];
  readonly stats: Ts7Stats = { files: 0, openMs: 0, fileMs: 0, questionMs: 0, prefetched: 0, unmatched: 0 };

  constructor(
    private readonly sync: Sync,
    syntaxKind7: Record<string, number | string>,
    cwd: string,
    /** Files the native compiler reads through this callback first (an editor's unsaved texts); undefined: from disk. */
    readOverlay?: (fileName: string) => string | undefined,
    /** Count checker calls per method and collect the API's request timing (--debug). */
    private readonly profile = false,
  ) {
    this.api = new sync.API({ cwd, collectTiming: profile, ...(readOverlay ? { fs: { readFile: readOverlay } } : {}) });
    if (profile) this.stats.byMethod = new Map();
    this.kindMap = kindMapping(syntaxKind7);
  }

  /** The questions for a file of the tsconfig's project, when the native program holds exactly this text. */
  questionsFor(tsconfigPath: string, filePath: string, text: string): TypeQuestions | undefined {
    const started = performance.now();
    try {
      this.openProject(tsconfigPath);
      const project = this.snapshot?.getProject(tsconfigPath);
      const file = project?.program.getSourceFile(path.resolve(filePath));
      if (!project || !file || file.text !== text) return undefined;
      this.stats.files++;
      return new Ts7TypeQuestions(this.sync, project, file, this.kindMap, this.stats, this.declaringFiles);
    } catch (error) {
      // The file is then linted without types; the host reports the first failure once.
      this.failures.push(`${tsconfigPath}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      return undefined;
    } finally {
      this.stats.fileMs += performance.now() - started;
    }
  }

  /** Loads the tsconfig's project into the snapshot (once); throws what the native compiler reports. */
  openProject(tsconfigPath: string): void {
    if (this.opened.has(tsconfigPath)) return;
    const started = performance.now();
    const previous = this.snapshot;
    this.opened.add(tsconfigPath);
    this.snapshot = this.api.updateSnapshot({ openProjects: [...this.opened] });
    previous?.dispose();
    this.stats.openMs += performance.now() - started;
  }

  /** Releases the tsconfig's project (an editor closed its last file): the native compiler frees it. */
  closeProject(tsconfigPath: string): void {
    if (!this.opened.delete(tsconfigPath)) return;
    const previous = this.snapshot;
    this.snapshot = this.api.updateSnapshot({ closeProjects: [tsconfigPath] });
    previous?.dispose();
  }

  /** A file's text changed (on disk or in the overlay): the next snapshot has it, reusing the rest of the program. */
  fileChanged(filePath: string): void {
    this.filesChanged({ changed: [filePath] });
  }

  /**
   * Files changed, were created or deleted (an editor's edits and file-watcher events), or everything may have
   * (`invalidateAll`: a tsconfig changed): one new snapshot for all of them. Throws what the native compiler reports.
   */
  filesChanged(changes: { changed?: readonly string[]; created?: readonly string[]; deleted?: readonly string[] } | { invalidateAll: true }): void {
    const started = performance.now();
    const previous = this.snapshot;
    const absolute = (files: readonly string[] | undefined) => files?.map((file) => path.resolve(file));
    const fileChanges =
      "invalidateAll" in changes
        ? changes
        : { changed: absolute(changes.changed), created: absolute(changes.created), deleted: absolute(changes.deleted) };
    this.snapshot = this.api.updateSnapshot({ fileChanges });
    previous?.dispose();
    // Parses of declaring files are of the text the previous snapshot had.
    if ("invalidateAll" in fileChanges) this.declaringFiles.clear();
    else for (const file of [...(fileChanges.changed ?? []), ...(fileChanges.deleted ?? [])]) this.declaringFiles.delete(file);
    this.stats.openMs += performance.now() - started;
  }

  /** The profile (with `profile`): the API's request totals and the checker calls that took the most time. */
  profileSummary(): string | undefined {
    if (!this.profile || !this.stats.byMethod) return undefined;
    const totals = this.api.getTimingInfo().totals;
    const methods = [...this.stats.byMethod]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([name, { calls, ms }]) => `${name} ${calls}× ${ms.toFixed(0)} ms`)
      .join(", ");
    return (
      `${totals.requestCount} requests, round trips ${totals.roundTripMs.toFixed(0)} ms (server ${totals.serverTimeMs.toFixed(0)} ms), ` +
      `${(totals.bytesReceived / 1e6).toFixed(1)} MB received, ${totals.sourceFilesFetched} source files fetched; checker: ${methods}`
    );
  }

  close(): void {
    this.snapshot?.dispose();
    this.api.close();
  }
}

/** TypeScript 6's SyntaxKind numbers to TypeScript 7's (they differ), by name; the First and Last markers are aliases. */
function kindMapping(syntaxKind7: Record<string, number | string>): Map<number, number> {
  const map = new Map<number, number>();
  const kinds6 = ts.SyntaxKind as unknown as Record<string, number | string>;
  for (const [name, value7] of Object.entries(syntaxKind7)) {
    if (typeof value7 !== "number" || /^(First|Last)/.test(name)) continue;
    const value6 = kinds6[name];
    if (typeof value6 === "number") map.set(value6, value7);
  }
  return map;
}

class Ts7TypeQuestions implements TypeQuestions {
  readonly engine = "typescript7";
  private readonly checker: Api.Checker;
  private nodesByRange: Map<string, Node7[]> | undefined;
  private readonly typeByNode = new Map<ts.Node, Type7 | undefined>();
  private readonly promiseByType = new Map<number, boolean>();
  private readonly thenableByType = new Map<number, boolean>();
  private readonly apparentById = new Map<number, Type7>();
  private readonly elementsById = new Map<number, readonly Type7[] | undefined>();

  constructor(
    private readonly sync: Sync,
    private readonly project: Api.Project,
    private readonly file: Ast.SourceFile,
    private readonly kindMap: Map<number, number>,
    private readonly stats: Ts7Stats,
    private readonly declaringFiles: TypeScript7Engine["declaringFiles"],
  ) {
    this.checker = stats.byMethod ? countingChecker(project.checker, stats.byMethod) : project.checker;
  }

  isCallable(expr: ts.Expression): boolean {
    return this.timed(() => {
      const type = this.typeOf(expr);
      if (!type || type.flags & (this.sync.TypeFlags.Any | this.sync.TypeFlags.Unknown)) return true;
      return this.parts(type).every((t) => this.checker.getSignaturesOfType(t, this.sync.SignatureKind.Call).length > 0);
    });
  }

  valueDeclarationOf(name: ts.Identifier | ts.PrivateIdentifier): ts.Declaration | undefined {
    return this.timed(() => {
      const node = this.nativeNode(name);
      let symbol = node && this.checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & this.sync.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const handle = symbol?.valueDeclaration;
      const declaration = handle?.resolve(this.project);
      if (!handle || !declaration) return undefined;
      return this.ts6Node(handle.path, declaration, name.getSourceFile()) as ts.Declaration | undefined;
    });
  }

  /**
   * The TypeScript 6 node for a native node of a declaring file: in the linted file's own parse, or in a TypeScript 6
   * parse of the declaring file's text as the native program has it (kept for the run).
   */
  private ts6Node(filePath: string, native: Node7, linted: ts.SourceFile): ts.Node | undefined {
    let declaring = this.declaringFiles.get(filePath);
    if (!declaring) {
      const sourceFile = filePath === this.file.path ? linted : this.ts6Parse(filePath);
      if (!sourceFile) return undefined;
      const byRange = new Map<string, ts.Node[]>();
      const stack: ts.Node[] = [sourceFile];
      while (stack.length > 0) {
        const current = stack.pop()!;
        const key = `${current.pos}:${current.end}`;
        const list = byRange.get(key);
        if (list) list.push(current);
        else byRange.set(key, [current]);
        ts.forEachChild(current, (child) => {
          stack.push(child);
        });
      }
      declaring = { sourceFile, byRange };
      // The linted file's own parse is not kept: the next file's questions have their own.
      if (sourceFile !== linted) this.declaringFiles.set(filePath, declaring);
    }
    return declaring.byRange.get(`${native.pos}:${native.end}`)?.find((candidate) => this.kindMap.get(candidate.kind) === native.kind);
  }

  private ts6Parse(filePath: string): ts.SourceFile | undefined {
    const native = this.project.program.getSourceFile(filePath);
    if (!native) return undefined;
    return ts.createSourceFile(native.fileName, native.text, ts.ScriptTarget.Latest, true);
  }

  prefetch(expressions: readonly ts.Expression[]): void {
    const started = performance.now();
    const wanted: ts.Expression[] = [];
    const nodes: Node7[] = [];
    for (const expression of expressions) {
      if (this.typeByNode.has(expression)) continue;
      const node = this.nativeNode(expression);
      if (!node) continue;
      wanted.push(expression);
      nodes.push(node);
    }
    if (nodes.length > 0) {
      const types = this.checker.getTypeAtLocation(nodes);
      wanted.forEach((expression, i) => this.typeByNode.set(expression, types[i]));
      this.stats.prefetched += nodes.length;
    }
    this.stats.questionMs += performance.now() - started;
  }

  promiseValue(expr: ts.Expression, question: PromiseQuestion): PromiseValue {
    return this.timed(() => {
      const type = this.typeOf(expr);
      if (!type || type.flags & (this.sync.TypeFlags.Any | this.sync.TypeFlags.Unknown)) return { kind: "unknown" };
      const at = this.nativeNode(expr)!;
      const isSafe = (t: Type7 | undefined) => !!t && question.knownSafe.some((specifier) => this.typeMatchesSpecifier(t, specifier));
      if (isSafe(type) || (question.finallyReceiver && isSafe(this.typeOf(question.finallyReceiver)))) return { kind: "none" };
      if (this.isPromiseArray(type, isSafe)) return { kind: "array" };
      if (this.isPromise(type)) return { kind: "promise" };
      if (question.checkThenables && this.isThenable(type, at)) {
        // The API hands out one object per type id, so the same type compares equal by id.
        const receiverType = question.methodReceiver && this.typeOf(question.methodReceiver);
        if (!receiverType || receiverType.id !== type.id) return { kind: "thenable", typeText: this.checker.typeToString(type) };
      }
      return { kind: "none" };
    });
  }

  mayHoldPromise(expr: ts.Expression): boolean {
    return this.timed(() => {
      const type = this.typeOf(expr);
      if (!type || type.flags & (this.sync.TypeFlags.Any | this.sync.TypeFlags.Unknown)) return true;
      return this.isPromise(type) || this.isPromiseArray(type, () => false) || this.isThenable(type, this.nativeNode(expr)!);
    });
  }

  private timed<T>(question: () => T): T {
    const started = performance.now();
    try {
      return question();
    } finally {
      this.stats.questionMs += performance.now() - started;
    }
  }

  private typeOf(expr: ts.Expression): Type7 | undefined {
    if (this.typeByNode.has(expr)) return this.typeByNode.get(expr);
    const node = this.nativeNode(expr);
    const type = node && this.checker.getTypeAtLocation(node);
    this.typeByNode.set(expr, type);
    return type;
  }

  /** The native AST's node for a TypeScript 6 node of the same text: same range, same kind. */
  private nativeNode(node: ts.Node): Node7 | undefined {
    if (!this.nodesByRange) {
      const byRange = new Map<string, Node7[]>();
      const stack: Node7[] = [this.file];
      while (stack.length > 0) {
        const current = stack.pop()!;
        const key = `${current.pos}:${current.end}`;
        const list = byRange.get(key);
        if (list) list.push(current);
        else byRange.set(key, [current]);
        current.forEachChild(
          (child) => {
            stack.push(child);
          },
          (children) => {
            for (const child of children) stack.push(child);
          },
        );
      }
      this.nodesByRange = byRange;
    }
    const kind = this.kindMap.get(node.kind);
    const found = this.nodesByRange.get(`${node.pos}:${node.end}`)?.find((candidate) => candidate.kind === kind);
    if (!found) this.stats.unmatched++;
    return found;
  }

  private parts(type: Type7): readonly Type7[] {
    return type.isUnionType() ? type.getTypes() : [type];
  }

  /** Each union member by its apparent type (a type parameter stands for its constraint), as promise-types.ts does. */
  private apparentParts(type: Type7): Type7[] {
    return this.parts(type).flatMap((part) => this.parts(this.apparent(part)));
  }

  /** getApparentType, once per type: each call is a round trip. */
  private apparent(type: Type7): Type7 {
    let apparent = this.apparentById.get(type.id);
    if (!apparent) this.apparentById.set(type.id, (apparent = this.checker.getApparentType(type) ?? type));
    return apparent;
  }

  /** An array's element type or a tuple's element types; undefined for any other type. Once per type. */
  private elementsOf(type: Type7): readonly Type7[] | undefined {
    if (this.elementsById.has(type.id)) return this.elementsById.get(type.id);
    let elements: readonly Type7[] | undefined;
    // Arrays and tuples are type references (a local flag): other types need no round trip.
    if (type.isTypeReference()) {
      if (this.checker.isArrayType(type)) elements = this.checker.getTypeArguments(type).slice(0, 1);
      else if (this.checker.isTupleType(type)) elements = this.checker.getTypeArguments(type);
    }
    this.elementsById.set(type.id, elements);
    return elements;
  }

  private isPromise(type: Type7): boolean {
    return this.apparentParts(type).some((part) =>
      part.isIntersectionType() ? part.getTypes().some((t) => this.isPromiseClass(t, 0)) : this.isPromiseClass(part, 0),
    );
  }

  private isPromiseClass(type: Type7, depth: number): boolean {
    const cached = this.promiseByType.get(type.id);
    if (cached !== undefined) return cached;
    let result = false;
    const symbol = type.getSymbol();
    if (symbol) {
      if (symbol.name === "Promise" && symbol.declarations.some((d) => this.isDefaultLibrary(d.path))) result = true;
      else if (depth <= 4) {
        const target = type.isTypeReference() ? type.getTarget() : type;
        if (target.isClassOrInterface()) result = this.checker.getBaseTypes(target).some((base) => this.isPromiseClass(base, depth + 1));
      }
    }
    this.promiseByType.set(type.id, result);
    return result;
  }

  private isDefaultLibrary(filePath: string): boolean {
    return !!this.project.program.getSourceFileMetadataByPath(filePath as Ast.Path)?.isDefaultLibrary;
  }

  private isThenable(type: Type7, at: Node7): boolean {
    const cached = this.thenableByType.get(type.id);
    if (cached !== undefined) return cached;
    const result = this.apparentParts(type).some((part) => {
      const then = this.checker.getPropertyOfType(part, "then");
      if (!then) return false;
      const thenType = this.checker.getTypeOfSymbolAtLocation(then, at);
      return this.parts(thenType).some((owner) =>
        this.checker.getSignaturesOfType(owner, this.sync.SignatureKind.Call).some((signature) => {
          const [onFulfilled, onRejected] = signature.getParameters();
          return !!onFulfilled && !!onRejected && this.isCallableParameter(onFulfilled, at) && this.isCallableParameter(onRejected, at);
        }),
      );
    });
    this.thenableByType.set(type.id, result);
    return result;
  }

  private isCallableParameter(parameter: Api.Symbol, at: Node7): boolean {
    const type = this.checker.getTypeOfSymbolAtLocation(parameter, at);
    return this.parts(this.apparent(type)).some((t) => this.checker.getSignaturesOfType(t, this.sync.SignatureKind.Call).length > 0);
  }

  private isPromiseArray(type: Type7, isSafe: (element: Type7) => boolean): boolean {
    const isPromiseElement = (element: Type7 | undefined) => !!element && this.isPromise(element) && !isSafe(element);
    return this.apparentParts(type).some((part) => this.elementsOf(part)?.some(isPromiseElement) ?? false);
  }

  /** type-specifiers.ts's typeMatchesSpecifier on native types: by the type's (or alias's) name and where it is declared. */
  private typeMatchesSpecifier(type: Type7, specifier: TypeOrValueSpecifier): boolean {
    if (type.isUnionType()) return type.getTypes().every((part) => this.typeMatchesSpecifier(part, specifier));
    if (this.wholeTypeMatches(type, specifier)) return true;
    return type.isIntersectionType() && type.getTypes().some((part) => this.typeMatchesSpecifier(part, specifier));
  }

  private wholeTypeMatches(type: Type7, specifier: TypeOrValueSpecifier): boolean {
    if (type.isErrorType()) return false;
    const named = type.getAliasSymbol() ?? type.getSymbol();
    const intrinsic = type.isIntrinsicType() ? type.intrinsicName : undefined;
    const names = named ? [named.name, intrinsic] : [intrinsic];
    const symbol = type.getSymbol() ?? type.getAliasSymbol();
    if (typeof specifier === "string") return names.includes(specifier);
    const wanted = Array.isArray(specifier.name) ? specifier.name : [specifier.name];
    if (!wanted.some((name) => names.includes(name))) return false;
    const files = (symbol?.declarations ?? []).map((d) => d.path as string);
    switch (specifier.from) {
      case "file": {
        const cwd = path.dirname(this.project.configFileName);
        if (specifier.path === undefined) return files.some((file) => file.startsWith(cwd));
        return files.includes(path.join(cwd, specifier.path));
      }
      case "lib":
        return files.length === 0 || files.some((file) => this.isDefaultLibrary(file));
      case "package":
        return files.some((file) => file.includes(`/node_modules/${specifier.package}/`) || file.includes(`/node_modules/@types/${specifier.package.replace(/^@([^/]+)\//, "$1__")}/`));
    }
  }
}

/** The checker with each method call counted and timed (the API's own timing has no per-method totals). */
function countingChecker(checker: Api.Checker, byMethod: Map<string, { calls: number; ms: number }>): Api.Checker {
  return new Proxy(checker, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        try {
          return value.apply(target, args);
        } finally {
          const entry = byMethod.get(property) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += performance.now() - started;
          byMethod.set(property, entry);
        }
      };
    },
  });
}
