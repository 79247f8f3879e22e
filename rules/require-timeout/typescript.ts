import ts from "typescript";
import { truncateForDisplay } from "../core/display";
import {
  EVENT_LISTENER_METHODS,
  NODE_TIMEOUT_APIS,
  STREAM_DATA_EVENTS,
  TEST_RUNNERS_WITH_DEADLINE,
  TIMEOUT_DEFAULTS_ASSIGNMENTS,
  TIMEOUT_INSTANCE_FACTORIES,
  type TimeoutApi,
  type TimeoutInstanceFactory,
} from "../knowledge/node-timeouts";
import type { TsDetector, TsRuleContext } from "../lang/typescript/detector";
import { memberName, normalizeModuleName, type ResolvedValue, skipTransparent, TsResolver } from "../lang/typescript/resolve";
import { walkTree } from "../lang/typescript/walk";
import { fixesForDisabled, fixesForMissing, type OptionsLookup } from "./typescript-fixes";
import type { CustomTimeoutApi, RequireTimeoutMessageId, RequireTimeoutOptions } from "./meta";
import { type RequestUsage, samePath, UsageTracker } from "./typescript-usage";

export type Context = TsRuleContext<RequireTimeoutMessageId, RequireTimeoutOptions>;

export interface ApiMatch {
  api: TimeoutApi;
  resolved: ResolvedValue;
}

/** What the visible options say about the timeout. */
type OptionsVerdict =
  | { kind: "satisfied" }
  | { kind: "unknown" }
  | { kind: "missing" }
  | { kind: "disabled"; property: ts.PropertyAssignment; name: string };

export const detectMissingTimeouts: TsDetector<RequireTimeoutMessageId, RequireTimeoutOptions> = (context) => {
  // A test's own timeout is the deadline of everything it awaits.
  if (importsTestRunnerWithDeadline(context.sourceFile)) return {};
  const checker = new TimeoutChecker(context);
  return {
    [ts.SyntaxKind.CallExpression]: (node) => checker.checkCall(node as ts.CallExpression),
    [ts.SyntaxKind.NewExpression]: (node) => {
      checker.checkCall(node as ts.NewExpression);
      checker.checkPromise(node as ts.NewExpression);
    },
  };
};

/** `import { test } from "@playwright/test"` (types only too: a helper of such tests runs inside them). */
function importsTestRunnerWithDeadline(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    const specifier = ts.isImportDeclaration(statement)
      ? statement.moduleSpecifier
      : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        ? statement.moduleReference.expression
        : undefined;
    return specifier !== undefined && ts.isStringLiteral(specifier) && TEST_RUNNERS_WITH_DEADLINE.has(specifier.text);
  });
}

/** Per-file state: the table, resolvers and the `defaults.timeout` assignments the file (or program) makes. */
export class TimeoutChecker {
  private readonly table: TimeoutApi[];
  private defaultsIndex?: DefaultsIndex;
  private abortSignalShadowed?: boolean;
  readonly usage: UsageTracker;

  constructor(readonly context: Context) {
    this.table = [...NODE_TIMEOUT_APIS, ...context.options.apis.map(toApi)];
    this.usage = new UsageTracker(context.analysis.resolver, (expr) => this.resolveAll(expr));
  }

  /** What an expression refers to (a list: knowledge tables may match more than one reading). */
  resolveAll(expression: ts.Expression): ResolvedValue[] {
    const resolved = this.context.analysis.resolver.resolve(expression);
    return resolved ? [resolved] : [];
  }

