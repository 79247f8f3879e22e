// The type questions of type-questions.ts answered by TypeScript 7's native compiler, through its synchronous API
// (`typescript/unstable/sync`, installed as the optional dependency `typescript7`). A prototype behind --engine ts7:
// the rules still walk a TypeScript 6.0 parse of the file; each expression they ask about is matched to the native
// AST's node by position and kind, and its type is asked for in one batch per file (prefetch) when possible.
// Types, symbols and signatures are cached by the API per snapshot; answers are cached here per type id.
import * as path from "node:path";
import ts from "typescript";
import type * as Api from "typescript7/unstable/sync" with { "resolution-mode": "import" };
import type * as Ast from "typescript7/unstable/ast" with { "resolution-mode": "import" };
import { moduleSpecifiersOf } from "./module-specifiers";
import { TypeAnswers } from "./type-answers";
import type { PromiseQuestion, PromiseValue, SymbolView, TypeQuestions } from "./type-questions";
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
  /** Requests the native side failed on (a panic it survives); their nodes were taken as untyped. */
  apiErrors: number;
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
  readonly declaringFiles = new Map<string, { sourceFile: ts.SourceFile; byRange?: NodesByRange<ts.Node> }>();
  /** Projects or files the native compiler failed on (their files were linted without types). */
  readonly failures: string[] = [];
  readonly stats: Ts7Stats = { files: 0, openMs: 0, fileMs: 0, questionMs: 0, prefetched: 0, unmatched: 0, apiErrors: 0 };

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

/** A file's nodes by `pos:end` (several nodes can share a range: a name and its expression statement). */
type NodesByRange<N> = Map<string, N[]>;

/** Indexes every node under `root` by range; `forEachChild` lists a node's children (each AST has its own). */
function indexByRange<N extends { pos: number; end: number }>(root: N, forEachChild: (node: N, visit: (child: N) => void) => void): NodesByRange<N> {
  const byRange: NodesByRange<N> = new Map();
  const stack: N[] = [root];
  const push = (child: N) => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const current = stack.pop()!;
    const key = `${current.pos}:${current.end}`;
    const list = byRange.get(key);
    if (list) list.push(current);
    else byRange.set(key, [current]);
    forEachChild(current, push);
  }
  return byRange;
}

class Ts7TypeQuestions extends TypeAnswers<Type7, Api.Symbol, Api.Signature> implements TypeQuestions {
  readonly engine = "typescript7";
  private readonly checker: Api.Checker;
  /** The native nodes of each TypeScript 6 parse asked about (the linted file, and files that calls lead into). */
  private readonly nativeIndexes = new Map<ts.SourceFile, NodesByRange<Node7> | null>();
  private readonly typeByNode = new Map<ts.Node, Type7 | undefined>();
  private readonly symbolByNode = new Map<ts.Node, Api.Symbol | undefined>();
  private readonly aliasedById = new Map<number, Api.Symbol>();
  /** The TypeScript 6 parse of the linted file (the rules' nodes come from it): declarations in it map to its nodes. */
  private linted: ts.SourceFile | undefined;
  private lintedIndex: { sourceFile: ts.SourceFile; byRange?: NodesByRange<ts.Node> } | undefined;
  private readonly symbolKeys = new Map<number, object>();
  /** Answers per type, signature or symbol id: each is a round trip, and ids are unique within a project's snapshot. */
  private readonly promiseByType: Map<number, boolean>;
  private readonly thenableByType: Map<number, boolean>;
  private readonly apparentById: Map<number, Type7>;
  private readonly elementsById: Map<number, readonly Type7[] | undefined>;
  private readonly signaturesById: Map<string, readonly Api.Signature[]>;
  private readonly returnTypeById: Map<number, Type7 | undefined>;
  private readonly propertyById: Map<string, Api.Symbol | undefined>;
  private readonly typeOfSymbolById: Map<number, Map<Node7 | typeof ANY_LOCATION, Type7>>;
  private readonly identifierKind: number | undefined;
  private readonly privateIdentifierKind: number | undefined;

