import { truncateForDisplay } from "../core/display";
import type { Fix, TextEdit } from "../core/model";
import { PY_BLOCKING_CALLS } from "../knowledge/python-blocking";
import {
  PY_TIMEOUT_APIS,
  PY_TIMEOUT_OBJECTS,
  PY_STREAMING_USE,
  PY_TIMEOUT_SCOPES,
  PY_TIMEOUT_WRAPPERS,
  type PyTimeoutApi,
  type PyTimeoutValue,
} from "../knowledge/python-timeouts";
import type { PyDetector, PyRuleContext } from "../lang/python/detector";
import { argumentAt, displayCallee } from "../lang/python/edits";
import { classOfMethod, methodClassOfReceiver, qualifiedName, type PyValue, skipParentheses } from "../lang/python/resolve";
import type { PyNode } from "../lang/python/tree";
import type { RequireTimeoutMessageId, RequireTimeoutOptions } from "./meta";
import { addKeywordArgumentEdits, secondsText } from "./python-fixes";

type Context = PyRuleContext<RequireTimeoutMessageId, RequireTimeoutOptions>;

interface ApiMatch {
  api: PyTimeoutApi;
  value: PyValue;
  /** The receiver's type is known only from a parameter annotation: it was created elsewhere. */
  annotated: boolean;
  /** For methods: the object they are called on. */
  receiver?: PyNode;
}

/** What a call's arguments say about its timeout. */
type Verdict =
  | { kind: "satisfied" }
  /** A `**kwargs` (or a `*args` reaching the timeout's position) may carry one. */
  | { kind: "unknown" }
  | { kind: "missing" }
  /** `timeout=None`, or a timeout object with every field `None`. */
  | { kind: "disabled"; argument: PyNode; value: PyNode };


export const detectPythonMissingTimeouts: PyDetector<RequireTimeoutMessageId, RequireTimeoutOptions> = (context) => {
  const checker = new PyTimeoutChecker(context);
  return { call: (call) => checker.check(call) };
};

class PyTimeoutChecker {
  private streams?: boolean;
  private readonly boundedByCallers = new Map<PyNode, boolean>();
  private aliasNames?: Set<string>;

  constructor(private readonly context: Context) {}

  check(call: PyNode): void {
    const callee = call.child("function");
    if (!callee) return;
    // Resolving every call would build the file's scopes for nothing: only names the table has can match.
    const target = skipParentheses(callee);
    const lastName = target.type === "attribute" ? target.child("attribute")?.text : target.type === "identifier" ? target.text : undefined;
    if (lastName === undefined || !(API_NAMES.has(lastName) || this.aliases().has(lastName))) return;
    // websockets.connect has two rows: `open_timeout` and `ping_timeout`.
    for (const match of this.matches(callee)) this.checkAgainst(call, target, match);
  }

  private checkAgainst(call: PyNode, target: PyNode, match: ApiMatch): void {
    const { api } = match;
    const { coroutines } = this.context.analysis;
    const coroutine = coroutines.coroutineOf(call);
    // Inside a coroutine no-blocking-call reports the blocking call itself; one call is never reported twice.
    if (api.synchronous && coroutine && !match.annotated && reportedAsBlocking(match.value)) return;
    if (api.awaitedOnly && !this.isAwaited(call)) return;
    const verdict = this.judge(call, api);
    if (verdict.kind === "satisfied" || verdict.kind === "unknown") return;
    if (verdict.kind === "missing") {
      if (api.absent === "library-default") return;
      if (api.absent === "flag-when-visible" && (match.annotated || (match.receiver && api.configuredBy && this.sessionConfigured(match.receiver, api.configuredBy)))) return;
      if (api.requests && this.everyRequestTimed(call, api.requests)) return;
      if (api.processDefaultSetBy?.test(this.context.text)) return;
    }
    if (coroutine && this.boundedFromOutside(call, coroutine)) return;
    if (verdict.kind === "missing") {
      this.context.report({
        range: target.range,
        messageId: api.longDefault ? "longDefaultTimeout" : "missingTimeout",
        data: { callee: displayCallee(target), keyword: api.keyword, consequence: api.consequence, remedy: api.remedy },
        fixes: () => this.fixesForMissing(call, api),
        // Safe unless the table asks for a wrapper or the response streams (decided when the fix is built).
        maySafelyFix: !api.wrapFix && api.fix !== undefined,
      });
      return;
    }
    this.context.report({
      range: verdict.argument.range,
      messageId: "disabledTimeout",
      data: {
        callee: displayCallee(target),
        setting: shorten(verdict.argument.text),
        consequence: api.disabledConsequence ?? api.consequence,
        remedy: api.remedy,
      },
      fixes: () => this.fixesForDisabled(call, api, verdict.value),
    });
  }

