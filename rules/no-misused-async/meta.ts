import type { RuleMeta } from "../core/model";
import { mentionsAny, originWords, pythonOriginWords } from "../core/prescan";
import { PROMISE_RETURNING_CALLS } from "../knowledge/node-promises";
import { PY_COROUTINE_APIS } from "../knowledge/python-asyncio";
import { PY_ASYNC_ONLY_CONTEXT_MANAGERS, PY_ASYNC_ONLY_CONTEXT_TYPES, PY_ASYNC_ONLY_ITERABLES } from "../knowledge/python-callbacks";

/** Where an async function handed to a slot typed `() => void` is reported (typescript-eslint's `checksVoidReturn`). */
export interface VoidReturnChecks {
  arguments: boolean;
  attributes: boolean;
  inheritedMethods: boolean;
  properties: boolean;
  returns: boolean;
  variables: boolean;
}

export interface NoMisusedAsyncOptions {
  /** `true`/`false` for all places, or per place; JSX attributes are off by default. */
  checksVoidReturn: boolean | Partial<VoidReturnChecks>;
  checksConditionals: boolean;
  checksSpreads: boolean;
}

export type NoMisusedAsyncMessageId =
  | "voidReturnArgument"
  | "voidReturnSlot"
  | "asyncPredicate"
  | "promiseCondition"
  | "promiseSpread"
  | "asyncExecutor"
  | "returnInTry"
  | "coroutineCondition"
  | "coroutineCallback"
  | "nestedEventLoop"
  | "syncProtocol";

export const DEFAULT_VOID_RETURN_CHECKS: VoidReturnChecks = {
  arguments: true,
  attributes: false,
  inheritedMethods: true,
  properties: true,
  returns: true,
  variables: true,
};

/** The options' `checksVoidReturn` with every place spelled out. */
export function voidReturnChecks(option: NoMisusedAsyncOptions["checksVoidReturn"]): VoidReturnChecks {
  if (option === true) return { ...DEFAULT_VOID_RETURN_CHECKS };
  if (option === false) return { arguments: false, attributes: false, inheritedMethods: false, properties: false, returns: false, variables: false };
  return { ...DEFAULT_VOID_RETURN_CHECKS, ...option };
}

export const meta: RuleMeta<NoMisusedAsyncMessageId, NoMisusedAsyncOptions, "no-misused-async"> = {
  id: "no-misused-async",
  description: "Disallow a promise or coroutine where a plain value or a plain callback is expected: async callbacks nobody waits for, promises in conditions, async Promise executors, nested event loops.",
  why: "The code that receives the async function or the promise does not wait for it: the work finishes after the caller has moved on, its errors are unhandled, and a promise or coroutine used as a boolean is always true.",
  defaultSeverity: "error",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "safe",
  headerNotes: {
    defaultSeverity: "warning for async callbacks, predicates, spreads and `return` in `try`",
    typeInformation: "typed mode checks every slot typed as a function returning `void`, and every condition's type",
    fixable: "`return await` in `try`; suggestions: `await` in a condition, `for...of` or `Promise.all` for `forEach(async ...)`, `await x` for a nested `asyncio.run(x)`",
  },
  messages: {
    voidReturnArgument:
      "An async function is passed to `{{callee}}`, which ignores what its callback returns: nothing waits for the work, and a rejection inside is unhandled.{{hint}}",
    voidReturnSlot:
      "An async function is used where {{place}} returning `void` is expected: whoever calls it does not wait for the promise, and a rejection inside is unhandled. Make it synchronous and handle the promise inside (`void p.catch(...)`), or change the expected type.",
    asyncPredicate:
      "An async callback is passed to `{{callee}}`, which reads what it returns as a plain value: a promise is always truthy (and not a number for `sort`). Compute the values first (`await Promise.all(xs.map(...))`), then filter or sort synchronously.",
    promiseCondition:
      "{{subject}} is used as a condition, and a promise is always truthy: the check never sees the value it resolves to. Await it first.",
    promiseSpread:
      "{{subject}} is spread into an object: a promise has no own properties, so this adds nothing. Await it first.",
    asyncExecutor:
      "The Promise executor is async: an error thrown inside it does not reject the promise (it becomes an unhandled rejection and the promise never settles), and if it awaits, the promise is not needed. Make the executor synchronous, or write an async function that returns the value.",
    returnInTry:
      "{{subject}} is returned from inside `try` without `await`: the function returns before it settles, so the `catch`/`finally` here never sees its rejection. Use `return await`.",
    coroutineCondition:
      "`{{callee}}(...)` returns a coroutine, which is always true: the check never runs `{{callee}}` (Python warns \"coroutine was never awaited\"). Await it.",
    coroutineCallback:
      "`{{name}}` is a coroutine function, and `{{callee}}` calls it as a plain function: it creates a coroutine and drops it, so the body never runs. {{hint}}",
    nestedEventLoop:
      "`{{callee}}(...)` {{where}}: an event loop is already running there, so it raises `RuntimeError` (\"cannot be called from a running event loop\"). Await the coroutine instead.",
    syncProtocol:
      "{{subject}} needs the async protocol: `{{statement}}` raises (or blocks) here. Use `async {{statement}}`.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      checksVoidReturn: {
        type: ["boolean", "object"],
        description:
          "Reports an async function where a function returning `void` is expected (TypeScript; as typescript-eslint's `no-misused-promises` names it). `true`/`false` for every place, or an object turning places on and off: `arguments`, `variables`, `properties`, `returns`, `inheritedMethods` (default on) and `attributes` (JSX attributes such as `onClick={async () => ...}`; default off, because React and most UI frameworks run such handlers fire-and-forget by design and their async handlers usually catch their own errors).",
        additionalProperties: false,
        properties: {
          arguments: { type: "boolean" },
          attributes: { type: "boolean" },
          inheritedMethods: { type: "boolean" },
          properties: { type: "boolean" },
          returns: { type: "boolean" },
          variables: { type: "boolean" },
        },
      },
      checksConditionals: {
        type: "boolean",
        description: "Reports a promise (TypeScript) used as a condition: `if`, loops, `?:`, `!`, `&&`, `||`.",
      },
      checksSpreads: {
        type: "boolean",
        description: "Reports a promise (TypeScript) spread into an object literal.",
      },
    },
  },
  defaultOptions: { checksVoidReturn: { ...DEFAULT_VOID_RETURN_CHECKS }, checksConditionals: true, checksSpreads: true },
  // Without types, every finding needs an `async` function, a `Promise` (an executor, a declared return type) or
  // a known promise-returning API.
  prescan: {
    typescript: mentionsAny(["async", "Promise", ...originWords(PROMISE_RETURNING_CALLS)]),
    // In Python: an `async def` of the file (called, passed, or an async generator iterated), or a library
    // coroutine, async-only context manager or iterable, which the file reaches through its package's name.
    python: mentionsAny([
      "async",
      ...pythonOriginWords([...PY_COROUTINE_APIS, ...PY_ASYNC_ONLY_CONTEXT_MANAGERS, ...PY_ASYNC_ONLY_ITERABLES, ...[...PY_ASYNC_ONLY_CONTEXT_TYPES].map((type) => ({ type }))]),
    ]),
  },
};