  constructor(
    private readonly sync: Sync,
    readonly project: Api.Project,
    private readonly file: Ast.SourceFile,
    private readonly kindMap: Map<number, number>,
    private readonly stats: Ts7Stats,
    private readonly declaringFiles: TypeScript7Engine["declaringFiles"],
  ) {
    super();
    this.checker = stats.byMethod ? countingChecker(project.checker, stats.byMethod) : project.checker;
    this.identifierKind = kindMap.get(ts.SyntaxKind.Identifier);
    this.privateIdentifierKind = kindMap.get(ts.SyntaxKind.PrivateIdentifier);
    let caches = cachesByProject.get(project);
    if (!caches) cachesByProject.set(project, (caches = newIdCaches()));
    ({
      promiseByType: this.promiseByType,
      thenableByType: this.thenableByType,
      apparentById: this.apparentById,
      elementsById: this.elementsById,
      signaturesById: this.signaturesById,
      returnTypeById: this.returnTypeById,
      propertyById: this.propertyById,
      typeOfSymbolById: this.typeOfSymbolById,
    } = caches);
  }

  isCallable(expr: ts.Expression): boolean {
    return this.timed(() => {
      const type = this.typeOf(expr);
      if (!type || type.flags & (this.sync.TypeFlags.Any | this.sync.TypeFlags.Unknown)) return true;
      return this.parts(type).every((t) => this.signaturesOf(t, "call").length > 0);
    });
  }