  /**
   * Awaited where it is called: directly, or as the awaitable of an awaited `asyncio.wait_for(...)` (whose
   * timeout `boundedFromOutside` then judges).
   */
  private isAwaited(call: PyNode): boolean {
    if (isAwaitedDirectly(call)) return true;
    let node = call;
    while (node.parent?.type === "parenthesized_expression") node = node.parent;
    const wrapper = node.parent?.type === "argument_list" ? node.parent.parent : undefined;
    if (wrapper?.type !== "call") return false;
    const name = qualifiedName(this.context.analysis.resolver.resolve(wrapper.child("function")!));
    const spec = PY_TIMEOUT_WRAPPERS.find((w) => w.callee === name);
    return !!spec && argumentAt(wrapper, spec.awaitable.position, spec.awaitable.keyword) === node && isAwaitedDirectly(wrapper);
  }

  /** The table row for a callee, by where it comes from; a method of a parameter annotated with a known class counts too. */
  private matches(callee: PyNode): ApiMatch[] {
    const target = skipParentheses(callee);
    const receiver = target.type === "attribute" ? target.child("object") : undefined;
    const value = this.context.analysis.resolver.resolve(callee);
    const apis = value ? findApis(value) : [];
    if (value && apis.length > 0) return apis.map((api) => ({ api, value, annotated: false, receiver }));
    const member = target.type === "attribute" ? target.child("attribute")?.text : undefined;
    // `session: requests.Session` as a parameter (or an annotated variable): the type its annotation declares.
    const type = receiver && member !== undefined ? this.context.analysis.types.declaredType(receiver) : undefined;
    if (!type || member === undefined) return [];
    const annotatedValue: PyValue = { kind: "instance-member", type, member };
    return findApis(annotatedValue).map((api) => ({ api, value: annotatedValue, annotated: true, receiver }));
  }

  private judge(call: PyNode, api: PyTimeoutApi): Verdict {
    const list = call.child("arguments");
    if (list?.type !== "argument_list") return { kind: "missing" };
    const keywords = [api.keyword, ...(api.alsoSatisfiedBy ?? [])].filter((k) => k !== "");
    let disabled: Verdict | undefined;
    for (const argument of list.children) {
      if (argument.type !== "keyword_argument" || !keywords.includes(argument.child("name")?.text ?? "")) continue;
      const value = argument.child("value");
      if (!value) return { kind: "unknown" };
      if (!this.disables(value)) return { kind: "satisfied" };
      // `sock=None` on an API without a timeout keyword is just no socket.
      if (api.keyword !== "") disabled ??= { kind: "disabled", argument, value };
    }
    if (disabled) return disabled;
    if (api.position !== undefined) {
      if (list.children.some((a) => a.type === "list_splat")) return { kind: "unknown" };
      const positional = list.children.filter((a) => a.type !== "keyword_argument" && a.type !== "dictionary_splat");
      const value = positional[api.position];
      if (value) return this.disables(value) ? { kind: "disabled", argument: value, value } : { kind: "satisfied" };
    }
    // A `**kwargs` may hold the timeout (or a connected `sock`); `*args` cannot reach a keyword-only one.
    if (list.children.some((a) => a.type === "dictionary_splat")) return { kind: "unknown" };
    return { kind: "missing" };
  }