  checkCall(call: ts.CallExpression | ts.NewExpression): void {
    const match = this.match(call);
    if (!match) {
      this.checkInstanceCreation(call);
      return;
    }
    const { api } = match;
    if (api.placement.kind === "chained-method") {
      const usage = this.usage.follow(call, new Set(api.placement.methods));
      if (usage.timeout || usage.escapes) return;
      this.reportMissing(call, match, { kind: "none" }, usage);
      return;
    }
    const placement = api.placement;
    const args = call.arguments ?? ts.factory.createNodeArray();
    if (placement.inputMayCarrySignal && args[0] && this.mayCarrySignal(args[0])) return;
    const lookup = this.findOptions(args, placement.arguments);
    if (lookup.kind === "unknown") return;
    const verdict = lookup.kind === "object" ? judgeObject(lookup.object, placement.properties, api.defaultMs, this.isGlobalId) : ({ kind: "missing" } as const);
    if (verdict.kind === "satisfied" || verdict.kind === "unknown") return;
    if (verdict.kind === "disabled") {
      this.context.report({
        range: rangeOf(verdict.property, this.context.sourceFile),
        messageId: "disabledTimeout",
        data: {
          callee: calleeText(call, this.context.sourceFile),
          setting: `${verdict.name}: ${verdict.property.initializer.getText(this.context.sourceFile)}`,
          consequence: api.consequence,
          remedy: api.remedy,
        },
        fixes: () => fixesForDisabled(this, api, verdict.property, verdict.name),
        severity: api.severity,
      });
      return;
    }
    if (api.defaultMs !== undefined) return;
    if (placement.kind === "config-property" && this.configuredElsewhere(call, match)) return;
    const usage = this.usage.follow(call, new Set(placement.returnedMethods ?? []), api.streamingBody);
    if (placement.returnedMethods && (usage.timeout || usage.escapes)) return;
    if (api.eventWait && (!namesLiteralEvent(args[1]) || this.usage.waitIsBounded(call))) return;
    if (this.usage.isRaced(call)) return;
    this.reportMissing(call, match, lookup, usage);
  }

  private reportMissing(call: ts.CallExpression | ts.NewExpression, match: ApiMatch, lookup: OptionsLookup, usage: RequestUsage): void {
    const { api } = match;
    this.context.report({
      range: rangeOf(call.expression, this.context.sourceFile, ts.isNewExpression(call) ? call.getStart(this.context.sourceFile) : undefined),
      messageId: "missingTimeout",
      data: { callee: calleeText(call, this.context.sourceFile), consequence: api.consequence, remedy: api.remedy },
      fixes: () => fixesForMissing(this, call, api, lookup, usage),
      // The table declares whether the API's fix can be safe; the request's usage decides when it is built.
      maySafelyFix: api.fix !== undefined && api.fix.safety !== "suggestion",
      severity: api.severity,
    });
  }

  /** `Infinity` and `undefined` mean the globals only where no parameter or variable shadows them. */
  readonly isGlobalId = (id: ts.Identifier): boolean => this.context.analysis.resolver.isGlobal(id);

  /**
   * `axios.create(config)` / `got.extend(options)` with no timeout: reported once, where the instance is made, and
   * not again at each call through it. Not when the module's defaults get a timeout in a module this one imports,
   * or the instance's own `defaults.timeout` is set.
   */
  private checkInstanceCreation(creation: ts.CallExpression | ts.NewExpression): void {
    if (!ts.isCallExpression(creation)) return;
    const found = this.factoryOf(creation);
    const report = found?.factory.atCreation;
    if (!found || !report || found.resolved.kind !== "module") return;
    const { factory } = found;
    const args = creation.arguments;
    if (args.some((a) => ts.isSpreadElement(a))) return;
    const positions = factory.arguments === "all" ? args.map((_, i) => i) : factory.arguments;
    let options: ts.ObjectLiteralExpression | undefined;
    for (const position of positions) {
      const argument = args[position];
      if (!argument) continue;
      const expr = skipTransparent(argument);
      const object = ts.isObjectLiteralExpression(expr) ? expr : this.singleUseObject(expr);
      // Config built elsewhere may set the timeout.
      if (!object) return;
      const verdict = judgeObject(object, factory.properties, undefined, this.isGlobalId);
      if (verdict.kind === "satisfied" || verdict.kind === "unknown") return;
      options ??= object;
      if (verdict.kind === "disabled") {
        const api = creationApi(factory, report);
        this.context.report({
          range: rangeOf(verdict.property, this.context.sourceFile),
          messageId: "disabledTimeout",
          data: {
            callee: calleeText(creation, this.context.sourceFile),
            setting: `${verdict.name}: ${verdict.property.initializer.getText(this.context.sourceFile)}`,
            consequence: report.consequence,
            remedy: report.remedy,
          },
          fixes: () => fixesForDisabled(this, api, verdict.property, verdict.name),
        });
        return;
      }
    }
    if (this.defaultsCover(found.resolved.module)) return;
    const holder = creationHolder(creation);
    if (holder && this.defaults().instances.has(holder)) return;
    const api = creationApi(factory, report);
    const lookup: OptionsLookup = options ? { kind: "object", object: options } : { kind: "none" };
    this.context.report({
      range: rangeOf(creation.expression, this.context.sourceFile),
      messageId: "missingTimeout",
      data: { callee: calleeText(creation, this.context.sourceFile), consequence: report.consequence, remedy: report.remedy },
      fixes: () => fixesForMissing(this, creation, api, lookup, NO_USAGE),
    });
  }

