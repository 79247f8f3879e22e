import type { RuleMeta } from "../core/model";
import { PROMISE_RETURNING_CALLS } from "../knowledge/node-promises";
import { mentionsAny, originWords, pythonOriginWords } from "../core/prescan";
import { PY_COROUTINE_APIS, PY_TASK_CREATING_APIS } from "../knowledge/python-asyncio";
import { type TypeOrValueSpecifier, typeOrValueSpecifiersSchema } from "../lang/typescript/type-specifiers";

export interface NoUnawaitedCallOptions {
  /** `void promise` marks a promise as intentionally detached (default true); false flags it too. */
  ignoreVoid: boolean;
  /** Callees whose promises may be dropped, matched against the callee as written (`*` matches within one name). */
  allowedCallees: string[];
  /** typescript-eslint's option: promise types that may be dropped (typed mode). */
  allowForKnownSafePromises: TypeOrValueSpecifier[];
  /** typescript-eslint's option: callees whose promises may be dropped, by name or by their type. */
  allowForKnownSafeCalls: TypeOrValueSpecifier[];
  /** typescript-eslint's option: an immediately invoked function expression (`(async () => {...})()`) may be dropped. */
  ignoreIIFE: boolean;
  /** Non-Promise thenables (typed mode): `"info"` reports them at info (the default), `true` at the rule's severity, `false` not at all. */
  checkThenables: boolean | "info";
}

export type NoUnawaitedCallMessageId = "unawaited" | "unawaitedThenable" | "unawaitedArray" | "awaitedArray" | "unawaitedSelfHandling" | "unawaitedCoroutine" | "danglingTask" | "unreadTask" | "unstartedTaskGenerator";

export const meta: RuleMeta<NoUnawaitedCallMessageId, NoUnawaitedCallOptions, "no-unawaited-call"> = {
  id: "no-unawaited-call",
  description: "Disallow dropping a promise: an async call whose result is neither awaited, returned, stored nor handled.",
  why: "A dropped promise's rejection becomes an unhandled rejection (which crashes Node by default), and the caller carries on before the work is done.",
  defaultSeverity: "warning",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "suggestion",
  headerNotes: {
    typeInformation: "typed mode checks every expression statement's type",
    fixable: "\"Add await\" inside async functions, \"Mark as intentionally detached with void\", `await Promise.all(...)` for arrays",
  },
  messages: {
    unawaited:
      "{{subject}} is dropped: if it rejects, nothing handles the error, and the code after it runs before it settles. Await it, return it, add `.catch(...)`, or mark it as intentionally detached with `void`.",
    unawaitedThenable:
      "{{subject}} is dropped. It is a thenable (`{{type}}`), not a Promise: if it is a lazy query or task it never runs, and if it rejects nothing handles the error. Await it, or mark it with `void` if dropping it is intended. (Info: dropping a non-Promise thenable is sometimes deliberate.)",
    unawaitedArray:
      "This array of promises is dropped: their rejections are unhandled and the code after it runs before they settle. Wait for them with `await Promise.all(...)` (or `allSettled`), or mark the expression with `void`.",
    awaitedArray:
      "`await` on an array does not wait for the promises in it: they run unobserved and their rejections are unhandled. Use `await Promise.all(...)` (or `allSettled`).",
    unawaitedSelfHandling:
      "{{subject}} is not awaited, so the code after it runs before it finishes. {{name}} catches its own errors, so only the ordering is at stake: await it, or mark it with `void` if running it in the background is intended.",
    unawaitedCoroutine:
      "`{{callee}}(...)` returns a coroutine that nothing awaits, so its body never runs (Python only warns \"coroutine was never awaited\"). Await it, or start it with `asyncio.create_task` and keep the task.",
    danglingTask:
      "The task from `{{callee}}(...)` is not kept: the event loop holds only a weak reference, so the task can be garbage-collected before it finishes, and if it fails asyncio only logs \"Task exception was never retrieved\" when it is collected. Keep a reference (a set with a done-callback) or use an `asyncio.TaskGroup`.",
    unreadTask:
      "The task from `{{callee}}(...)` is stored in `{{name}}` but never read: once the function returns nothing references the task, the event loop holds only a weak reference, so the task can be garbage-collected before it finishes, and if it fails asyncio only logs \"Task exception was never retrieved\". Await it, keep it in a set with a done-callback, or use an `asyncio.TaskGroup`.",
    unstartedTaskGenerator:
      "This generator expression is dropped without being iterated, so `{{callee}}(...)` in it never runs and no task starts. Build a list (or loop) and keep the tasks, or use an `asyncio.TaskGroup`.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      ignoreVoid: {
        type: "boolean",
        description:
          "`void promise` marks a promise as intentionally detached. With `false`, `void` is reported too, for codebases that want every promise awaited or given a `.catch`.",
      },
      allowedCallees: {
        type: "array",
        description:
          "Callees whose promises may be dropped, matched against the callee as written, without spaces, `?.` read as `.`: `track`, `analytics.*`, `this.emitAsync`, `*.publish`. `*` matches any characters within one name (`this.track*` matches `this.trackStep`, `fsp.*` does not match `fsp.a.b`). For a chain like `save().then(log)`, the call that made the promise (`save`) is matched.",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
      },
      allowForKnownSafePromises: typeOrValueSpecifiersSchema(
        "Promise (or thenable) types that may be dropped, as in typescript-eslint: a type name (`\"SafePromise\"`), or `{ \"from\": \"file\", \"name\": ..., \"path\"?: ... }` (declared in the project, or in that file), `{ \"from\": \"lib\", \"name\": ... }` (TypeScript's own libraries), `{ \"from\": \"package\", \"name\": ..., \"package\": ... }` (that npm package's typings); `name` may be a list. A union matches when every member does. Needs type information (typed mode).",
      ),
      allowForKnownSafeCalls: typeOrValueSpecifiersSchema(
        "Calls whose promises may be dropped, as in typescript-eslint, with the same specifiers as `allowForKnownSafePromises`: the statement's own call (in `save().then(f)` that is `then`) is checked: a callee written as a plain name matches by that name (`{ \"from\": \"package\" }` also by where it is declared), any callee by its function type's name (a method's name). Without types, names are matched as written (a method by its name) and `package` by the import the callee comes from.",
      ),
      ignoreIIFE: {
        type: "boolean",
        description: "An immediately invoked function expression used as a statement (`(async () => { ... })();`) is not reported, as with typescript-eslint's option of this name.",
      },
      checkThenables: {
        enum: [true, false, "info"],
        description:
          "Non-Promise thenables (objects whose `then` takes two callbacks; typed mode): `\"info\"` reports a dropped one at info severity, `true` at the rule's severity (typescript-eslint's `checkThenables: true`), `false` not at all (typescript-eslint's default).",
      },
    },
  },
  defaultOptions: { ignoreVoid: true, allowedCallees: [], allowForKnownSafePromises: [], allowForKnownSafeCalls: [], ignoreIIFE: false, checkThenables: "info" },
  // Without types, a call returns a promise when its function is declared `async` or to return `Promise`, or
  // when it is a known API (reached through its module's or global's name).
  prescan: {
    typescript: mentionsAny(["async", "Promise", ...originWords(PROMISE_RETURNING_CALLS)]),
    // In Python: a call of an `async def` of the file, or of a library coroutine or task-creating API, which the
    // file reaches through its package's name.
    python: mentionsAny(["async", ...pythonOriginWords([...PY_COROUTINE_APIS, ...PY_TASK_CREATING_APIS])]),
  },
};