  /**
   * A session used only in view (`async with ClientSession() as s:` or `s = ClientSession()` in a function) whose
   * every use is a request with a timeout of its own: the session's default never applies. Any other use (passed
   * on, returned, stored) may make requests the rule cannot see.
   */
  private everyRequestTimed(creation: PyNode, requests: NonNullable<PyTimeoutApi["requests"]>): boolean {
    const binding = this.localBindingOf(creation);
    if (!binding) return false;
    const { scopes } = this.context.analysis;
    const api = findApi({ kind: "instance-member", type: requests.type, member: requests.members[0] });
    let requestCount = 0;
    for (const node of binding.scope.node.descendants()) {
      if (node.type !== "identifier" || node.text !== binding.name || node === binding.nameNode) continue;
      const lookup = scopes.lookupAt(node.text, node);
      if (lookup.kind !== "bound" || !lookup.bindings.some((b) => b.nameNode === binding.nameNode)) continue;
      const attribute = node.parent;
      const call = attribute?.parent;
      const member = attribute?.type === "attribute" && node.field === "object" ? attribute.child("attribute")?.text : undefined;
      if (member !== undefined && requests.harmless.includes(member)) continue;
      if (!api || member === undefined || !requests.members.includes(member) || call?.type !== "call" || attribute!.field !== "function") return false;
      if (this.judge(call, api).kind !== "satisfied") return false;
      requestCount++;
    }
    return requestCount > 0;
  }