  /** The table row for a call, matched by where its callee comes from. */
  match(call: ts.CallExpression | ts.NewExpression): ApiMatch | undefined {
    const construct = ts.isNewExpression(call);
    for (const resolved of this.resolveAll(call.expression)) {
      const api = this.table.find((row) => !!row.construct === construct && rowMatches(row, resolved));
      if (api) return { api, resolved };
    }
    return undefined;
  }

  /**
   * The options object among the given argument positions: the first object literal (or a `const` holding
   * one that only this call uses). Strings, numbers, URLs and callbacks are skipped; anything else might be
   * the options, so the call cannot be judged.
   */
  findOptions(args: ts.NodeArray<ts.Expression>, positions: readonly number[]): OptionsLookup {
    for (const position of positions) {
      if (args.slice(0, position + 1).some((a) => ts.isSpreadElement(a))) return { kind: "unknown" };
      const argument = args[position];
      if (!argument) return { kind: "none" };
      const expr = skipTransparent(argument);
      if (ts.isObjectLiteralExpression(expr)) return { kind: "object", object: expr };
      const local = this.singleUseObject(expr);
      if (local) return { kind: "object", object: local };
      if (this.isNotOptions(expr)) continue;
      // `axios(address, { method })`: with an options object at a later position, this one is the URL.
      if (positions.some((later) => later > position && args[later] !== undefined && ts.isObjectLiteralExpression(skipTransparent(args[later])))) continue;
      return { kind: "unknown" };
    }
    return { kind: "none" };
  }