  valueDeclarationOf(name: ts.Identifier | ts.PrivateIdentifier): ts.Declaration | undefined {
    return this.timed(() => {
      let symbol = this.symbolOf(name);
      if (symbol && symbol.flags & this.sync.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const handle = symbol?.valueDeclaration;
      const declaration = handle?.resolve(this.project);
      if (!handle || !declaration) return undefined;
      return this.ts6Node(handle.path, declaration, this.linted ?? name.getSourceFile()) as ts.Declaration | undefined;
    });
  }

  /**
   * The TypeScript 6 node for a native node of a declaring file: in the linted file's own parse, or in a TypeScript 6
   * parse of the declaring file's text as the native program has it (kept for the run).
   */
  private ts6Node(filePath: string, native: Node7, linted: ts.SourceFile): ts.Node | undefined {
    // The linted file's own parse is not kept: the next file's questions have their own.
    const declaring = filePath === this.file.path ? (this.lintedIndex ??= { sourceFile: linted }) : this.declaringFile(filePath);
    if (!declaring) return undefined;
    declaring.byRange ??= indexByRange<ts.Node>(declaring.sourceFile, (node, visit) => ts.forEachChild(node, visit));
    return declaring.byRange.get(`${native.pos}:${native.end}`)?.find((candidate) => this.kindMap.get(candidate.kind) === native.kind);
  }

  /** A TypeScript 6 parse of a file of the program as the native program has it, kept for the run. */
  private declaringFile(filePath: string): { sourceFile: ts.SourceFile; byRange?: NodesByRange<ts.Node> } | undefined {
    let declaring = this.declaringFiles.get(filePath);
    if (!declaring) {
      const native = this.project.program.getSourceFile(filePath);
      if (!native) return undefined;
      declaring = { sourceFile: ts.createSourceFile(native.fileName, native.text, ts.ScriptTarget.Latest, true) };
      this.declaringFiles.set(filePath, declaring);
    }
    return declaring;
  }

  projectSourceFiles(): readonly ts.SourceFile[] {
    let files = projectFiles.get(this.project);
    if (!files) {
      const program = this.project.program;
      files = [];
      for (const fileName of program.getSourceFileNames()) {
        if (/\.d\.([^./]+\.)?[cm]?ts$/.test(fileName) || program.getSourceFileMetadata(fileName)?.isFromExternalLibrary) continue;
        const parsed = this.declaringFile(fileName)?.sourceFile;
        if (parsed) files.push(parsed);
      }
      projectFiles.set(this.project, files);
    }
    return files;
  }

  /** The module each specifier names, by the symbol the checker gives it (one batch per file): its file, if the project's. */
  importedProjectFiles(file: ts.SourceFile): readonly string[] {
    const nodes = moduleSpecifiersOf(file)
      .map((specifier) => this.nativeNode(specifier))
      .filter((node): node is Node7 => !!node);
    if (nodes.length === 0) return [];
    const program = this.project.program;
    const files: string[] = [];
    for (const symbol of this.checker.getSymbolAtLocation(nodes)) {
      const declared = symbol?.declarations[0]?.path;
      if (declared && !program.getSourceFileMetadataByPath(declared)?.isFromExternalLibrary) files.push(declared);
    }
    return files;
  }

  prefetch(candidates: readonly ts.Node[]): void {
    const started = performance.now();
    const wanted: ts.Node[] = [];
    const nodes: Node7[] = [];
    for (const expression of new Set(candidates)) {
      if (this.typeByNode.has(expression)) continue;
      const node = this.nativeNode(expression);
      if (!node) continue;
      wanted.push(expression);
      nodes.push(node);
    }
    if (nodes.length > 0) {
      try {
        const types = this.checker.getTypeAtLocation(nodes);
        wanted.forEach((expression, i) => this.typeByNode.set(expression, types[i]));
        this.stats.prefetched += nodes.length;
      } catch (error) {
        // One type the API cannot hand back fails the batch (see typeOf): each is then asked on its own.
        if (!isNativePanic(error)) throw error;
        this.stats.apiErrors++;
      }
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
      if (this.isPromiseType(type)) return { kind: "promise" };
      if (question.checkThenables && this.isThenableNative(type, at)) {
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
      return this.isPromiseType(type) || this.isPromiseArray(type, () => false) || this.isThenableNative(type, this.nativeNode(expr)!);
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

  private typeOf(expr: ts.Node): Type7 | undefined {
    if (this.typeByNode.has(expr)) return this.typeByNode.get(expr);
    const node = this.nativeNode(expr);
    let type: Type7 | undefined;
    try {
      type = node && this.checker.getTypeAtLocation(node);
    } catch (error) {
      // TypeScript 7.0.2's API panics on some types it hands back (`const empty: [] = []`: the type of `[]`); the
      // server survives, and the node is taken as having no type, as an unmatched node is.
      if (!isNativePanic(error)) throw error;
      this.stats.apiErrors++;
    }
    this.typeByNode.set(expr, type);
    return type;
  }

  /** The native file of a TypeScript 6 parse: the linted file, or another file of the program with the same text. */
  private nativeFileOf(sourceFile: ts.SourceFile): Ast.SourceFile | undefined {
    if (path.resolve(sourceFile.fileName) === path.resolve(this.file.fileName)) {
      this.linted ??= sourceFile;
      return this.file;
    }
    const native = this.project.program.getSourceFile(path.resolve(sourceFile.fileName));
    return native && native.text === sourceFile.text ? native : undefined;
  }

  /** The native AST's node for a TypeScript 6 node of the same text: same range, same kind. */
  private nativeNode(node: ts.Node): Node7 | undefined {
    const sourceFile = node.getSourceFile();
    let byRange = this.nativeIndexes.get(sourceFile);
    if (byRange === undefined) {
      const native = this.nativeFileOf(sourceFile);
      byRange = native
        ? indexByRange<Node7>(native, (current, visit) =>
            current.forEachChild(visit, (children) => {
              for (const child of children) visit(child);
            }),
          )
        : null;
      this.nativeIndexes.set(sourceFile, byRange);
    }
    const kind = this.kindMap.get(node.kind);
    const found = byRange?.get(`${node.pos}:${node.end}`)?.find((candidate) => candidate.kind === kind);
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
  protected apparent(type: Type7): Type7 {
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

  protected isPromiseType(type: Type7): boolean {
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

  private isThenableNative(type: Type7, at: Node7): boolean {
    const cached = this.thenableByType.get(type.id);
    if (cached !== undefined) return cached;
    const result = this.apparentParts(type).some((part) => {
      const then = this.propertyOf(part, "then");
      if (!then) return false;
      const thenType = this.typeOfSymbolAtNative(then, at);
      return this.parts(thenType).some((owner) =>
        this.signaturesOf(owner, "call").some((signature) => {
          const [onFulfilled, onRejected] = signature.getParameters();
          return !!onFulfilled && !!onRejected && this.isCallableParameter(onFulfilled, at) && this.isCallableParameter(onRejected, at);
        }),
      );
    });
    this.thenableByType.set(type.id, result);
    return result;
  }

  private isCallableParameter(parameter: Api.Symbol, at: Node7): boolean {
    const type = this.typeOfSymbolAtNative(parameter, at);
    return this.parts(this.apparent(type)).some((t) => this.signaturesOf(t, "call").length > 0);
  }

  private isPromiseArray(type: Type7, isSafe: (element: Type7) => boolean): boolean {
    const isPromiseElement = (element: Type7 | undefined) => !!element && this.isPromiseType(element) && !isSafe(element);
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
        return files.some((file) => isFileOfPackage(file, specifier.package));
    }
  }
  // ---- names ----

  symbolAt(node: ts.Node): SymbolView | undefined {
    const symbol = this.symbolOf(node);
    return symbol && this.view(symbol);
  }

  private symbolOf(node: ts.Node): Api.Symbol | undefined {
    if (this.symbolByNode.has(node)) return this.symbolByNode.get(node);
    const native = this.nativeNode(node);
    const symbol = native && this.checker.getSymbolAtLocation(native);
    this.symbolByNode.set(node, symbol);
    return symbol;
  }

  prefetchSymbols(names: readonly ts.Node[]): void {
    const started = performance.now();
    const wanted: ts.Node[] = [];
    const nodes: Node7[] = [];
    for (const name of new Set(names)) {
      const node = this.symbolByNode.has(name) ? undefined : this.nativeNode(name);
      if (!node) continue;
      wanted.push(name);
      nodes.push(node);
    }
    if (nodes.length > 0) {
      const symbols = this.checker.getSymbolAtLocation(nodes);
      wanted.forEach((name, i) => this.symbolByNode.set(name, symbols[i]));
    }
    this.stats.questionMs += performance.now() - started;
  }

  shorthandValueSymbolAt(property: ts.ShorthandPropertyAssignment): SymbolView | undefined {
    const native = this.nativeNode(property);
    const symbol = native && this.checker.getShorthandAssignmentValueSymbol(native);
    return symbol && this.view(symbol);
  }

  private view(symbol: Api.Symbol): SymbolView {
    const flags = this.sync.SymbolFlags;
    let key = this.symbolKeys.get(symbol.id);
    if (!key) this.symbolKeys.set(symbol.id, (key = { symbolId: symbol.id }));
    return {
      key,
      isAlias: (symbol.flags & flags.Alias) !== 0,
      isModuleOnly: (symbol.flags & flags.ValueModule) !== 0 && !(symbol.flags & (flags.Variable | flags.Function | flags.Class)),
      declarations: () => symbol.declarations.map((handle) => this.ts6Declaration(handle)).filter((d): d is ts.Declaration => !!d),
      valueDeclaration: () => (symbol.valueDeclaration ? this.ts6Declaration(symbol.valueDeclaration) : undefined),
      aliased: () => {
        let target = this.aliasedById.get(symbol.id);
        if (!target) this.aliasedById.set(symbol.id, (target = this.checker.getAliasedSymbol(symbol)));
        return this.view(target);
      },
    };
  }

  /** A declaration the API hands back, as a node of a TypeScript 6 parse of its file. */
  private ts6Declaration(handle: Api.NodeHandle): ts.Declaration | undefined {
    const native = handle.resolve(this.project);
    if (!native || !this.linted) return undefined;
    return this.ts6Node(handle.path, native, this.linted) as ts.Declaration | undefined;
  }

  calleeMatchesSpecifier(callee: ts.Expression, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    const type = this.typeOf(callee);
    if (!type) return false;
    return specifiers.some((specifier) => this.valueMatchesSpecifier(callee, specifier, type) || this.typeMatchesSpecifier(type, specifier));
  }

  /** type-specifiers.ts's valueMatchesSpecifier: the callee's name, and for `package` where its type is declared. */
  private valueMatchesSpecifier(callee: ts.Expression, specifier: TypeOrValueSpecifier, type: Type7): boolean {
    if (!ts.isIdentifier(callee) && !ts.isPrivateIdentifier(callee)) return false;
    if (typeof specifier === "string") return specifier === callee.text;
    if (!(Array.isArray(specifier.name) ? specifier.name : [specifier.name]).includes(callee.text)) return false;
    if (specifier.from !== "package") return true;
    const files = ((type.getSymbol() ?? type.getAliasSymbol())?.declarations ?? []).map((d) => d.path as string);
    return files.some((file) => isFileOfPackage(file, specifier.package));
  }

  // ---- the operations type-answers.ts builds on ----

  protected typeAt(node: ts.Node): Type7 | undefined {
    return this.typeOf(node);
  }
  protected typeOfTypeNode(node: ts.TypeNode): Type7 | undefined {
    const native = this.nativeNode(node);
    return native && this.checker.getTypeFromTypeNode(native as Ast.TypeNode);
  }
  protected contextualTypeOf(expr: ts.Expression): Type7 | undefined {
    const native = this.nativeNode(expr);
    return native && this.checker.getContextualType(native as Ast.Expression);
  }
  protected isAnyOrUnknown(type: Type7): boolean {
    return (type.flags & (this.sync.TypeFlags.Any | this.sync.TypeFlags.Unknown)) !== 0;
  }
  protected isVoid(type: Type7): boolean {
    return (type.flags & this.sync.TypeFlags.Void) !== 0;
  }
  protected isStringOrNumberLike(type: Type7): boolean {
    return (type.flags & (this.sync.TypeFlags.StringLike | this.sync.TypeFlags.NumberLike)) !== 0;
  }
  protected isNumberLike(type: Type7): boolean {
    return (type.flags & this.sync.TypeFlags.NumberLike) !== 0;
  }
  protected unionMembers(type: Type7): readonly Type7[] | undefined {
    return type.isUnionType() ? type.getTypes() : undefined;
  }
  protected intersectionParts(type: Type7): readonly Type7[] | undefined {
    return type.isIntersectionType() ? type.getTypes() : undefined;
  }
  protected signaturesOf(type: Type7, kind: "call" | "construct"): readonly Api.Signature[] {
    const key = `${type.id}:${kind}`;
    let signatures = this.signaturesById.get(key);
    if (!signatures) {
      signatures = this.checker.getSignaturesOfType(type, kind === "call" ? this.sync.SignatureKind.Call : this.sync.SignatureKind.Construct);
      this.signaturesById.set(key, signatures);
    }
    return signatures;
  }
  protected returnTypeOf(signature: Api.Signature): Type7 | undefined {
    if (!this.returnTypeById.has(signature.id)) this.returnTypeById.set(signature.id, this.checker.getReturnTypeOfSignature(signature));
    return this.returnTypeById.get(signature.id);
  }
  protected parametersOf(signature: Api.Signature): readonly Api.Symbol[] {
    return signature.getParameters();
  }
  protected restIndexOf(signature: Api.Signature): number {
    return signature.hasRestParameter ? signature.getParameters().length - 1 : -1;
  }
  protected declarationOfSignature(signature: Api.Signature): ts.Node | undefined {
    return signature.declaration && this.ts6Declaration(signature.declaration);
  }
  protected resolvedSignatureOf(call: ts.CallExpression | ts.NewExpression): Api.Signature | undefined {
    const native = this.nativeNode(call);
    return native && this.checker.getResolvedSignature(native);
  }
  protected typeOfSymbolAt(symbol: Api.Symbol, at: ts.Node): Type7 | undefined {
    const native = this.nativeNode(at);
    return native ? this.typeOfSymbolAtNative(symbol, native) : this.checker.getTypeOfSymbol(symbol);
  }
  /**
   * getTypeOfSymbolAtLocation, once per symbol and location; once per symbol when the location is not a name (the
   * checker narrows only at a reference: elsewhere the answer is the symbol's type wherever it is asked).
   */
  private typeOfSymbolAtNative(symbol: Api.Symbol, native: Node7): Type7 {
    let byLocation = this.typeOfSymbolById.get(symbol.id);
    if (!byLocation) this.typeOfSymbolById.set(symbol.id, (byLocation = new Map()));
    const isName = native.kind === this.identifierKind || native.kind === this.privateIdentifierKind;
    const key = isName ? native : ANY_LOCATION;
    let type = byLocation.get(key);
    if (!type) byLocation.set(key, (type = this.checker.getTypeOfSymbolAtLocation(symbol, native)));
    return type;
  }
  protected propertyOf(type: Type7, name: string): Api.Symbol | undefined {
    const key = `${type.id}:${name}`;
    if (!this.propertyById.has(key)) this.propertyById.set(key, this.checker.getPropertyOfType(type, name));
    return this.propertyById.get(key);
  }
  protected propertyCount(type: Type7): number {
    return this.checker.getPropertiesOfType(type).length;
  }
  protected indexTypeOf(type: Type7, key: "string" | "number"): Type7 | undefined {
    const keyFlag = key === "string" ? this.sync.TypeFlags.String : this.sync.TypeFlags.Number;
    return this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags === keyFlag)?.valueType;
  }
  protected isArrayType(type: Type7): boolean {
    return type.isTypeReference() && this.checker.isArrayType(type);
  }
  protected isTupleType(type: Type7): boolean {
    return type.isTypeReference() && this.checker.isTupleType(type);
  }
  protected tupleHasRest(type: Type7): boolean {
    const target = type.isTypeReference() ? type.getTarget() : type;
    const rest = this.sync.ElementFlags.Rest | this.sync.ElementFlags.Variadic;
    return target.isTupleType() && target.elementFlags.some((flags) => (flags & rest) !== 0);
  }
  protected typeArgumentsOf(type: Type7): readonly Type7[] {
    return type.isTypeReference() ? this.checker.getTypeArguments(type) : [];
  }
  protected namesOf(type: Type7): { alias?: string; symbol?: string } {
    return { alias: type.getAliasSymbol()?.name, symbol: type.getSymbol()?.name };
  }
  protected symbolDeclarationsOf(type: Type7, aliasFirst: boolean): readonly ts.Declaration[] {
    const symbol = aliasFirst ? (type.getAliasSymbol() ?? type.getSymbol()) : type.getSymbol();
    return (symbol?.declarations ?? []).map((handle) => this.ts6Declaration(handle)).filter((d): d is ts.Declaration => !!d);
  }
  protected sameType(a: Type7, b: Type7): boolean {
    return a.id === b.id;
  }
  protected isThenableType(type: Type7, at: ts.Node): boolean {
    const native = this.nativeNode(at);
    return !!native && this.isThenableNative(type, native);
  }
  /**
   * The API has no getAwaitedType. For `await x` the checker's type of the await expression is the awaited type of
   * `x`'s; elsewhere a type awaits to itself when no member has a callable `then` and none is generic.
   */
  protected awaitsToItself(type: Type7, at: ts.Node): boolean {
    const parent = at.parent;
    if (parent && ts.isAwaitExpression(parent) && parent.expression === at) {
      const awaited = this.typeOf(parent);
      return !!awaited && awaited.id === type.id;
    }
    return this.parts(type).every((part) => {
      if (part.flags & this.sync.TypeFlags.Instantiable) return false;
      const then = this.propertyOf(this.apparent(part), "then");
      if (!then) return true;
      const thenType = this.typeOfSymbolAt(then, at);
      return !thenType || this.parts(thenType).every((t) => this.signaturesOf(t, "call").length === 0);
    });
  }
}

/** The key of a symbol's type asked at a location that is not a name. */
const ANY_LOCATION = Symbol("any location");

type IdCaches = ReturnType<typeof newIdCaches>;

function newIdCaches() {
  return {
    promiseByType: new Map<number, boolean>(),
    thenableByType: new Map<number, boolean>(),
    apparentById: new Map<number, Type7>(),
    elementsById: new Map<number, readonly Type7[] | undefined>(),
    signaturesById: new Map<string, readonly Api.Signature[]>(),
    returnTypeById: new Map<number, Type7 | undefined>(),
    propertyById: new Map<string, Api.Symbol | undefined>(),
    typeOfSymbolById: new Map<number, Map<Node7 | typeof ANY_LOCATION, Type7>>(),
  };
}

/** The id caches of each snapshot's project (a new snapshot has new projects, so they go with it). */
const cachesByProject = new WeakMap<Api.Project, IdCaches>();

/** Each project's own source files as TypeScript 6 parses (projectSourceFiles), per snapshot's project. */
const projectFiles = new WeakMap<Api.Project, ts.SourceFile[]>();

/** An error the native side reported for one request (it recovers from its panics and answers the next one). */
function isNativePanic(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("panic:");
}

/** A file installed as the package (or as its `@types` package). */
function isFileOfPackage(file: string, packageName: string): boolean {
  return file.includes(`/node_modules/${packageName}/`) || file.includes(`/node_modules/@types/${packageName.replace(/^@([^/]+)\//, "$1__")}/`);
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