  /** The name a creation call is bound to by `with ... as name` or `name = ...` inside a function. */
  private localBindingOf(creation: PyNode): { name: string; nameNode: PyNode; scope: { node: PyNode } } | undefined {
    let node = creation;
    while (node.parent?.type === "parenthesized_expression") node = node.parent;
    let nameNode: PyNode | undefined;
    if (node.parent?.type === "as_pattern" && node.field !== "alias") nameNode = node.parent.child("alias")?.children[0];
    else if (node.parent?.type === "assignment" && node.field === "right") nameNode = node.parent.child("left");
    if (nameNode?.type !== "identifier") return undefined;
    const lookup = this.context.analysis.scopes.lookupAt(nameNode.text, nameNode);
    if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.scope.kind !== "function") return undefined;
    return { name: nameNode.text, nameNode, scope: lookup.scope };
  }

  /**
   * `None`, a timeout object built with nothing but `None` (`aiohttp.ClientTimeout()`, `httpx.Timeout(None)`),
   * or a name whose only assignment is one of those.
   */
  private disables(expression: PyNode, depth = 0): boolean {
    const node = skipParentheses(expression);
    if (node.type === "none") return true;
    if (node.type === "call") {
      const callee = node.child("function");
      if (!callee || !PY_TIMEOUT_OBJECTS.has(qualifiedName(this.context.analysis.resolver.resolve(callee)) ?? "")) return false;
      const list = node.child("arguments");
      if (list?.type !== "argument_list") return false;
      return list.children.every((a) => {
        const value = a.type === "keyword_argument" ? a.child("value") : a;
        return value !== undefined && skipParentheses(value).type === "none";
      });
    }
    if (node.type === "identifier" && depth < 3) {
      const lookup = this.context.analysis.scopes.lookupAt(node.text, node);
      if (lookup.kind !== "bound" || lookup.bindings.length !== 1 || lookup.bindings[0].kind !== "assignment") return false;
      const right = lookup.bindings[0].node.child("right");
      return !!right && this.disables(right, depth + 1);
    }
    return false;
  }

  /**
   * A requests Session whose requests may get a timeout the call does not show: an adapter mounted on it (a
   * `TimeoutHTTPAdapter`), or a request method replaced (`s.request = functools.partial(s.request, timeout=5)`).
   */
  private sessionConfigured(receiver: PyNode, configuredBy: NonNullable<PyTimeoutApi["configuredBy"]>): boolean {
    const name = receiver.text.replace(/\s+/g, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\./g, "\\s*\\.\\s*");
    const calls = configuredBy.methods.join("|");
    const replaced = configuredBy.replacedMembers.join("|");
    return new RegExp(`\\b${name}\\s*\\.\\s*(?:(?:${calls})\\s*\\(|(?:${replaced})\\s*=[^=])`).test(this.bindingRegion(receiver).text);
  }

  /**
   * Where the receiver's variable lives: the function or module binding its first name, or the whole class for
   * `self.session` (set up in `__init__`, used in other methods).
   */
  private bindingRegion(receiver: PyNode): PyNode {
    let root = skipParentheses(receiver);
    while (root.type === "attribute" || root.type === "call" || root.type === "subscript") root = skipParentheses(root.children[0]);
    if (root.type !== "identifier") return this.context.tree.root;
    const lookup = this.context.analysis.scopes.lookupAt(root.text, root);
    if (lookup.kind !== "bound") return this.context.tree.root;
    const binding = lookup.bindings[0];
    const classNode = binding.kind === "parameter" ? methodClassOfReceiver(binding.node) : undefined;
    return classNode ?? lookup.scope.node;
  }

  /**
   * Code the coroutine runs inside `async with asyncio.timeout(...)` (and its kin), or inside the awaitable of
   * `asyncio.wait_for(..., timeout)`: cancelled after that deadline whatever the call's own settings.
   */
  private boundedFromOutside(call: PyNode, coroutine: PyNode, depth = 0): boolean {
    let child = call;
    for (let node = call.parent; node && node !== coroutine; child = node, node = node.parent) {
      if (node.type === "function_definition" || node.type === "lambda") return false;
      if (node.type === "with_statement" && child.field === "body" && this.withSetsDeadline(node)) return true;
      if (node.type === "call" && child.field === "arguments" && this.wrapperSetsDeadline(node, call)) return true;
    }
    return depth === 0 && this.everyCallBounded(coroutine);
  }

  /**
   * A nested or private coroutine function (not a method) that is only ever called inside a deadline:
   * `asyncio.wait_for(client(addr), 10)`, or in a timeout block. Its callers' deadline covers its body. Any other
   * use (handed to `gather`, a task, `run_until_complete`, stored, exported by name) may run it without one.
   */
  private everyCallBounded(coroutine: PyNode): boolean {
    const cached = this.boundedByCallers.get(coroutine);
    if (cached !== undefined) return cached;
    this.boundedByCallers.set(coroutine, false);
    const name = coroutine.child("name")?.text;
    const { resolver, coroutines } = this.context.analysis;
    let calls = 0;
    // Only a function nested in another one, or a module's private one, has all its callers in view.
    const local = coroutines.enclosingFunction(coroutine) !== undefined || (name?.startsWith("_") && coroutine.parent?.type === "module");
    let bounded = name !== undefined && !classOfMethod(coroutine) && !!local;
    for (const node of bounded ? this.context.tree.root.descendants() : []) {
      if (node.type !== "identifier" || node.text !== name || node === coroutine.child("name")) continue;
      const value = resolver.resolveName(name!, node);
      if (value?.kind !== "definition" || value.node !== coroutine) continue;
      const call = node.parent;
      const caller = call?.type === "call" && node.field === "function" ? coroutines.enclosingFunction(call) : undefined;
      const wrapped = call?.type === "call" && node.field === "function" && this.wrappedWithDeadline(call);
      if (!wrapped && !(caller && coroutines.coroutineOf(call!) === caller && this.boundedFromOutside(call!, caller, 1))) {
        bounded = false;
        break;
      }
      calls++;
    }
    const result = bounded && calls > 0;
    this.boundedByCallers.set(coroutine, result);
    return result;
  }

  /** The call is (inside) the awaitable of `asyncio.wait_for(..., timeout)` with a timeout, wherever that is. */
  private wrappedWithDeadline(call: PyNode): boolean {
    let child = call;
    for (let node = call.parent; node; child = node, node = node.parent) {
      if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") return false;
      if (node.type === "call" && child.field === "arguments" && this.wrapperSetsDeadline(node, call)) return true;
    }
    return false;
  }

  private withSetsDeadline(statement: PyNode): boolean {
    const { resolver } = this.context.analysis;
    for (const item of statement.childOfType("with_clause")?.childrenOfType("with_item") ?? []) {
      const value = item.child("value");
      const manager = value?.type === "as_pattern" ? value.children[0] : value;
      if (manager?.type !== "call") continue;
      const name = qualifiedName(resolver.resolve(manager.child("function")!));
      const scope = PY_TIMEOUT_SCOPES.find((s) => s.callee === name);
      if (!scope) continue;
      const delay = argumentAt(manager, scope.position, scope.keyword);
      if (!delay) continue;
      if (skipParentheses(delay).type !== "none") return true;
      // `async with asyncio.timeout(None) as cm:` then `cm.reschedule(when)` sets the deadline later.
      const alias = value?.type === "as_pattern" ? value.child("alias")?.children[0] : undefined;
      const body = statement.child("body");
      if (alias?.type === "identifier" && body && scope.rescheduledBy?.some((m) => new RegExp(`\\b${alias.text}\\s*\\.\\s*${m}\\s*\\(`).test(body.text))) return true;
    }
    return false;
  }

  /** `asyncio.wait_for(<call inside>, timeout)` with a timeout that is not `None`. */
  private wrapperSetsDeadline(wrapper: PyNode, call: PyNode): boolean {
    const name = qualifiedName(this.context.analysis.resolver.resolve(wrapper.child("function")!));
    const spec = PY_TIMEOUT_WRAPPERS.find((w) => w.callee === name);
    if (!spec) return false;
    const awaitable = argumentAt(wrapper, spec.awaitable.position, spec.awaitable.keyword);
    if (!awaitable?.contains(call)) return false;
    const timeout = argumentAt(wrapper, spec.timeout.position, spec.timeout.keyword);
    return !!timeout && skipParentheses(timeout).type !== "none";
  }

  /** `timeout=<N>` added to the call: safe, it adds nothing but the deadline. */
  private fixesForMissing(call: PyNode, api: PyTimeoutApi): Fix[] {
    if (api.wrapFix) return isAwaitedDirectly(call) ? this.waitForFix(call) : [];
    const list = call.child("arguments");
    if (!api.fix || list?.type !== "argument_list") return [];
    const value = this.valueText(api.fix, call);
    if (!value) return [];
    const edits = addKeywordArgumentEdits(list, `${api.keyword}=${value.text}`);
    if (!edits) return [];
    const safety = api.totalDeadline && this.streamsResponses() ? "unsafe" : "safe";
    return [{ title: `Add \`${api.keyword}=${value.text}\``, edits: [...edits, ...value.edits], safety, isPreferred: safety === "safe" }];
  }

  /** `timeout=None` → `timeout=<N>`: a suggestion, since turning the timeout off was written on purpose. */
  private fixesForDisabled(call: PyNode, api: PyTimeoutApi, valueNode: PyNode): Fix[] {
    if (!api.fix) return [];
    const value = this.valueText(api.fix, call);
    if (!value) return [];
    const argument = valueNode.parent?.type === "keyword_argument" ? valueNode.parent : undefined;
    const name = argument?.child("name")?.text;
    if (argument && name !== api.keyword) {
      // `read_timeout=None` → `timeout=ClientTimeout(total=N)`: the deprecated keyword takes a number, not the object.
      const list = call.child("arguments");
      if (list?.children.some((a) => a.type === "keyword_argument" && a.child("name")?.text === api.keyword)) return [];
      const text = `${api.keyword}=${value.text}`;
      return [{ title: `Use \`${text}\``, edits: [{ start: argument.start, end: argument.end, text }, ...value.edits], safety: "unsafe" }];
    }
    const shown = name !== undefined ? `${name}=${value.text}` : value.text;
    return [{ title: `Use \`${shown}\``, edits: [{ start: valueNode.start, end: valueNode.end, text: value.text }, ...value.edits], safety: "unsafe" }];
  }

  /** `await asyncio.open_connection(h, p)` → `await asyncio.wait_for(asyncio.open_connection(h, p), timeout=<N>)`: raises TimeoutError, so a suggestion. */
  private waitForFix(call: PyNode): Fix[] {
    const reference = this.context.analysis.imports.reference("asyncio", "wait_for", call);
    if (!reference) return [];
    const seconds = secondsText(this.context.options.defaultTimeoutMs);
    const edits: TextEdit[] = [
      { start: call.start, end: call.start, text: `${reference.expression}(` },
      { start: call.end, end: call.end, text: `, timeout=${seconds})` },
      ...reference.edits,
    ];
    return [{ title: `Wrap it in \`${reference.expression}(..., timeout=${seconds})\``, edits, safety: "unsafe" }];
  }

  private valueText(spec: PyTimeoutValue, at: PyNode): { text: string; edits: TextEdit[] } | undefined {
    const seconds = secondsText(this.context.options.defaultTimeoutMs);
    let edits: TextEdit[] = [];
    let text = spec.template.replace(/\{\{seconds\}\}/g, seconds);
    if (spec.reference) {
      const reference = this.context.analysis.imports.reference(spec.reference.module, spec.reference.name, at);
      if (!reference) return undefined;
      text = text.replace(/\{\{ref\}\}/g, reference.expression);
      edits = reference.edits;
    }
    return { text, edits };
  }

  /** Every name after `as` in the file (imports, and harmlessly `with`/`except` targets). */
  private aliases(): ReadonlySet<string> {
    return (this.aliasNames ??= new Set(Array.from(this.context.text.matchAll(/\bas\s+([A-Za-z_]\w*)/g), (m) => m[1])));
  }

  private streamsResponses(): boolean {
    return (this.streams ??= PY_STREAMING_USE.test(this.context.text));
  }
}