  /** `const init = { ... }` whose only use is this argument: as visible as writing the literal inline. */
  singleUseObject(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    if (!ts.isIdentifier(expr)) return undefined;
    const declaration = this.context.analysis.resolver.declarationOf(expr);
    if (declaration === "global" || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
    const statement = list.parent;
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
    if (declaration.type) return undefined;
    const initializer = declaration.initializer && skipTransparent(declaration.initializer);
    if (!initializer || !ts.isObjectLiteralExpression(initializer)) return undefined;
    const references = this.usage.referencesOf(declaration);
    return references.length === 1 && references[0] === expr ? initializer : undefined;
  }

  /** A string, number, URL or callback: never an options object. */
  isNotOptions(expr: ts.Expression): boolean {
    if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr) || ts.isNumericLiteral(expr)) return true;
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return true;
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return this.isNotOptions(skipTransparent(expr.left)) || this.isNotOptions(skipTransparent(expr.right));
    }
    if (ts.isNewExpression(expr) && this.isGlobalNamed(expr.expression, "URL")) return true;
    const checker = this.context.checker;
    if (checker) {
      const type = checker.getTypeAtLocation(expr);
      if (isStringOrNumberType(type)) return true;
      if (type.getCallSignatures().length > 0 && type.getProperties().length === 0) return true;
      if (isNamedGlobalType(type, "URL")) return true;
      return false;
    }
    if (ts.isIdentifier(expr)) {
      const declaration = this.context.analysis.resolver.declarationOf(expr);
      if (declaration === "global") return false;
      if ((ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) && ts.isIdentifier(declaration.name)) {
        if (declaration.type) return isStringOrUrlAnnotation(declaration.type);
        const init = declaration.initializer && skipTransparent(declaration.initializer);
        if (init && ts.isVariableDeclaration(declaration) && declaration.parent.flags & ts.NodeFlags.Const) return this.isNotOptions(init);
        if (init && ts.isParameter(declaration)) return ts.isStringLiteralLike(init) || ts.isTemplateExpression(init);
      }
    }
    return false;
  }

  /** `fetch(request)`: a Request object may carry its own signal. */
  private mayCarrySignal(argument: ts.Expression): boolean {
    const expr = skipTransparent(argument);
    if (ts.isNewExpression(expr)) return this.isGlobalNamed(expr.expression, "Request");
    const checker = this.context.checker;
    if (checker) {
      const type = checker.getTypeAtLocation(expr);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
      return (type.isUnion() ? type.types : [type]).some((t) => t.getProperty("signal") !== undefined);
    }
    if (ts.isIdentifier(expr)) {
      const declaration = this.context.analysis.resolver.declarationOf(expr);
      if (declaration === "global") return false;
      if ((ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) && declaration.type) return mentionsRequestType(declaration.type);
      const init = ts.isVariableDeclaration(declaration) && declaration.initializer && skipTransparent(declaration.initializer);
      return !!init && ts.isNewExpression(init) && this.isGlobalNamed(init.expression, "Request");
    }
    return false;
  }

  isGlobalNamed(expression: ts.Expression, name: string): boolean {
    const expr = skipTransparent(expression);
    return ts.isIdentifier(expr) && expr.text === name && this.context.analysis.resolver.isGlobal(expr);
  }

  /** An axios/got call whose instance was created with a timeout, or whose defaults get one. */
  private configuredElsewhere(call: ts.CallExpression | ts.NewExpression, match: ApiMatch): boolean {
    const { resolved } = match;
    if (resolved.kind === "module") return this.defaultsCover(resolved.module);
    const callee = skipTransparent(call.expression);
    const receiver = resolved.kind === "instance" ? callee : ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
    if (!receiver) return true;
    return this.instanceHasTimeout(receiver, 0) !== "no";
  }

  private instanceHasTimeout(receiver: ts.Expression, depth: number): "yes" | "no" | "unknown" {
    if (depth > 8) return "unknown";
    const expr = skipTransparent(receiver);
    let creation: ts.Expression | undefined = expr;
    if (ts.isIdentifier(expr)) {
      const declaration = this.variableDeclarationOf(expr);
      if (!declaration) return "unknown";
      if (this.defaults().instances.has(declaration)) return "yes";
      creation = declaration.initializer && skipTransparent(declaration.initializer);
      if (creation && ts.isIdentifier(creation)) return this.instanceHasTimeout(creation, depth + 1);
    }
    if (!creation || !(ts.isCallExpression(creation) || ts.isNewExpression(creation))) return "unknown";
    const factoryMatch = this.factoryOf(creation);
    if (!factoryMatch) return "unknown";
    const { factory, resolved } = factoryMatch;
    const own = judgeFactoryArguments(creation.arguments ?? ts.factory.createNodeArray(), factory, this.isGlobalId);
    if (own !== "no") return own;
    // Its creation is reported (or covered by defaults): the calls through it are not reported again.
    if (resolved.kind === "module" && factory.atCreation) return "yes";
    if (resolved.kind === "module") return this.defaultsCover(resolved.module) ? "yes" : "no";
    const callee = skipTransparent(creation.expression);
    return ts.isPropertyAccessExpression(callee) ? this.instanceHasTimeout(callee.expression, depth + 1) : "unknown";
  }

  private factoryOf(creation: ts.CallExpression | ts.NewExpression): { factory: TimeoutInstanceFactory; resolved: ResolvedValue } | undefined {
    for (const resolved of this.resolveAll(creation.expression)) {
      const factory = TIMEOUT_INSTANCE_FACTORIES.find((f) =>
        resolved.kind === "module"
          ? f.module === resolved.module && f.names.includes(withoutDefault(resolved.path).join("."))
          : resolved.kind === "instance-member" && f.type === resolved.type && f.names.includes(resolved.member),
      );
      if (factory) return { factory, resolved };
    }
    return undefined;
  }

  /** The variable an instance identifier refers to; in typed mode across files. */
  private variableDeclarationOf(id: ts.Identifier): ts.VariableDeclaration | undefined {
    const checker = this.context.checker;
    if (checker) {
      let symbol = checker.getSymbolAtLocation(id);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration)) return declaration;
    }
    const declaration = this.context.analysis.resolver.declarationOf(id);
    return declaration !== "global" && ts.isVariableDeclaration(declaration) ? declaration : undefined;
  }

  /**
   * Whether `<module>.defaults.timeout = ms` runs before this file's requests: set in this file, or (typed mode) in
   * a module this file imports, directly or through other modules. A setup file nobody imports (a test setup, a
   * script) configures only itself.
   */
  private defaultsCover(module: string): boolean {
    const setters = this.defaults().modules.get(module);
    if (!setters) return false;
    if (setters.has(this.context.sourceFile.fileName)) return true;
    const program = this.context.program;
    return !!program && importersOf(program, module, setters).has(this.context.sourceFile.fileName);
  }

  /** `axios.defaults.timeout = ms` and `instance.defaults.timeout = ms`: in the file, or in typed mode in the program. */
  private defaults(): DefaultsIndex {
    if (this.defaultsIndex) return this.defaultsIndex;
    const program = this.context.program;
    if (program) {
      let index = programDefaults.get(program);
      if (!index) {
        index = { modules: new Map(), instances: new Set() };
        const checker = program.getTypeChecker();
        for (const file of program.getSourceFiles()) {
          if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
          collectDefaults(file, new TsResolver(), checker, index);
        }
        programDefaults.set(program, index);
      }
      return (this.defaultsIndex = index);
    }
    const index: DefaultsIndex = { modules: new Map(), instances: new Set() };
    collectDefaults(this.context.sourceFile, this.context.analysis.resolver, undefined, index);
    return (this.defaultsIndex = index);
  }

  /** Fixes may not write `AbortSignal` where the file declares its own. */
  canUseAbortSignal(): boolean {
    if (this.abortSignalShadowed === undefined) {
      const file = this.context.sourceFile;
      this.abortSignalShadowed = file.text.includes("AbortSignal") && declaresName(file, "AbortSignal");
    }
    return !this.abortSignalShadowed;
  }

  /** `new Promise((resolve) => emitter.on("done", resolve))` with nothing that could end the wait otherwise. */
  checkPromise(expression: ts.NewExpression): void {
    if (!this.isGlobalNamed(expression.expression, "Promise")) return;
    const executor = expression.arguments?.[0] && skipTransparent(expression.arguments[0]);
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return;
    const settlers = executor.parameters.slice(0, 2).map((p) => p.name);
    const resolveName = settlers[0];
    if (!resolveName || !ts.isIdentifier(resolveName)) return;
    const settlerDeclarations = new Set<ts.Node>(executor.parameters.slice(0, 2));
    const resolver = this.context.analysis.resolver;
    const isSettler = (node: ts.Node, onlyResolve: boolean): boolean =>
      ts.isIdentifier(node) && (onlyResolve ? node.text === resolveName.text : true) && settlerDeclarations.has(resolver.declarationOf(node) as ts.Node);

    let wait: ts.CallExpression | undefined;
    let escape = false;
    walkTree(executor.body, (node) => {
      // A request made inside is judged on its own; its timeout, or its finding, covers the wait for it.
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && this.match(node)) {
        escape = true;
        return "stop";
      }
      if (ts.isCallExpression(node)) {
        const callee = skipTransparent(node.expression);
        if (this.usage.isTimer(callee) || (ts.isPropertyAccessExpression(callee) && callee.name.text === "setTimeout")) {
          escape = true;
          return "stop";
        }
        const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        const isListener = method !== undefined && EVENT_LISTENER_METHODS.has(method);
        const listener = node.arguments[1] && skipTransparent(node.arguments[1]);
        const event = node.arguments[0] && skipTransparent(node.arguments[0]);
        if (isListener && event && ts.isStringLiteralLike(event) && STREAM_DATA_EVENTS.has(event.text)) {
          escape = true;
          return "stop";
        }
        if (isListener && listener && (isSettler(listener, true) || (isFunction(listener) && callsIdentifier(listener, (id) => isSettler(id, true))))) {
          wait ??= node;
        } else if (!isListener && node.arguments.some((a) => isSettler(skipTransparent(a), false))) {
          // resolve/reject handed to other code (a callback API, a timer helper): another way out.
          escape = true;
          return "stop";
        }
      }
      if (ts.isIdentifier(node) && node.text === "AbortSignal" && this.context.analysis.resolver.isGlobal(node)) escape = true;
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && ["signal", "timeout"].includes(node.name.text)) {
        escape = true;
      }
      return escape ? "stop" : undefined;
    });
    if (!wait || escape || !namesLiteralEvent(wait.arguments[0])) return;
    if (this.usage.waitIsBounded(expression)) return;
    const found: ts.CallExpression = wait;
    const listenerCallee = skipTransparent(found.expression) as ts.PropertyAccessExpression;
    const event = found.arguments[0] && skipTransparent(found.arguments[0]);
    const sourceFile = this.context.sourceFile;
    this.context.report({
      range: { start: expression.getStart(sourceFile), end: expression.expression.end },
      messageId: "eventWait",
      data: {
        event: event && ts.isStringLiteralLike(event) ? event.text : event ? event.getText(sourceFile) : "?",
        emitter: shorten(listenerCallee.expression.getText(sourceFile)),
      },
      severity: "info",
    });
  }
}

interface DefaultsIndex {
  /** Per module (`axios`), the files that set its defaults' timeout. */
  modules: Map<string, Set<string>>;
  instances: Set<ts.Node>;
}

const programDefaults = new WeakMap<ts.Program, DefaultsIndex>();
const programImporters = new WeakMap<ts.Program, Map<string, Set<string>>>();

/** The files of the program that import one of `setters`, directly or transitively (the setters included). */
function importersOf(program: ts.Program, module: string, setters: ReadonlySet<string>): Set<string> {
  let byModule = programImporters.get(program);
  if (!byModule) programImporters.set(program, (byModule = new Map()));
  let importers = byModule.get(module);
  if (importers) return importers;
  const importedBy = new Map<string, string[]>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    for (const target of importedFiles(program, file)) {
      const list = importedBy.get(target);
      if (list) list.push(file.fileName);
      else importedBy.set(target, [file.fileName]);
    }
  }
  importers = new Set(setters);
  const queue = [...setters];
  while (queue.length > 0) {
    for (const importer of importedBy.get(queue.pop()!) ?? []) {
      if (importers.has(importer)) continue;
      importers.add(importer);
      queue.push(importer);
    }
  }
  byModule.set(module, importers);
  return importers;
}

/** Files a module imports: `import`, `export ... from`, `import x = require()`, `require()` and `import()` with a literal. */
function importedFiles(program: ts.Program, file: ts.SourceFile): string[] {
  const files: string[] = [];
  const add = (specifier: ts.Expression | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const resolved = ts.resolveModuleName(specifier.text, file.fileName, program.getCompilerOptions(), ts.sys, moduleResolutionCache(program)).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport) files.push(resolved.resolvedFileName);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.arguments.length === 1 && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      add(node.arguments[0]);
    }
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) ts.forEachChild(node, visit);
  };
  if (file.text.includes("import") || file.text.includes("require")) visit(file);
  return files;
}