/**
 * The last names of every callee and member in the table. A call written with another name reaches a table API
 * through an import alias (`from requests import get as fetch`), so names after `as` are checked too (see
 * `aliases`). A plain assignment (`fetch = requests.get`) is not followed.
 */
const API_NAMES: ReadonlySet<string> = new Set(PY_TIMEOUT_APIS.flatMap((api) => [...(api.callees ?? []).map((c) => c.split(".").pop()!), ...(api.members ?? [])]));

function findApis(value: PyValue): PyTimeoutApi[] {
  if (value.kind === "module") {
    const name = qualifiedName(value);
    return PY_TIMEOUT_APIS.filter((api) => name !== undefined && api.callees?.includes(name));
  }
  if (value.kind === "instance-member") return PY_TIMEOUT_APIS.filter((api) => api.type === value.type && api.members?.includes(value.member));
  return [];
}

function findApi(value: PyValue): PyTimeoutApi | undefined {
  return findApis(value)[0];
}

/** Whether no-blocking-call's table has the call (it reports those inside coroutines). */
function reportedAsBlocking(value: PyValue): boolean {
  const name = qualifiedName(value);
  return PY_BLOCKING_CALLS.some((spec) =>
    spec.callee !== undefined ? spec.callee === name : value.kind === "instance-member" && spec.type === value.type && spec.member === value.member,
  );
}

/** `await f(...)`, possibly parenthesised. */
function isAwaitedDirectly(call: PyNode): boolean {
  let node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  return node.parent?.type === "await";
}

function shorten(text: string): string {
  const flat = text.replace(/\s*[\r\n]\s*/g, " ");
  return truncateForDisplay(flat);
}