const resolutionCaches = new WeakMap<ts.Program, ts.ModuleResolutionCache>();
function moduleResolutionCache(program: ts.Program): ts.ModuleResolutionCache {
  let cache = resolutionCaches.get(program);
  if (!cache) {
    cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), program.getCompilerOptions());
    resolutionCaches.set(program, cache);
  }
  return cache;
}

/** What a `<factory>(...)` creation finding says and suggests, as a table row for the fixes. */
function creationApi(factory: TimeoutInstanceFactory, report: NonNullable<TimeoutInstanceFactory["atCreation"]>): TimeoutApi {
  const positions = factory.arguments === "all" ? [0] : factory.arguments;
  return {
    library: report.library,
    module: factory.module,
    names: factory.names,
    placement: { kind: "config-property", arguments: positions, insertAt: positions[0], properties: factory.properties },
    consequence: report.consequence,
    remedy: report.remedy,
    // A suggestion: the deadline then applies to every request through the instance, long ones included.
    fix: { property: report.property, value: report.value, safety: "suggestion" },
    replaceDisabled: { [report.property]: report.value },
  };
}

/** The variable an instance is stored in: `const api = axios.create()`. */
function creationHolder(creation: ts.CallExpression): ts.VariableDeclaration | undefined {
  let node: ts.Node = creation;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  return ts.isVariableDeclaration(node.parent) && node.parent.initializer === node ? node.parent : undefined;
}

/** A creation is not a request: the fix's safety does not depend on how a response is read. */
const NO_USAGE: RequestUsage = { timeout: false, escapes: false, errorListener: false, readsBody: false };

function collectDefaults(file: ts.SourceFile, resolver: TsResolver, checker: ts.TypeChecker | undefined, index: DefaultsIndex): void {
  if (!file.text.includes("defaults")) return;
  const isGlobal = (id: ts.Identifier) => resolver.isGlobal(id);
  walkTree(file, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && !isDisablingValue(skipTransparent(node.right), isGlobal)) {
      const path: string[] = [];
      let target: ts.Expression = skipTransparent(node.left);
      while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
        const name = memberName(target);
        if (name === undefined) break;
        path.unshift(name);
        target = skipTransparent(target.expression);
        const assignment = TIMEOUT_DEFAULTS_ASSIGNMENTS.find((a) => samePath(a.path, path));
        if (!assignment) continue;
        const owner = resolver.resolve(target);
        if (owner?.kind === "module" && owner.module === assignment.module && withoutDefault(owner.path).length === 0) {
          const setters = index.modules.get(assignment.module);
          if (setters) setters.add(file.fileName);
          else index.modules.set(assignment.module, new Set([file.fileName]));
        }
        if (owner?.kind === "instance" && owner.type === assignment.type && ts.isIdentifier(target)) {
          const declaration = instanceDeclaration(target, resolver, checker);
          if (declaration) index.instances.add(declaration);
        }
        break;
      }
    }
  });
}

function instanceDeclaration(id: ts.Identifier, resolver: TsResolver, checker: ts.TypeChecker | undefined): ts.Node | undefined {
  if (checker) {
    let symbol = checker.getSymbolAtLocation(id);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (symbol?.valueDeclaration && ts.isVariableDeclaration(symbol.valueDeclaration)) return symbol.valueDeclaration;
  }
  const declaration = resolver.declarationOf(id);
  return declaration !== "global" && ts.isVariableDeclaration(declaration) ? declaration : undefined;
}

function rowMatches(row: TimeoutApi, resolved: ResolvedValue): boolean {
  if (resolved.kind === "module") return row.module === resolved.module && row.names.includes(withoutDefault(resolved.path).join("."));
  if (resolved.kind === "instance-member") return row.type === resolved.type && row.names.includes(resolved.member);
  return row.type === resolved.type && row.names.includes("");
}

/** `require("axios").default.get` is `axios.get`: a CommonJS interop `default` names the module itself. */
function withoutDefault(path: readonly string[]): string[] {
  return path[0] === "default" ? path.slice(1) : [...path];
}

/** What a visible options object says about the timeout properties. */
function judgeObject(object: ts.ObjectLiteralExpression, properties: readonly string[], defaultMs: number | undefined, isGlobal: (id: ts.Identifier) => boolean): OptionsVerdict {
  let satisfied = false;
  let disabled: { property: ts.PropertyAssignment; name: string } | undefined;
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) return { kind: "unknown" };
    const name = propertyNameOf(property);
    if (name === undefined) return { kind: "unknown" };
    if (!properties.includes(name)) continue;
    if (ts.isPropertyAssignment(property) && isDisablingValue(skipTransparent(property.initializer), isGlobal)) disabled ??= { property, name };
    else satisfied = true;
  }
  if (defaultMs !== undefined) return disabled ? { kind: "disabled", ...disabled } : { kind: "satisfied" };
  if (satisfied) return { kind: "satisfied" };
  return disabled ? { kind: "disabled", ...disabled } : { kind: "missing" };
}

/** The config arguments of `axios.create(...)` / `got.extend(...)`: "yes" when one sets a timeout. */
function judgeFactoryArguments(args: ts.NodeArray<ts.Expression>, factory: TimeoutInstanceFactory, isGlobal: (id: ts.Identifier) => boolean): "yes" | "no" | "unknown" {
  const positions = factory.arguments === "all" ? args.map((_, i) => i) : factory.arguments;
  let result: "no" | "unknown" = "no";
  for (const position of positions) {
    const argument = args[position];
    if (!argument) continue;
    const expr = skipTransparent(argument);
    if (!ts.isObjectLiteralExpression(expr)) {
      result = "unknown";
      continue;
    }
    const verdict = judgeObject(expr, factory.properties, undefined, isGlobal);
    if (verdict.kind === "satisfied") return "yes";
    if (verdict.kind === "unknown") result = "unknown";
  }
  return result;
}

function propertyNameOf(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/**
 * `0`, `Infinity` (or a literal too big for a double: `1e999`), `Number.POSITIVE_INFINITY`, `null`, `undefined`,
 * `false`: no timeout at all. `Infinity`, `undefined` and `Number` must be the globals (`isGlobal`), not a parameter
 * of that name.
 */
export function isDisablingValue(expr: ts.Expression, isGlobal: (id: ts.Identifier) => boolean): boolean {
  if (ts.isNumericLiteral(expr)) return Number(expr.text) === 0 || Number(expr.text) === Infinity;
  if (expr.kind === ts.SyntaxKind.NullKeyword || expr.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isIdentifier(expr)) return (expr.text === "Infinity" || expr.text === "undefined") && isGlobal(expr);
  return ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "Number" && expr.name.text === "POSITIVE_INFINITY" && isGlobal(expr.expression);
}

function isStringOrNumberType(type: ts.Type): boolean {
  const flags = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike;
  if (type.isUnion()) return type.types.every((t) => (t.flags & flags) !== 0 || isNamedGlobalType(t, "URL"));
  return (type.flags & flags) !== 0;
}

function isNamedGlobalType(type: ts.Type, name: string): boolean {
  const symbol = type.getSymbol();
  return !!symbol && symbol.getName() === name && (symbol.declarations ?? []).some((d) => d.getSourceFile().isDeclarationFile);
}

function isStringOrUrlAnnotation(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.NumberKeyword) return true;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName.text === "URL";
  if (ts.isUnionTypeNode(type)) return type.types.every(isStringOrUrlAnnotation);
  if (ts.isLiteralTypeNode(type)) return ts.isStringLiteral(type.literal);
  return false;
}

/**
 * A wait for an event named by a literal. A helper that waits for whatever event its caller names
 * (`emitted(name)`) leaves the choice, and the deadline, to its callers.
 */
function namesLiteralEvent(argument: ts.Expression | undefined): boolean {
  return !!argument && ts.isStringLiteralLike(skipTransparent(argument));
}

function mentionsRequestType(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(mentionsRequestType);
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Request";
}

function isFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function callsIdentifier(root: ts.Node, matches: (id: ts.Identifier) => boolean): boolean {
  let found = false;
  walkTree(root, (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && matches(node.expression)) {
      found = true;
      return "stop";
    }
  });
  return found;
}

function declaresName(file: ts.SourceFile, name: string): boolean {
  let found = false;
  walkTree(file, (node) => {
    const declared = (node as ts.NamedDeclaration).name;
    if (
      declared &&
      ts.isIdentifier(declared) &&
      declared.text === name &&
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isImportSpecifier(node) ||
        ts.isImportClause(node) ||
        ts.isNamespaceImport(node) ||
        ts.isBindingElement(node) ||
        ts.isImportEqualsDeclaration(node) ||
        ts.isEnumDeclaration(node))
    ) {
      found = true;
      return "stop";
    }
  });
  return found;
}

function toApi(custom: CustomTimeoutApi): TimeoutApi {
  const module = normalizeModuleName(custom.module);
  const name = withoutDefault(custom.name === "" ? [] : custom.name.split(".")).join(".");
  const common = { library: module, module, names: [name], consequence: "it has no timeout, so a stalled peer holds it forever" };
  if (custom.chainedMethod !== undefined) {
    return {
      ...common,
      placement: { kind: "chained-method", methods: [custom.chainedMethod] },
      remedy: `Chain \`.${custom.chainedMethod}(ms)\``,
      fix: { chain: `.${custom.chainedMethod}({{ms}})`, safety: "suggestion" },
    };
  }
  const property = custom.property ?? "timeout";
  const position = custom.optionsArgument ?? 0;
  return {
    ...common,
    placement: { kind: "config-property", arguments: [position], insertAt: position, properties: [property] },
    remedy: `Set \`${property}\` in its options`,
    fix: { property, value: "{{ms}}", safety: "suggestion" },
    replaceDisabled: { [property]: "{{ms}}" },
  };
}

function calleeText(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): string {
  const text = skipTransparent(call.expression).getText(sourceFile).replace(/\s+/g, "");
  return (ts.isNewExpression(call) ? "new " : "") + shorten(text);
}

function shorten(text: string): string {
  const compact = text.replace(/\s+/g, "");
  return truncateForDisplay(compact);
}

function rangeOf(node: ts.Node, sourceFile: ts.SourceFile, start?: number): { start: number; end: number } {
  return { start: start ?? node.getStart(sourceFile), end: node.end };
}
