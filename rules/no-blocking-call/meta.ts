import type { RuleMeta } from "../core/model";
import { mentionsAny } from "../core/prescan";

export interface CustomBlockingCall {
  module: string;
  name: string;
  replacement: string;
  reason?: string;
}

export interface NoBlockingCallOptions {
  /** Extra blocking APIs, added to the built-in table. */
  blocking: CustomBlockingCall[];
  /** Follow calls into synchronous helper functions that block. */
  followCalls: boolean;
  /** How many helper calls deep to follow. */
  maxDepth: number;
}

export type NoBlockingCallMessageId =
  | "blockingCall"
  | "blockingCallFirstCall"
  | "blockingCallAtStartup"
  | "blockingCallInCallback"
  | "busyWait"
  | "blockingHelper"
  | "blockingHelperFirstCall"
  | "blockingHelperAtStartup"
  | "blockingLock"
  | "blockingIteration"
  | "djangoSyncQuery"
  | "djangoQueryIteration"
  | "blockingExecutor";

export const meta: RuleMeta<NoBlockingCallMessageId, NoBlockingCallOptions, "no-blocking-call"> = {
  id: "no-blocking-call",
  description: "Disallow synchronous, event-loop-blocking calls while an async function runs.",
  why: "A blocking call inside async code freezes the event loop: every other request, timer and socket on the process waits until it returns.",
  defaultSeverity: "error",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "safe",
  headerNotes: {
    typeInformation: "typed mode follows re-exports and aliases across files",
    fixable:
      "for common `fs` calls and Python's `time.sleep`; suggestions for `execSync`/`execFileSync`, `Atomics.wait`, Python's `asyncio.to_thread` and `asyncio.Lock`",
  },
  messages: {
    blockingCall: "`{{callee}}` blocks the event loop inside async {{context}}: it {{reason}}. Use {{replacement}}.",
    blockingCallFirstCall:
      "`{{callee}}` may block the event loop inside async {{context}}: it {{reason}} while a cache is empty, so the first call blocks. Fill the cache at startup or use {{replacement}}.",
    blockingCallAtStartup:
      "`{{callee}}` blocks the event loop inside async {{context}}, which runs once while the application starts, before it accepts requests: it {{reason}}. That delays start-up only; if tasks started earlier must keep running meanwhile, use {{replacement}}.",
    blockingCallInCallback:
      "`{{callee}}` blocks the event loop inside async {{context}} (the {{callback}} runs inline): it {{reason}}. Use {{replacement}}.",
    blockingHelper:
      "`{{callee}}()` blocks the event loop inside async {{context}}: it calls `{{api}}` ({{location}}){{via}}. Give the helper an async version and await it.",
    blockingHelperFirstCall:
      "`{{callee}}()` may block the event loop inside async {{context}}: it calls `{{api}}` ({{location}}){{via}} while its cache is empty, so the first call blocks. Fill the cache at startup or make the helper async.",
    blockingHelperAtStartup:
      "`{{callee}}()` blocks the event loop inside async {{context}}, which runs once while the application starts, before it accepts requests: it calls `{{api}}` ({{location}}){{via}}. That delays start-up only; if tasks started earlier must keep running meanwhile, make the helper async.",
    busyWait:
      "Busy-wait loop blocks the event loop inside async {{context}}: it spins until the clock passes a deadline. Use `await setTimeout(ms)` from `node:timers/promises`.",
    blockingIteration: "Iterating `{{iterable}}` blocks the event loop inside async {{context}}: each step {{reason}}. Use {{replacement}}.",
    djangoSyncQuery:
      "`{{callee}}` runs a database query synchronously inside async {{context}}: Django raises `SynchronousOnlyOperation` there (a synchronous query would block the event loop). Use {{replacement}}.",
    djangoQueryIteration:
      "Iterating `{{iterable}}` runs its database query synchronously inside async {{context}}: Django raises `SynchronousOnlyOperation` there. Use `async for` (Django 4.1+), or build the list in `sync_to_async(...)`.",
    blockingExecutor:
      "`with {{executor}}` blocks the event loop inside async {{context}}: leaving the block waits for the work submitted in it and joins the pool's threads (`shutdown(wait=True)`). Use `await asyncio.to_thread(...)`, or `await loop.run_in_executor(executor, ...)` on a pool that outlives the call.",
    blockingLock:
      "`with {{lock}}` acquires a `{{type}}` inside async {{context}}: while another thread holds it, the whole event loop waits. Use `{{replacement}}` with `async with`, unless the lock is shared with threads.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      followCalls: {
        type: "boolean",
        description: "Follow calls into synchronous helper functions (across files) and report those that block; `false` reports only blocking APIs called directly.",
      },
      maxDepth: { type: "integer", minimum: 1, maximum: 16, description: "How many helper calls deep to follow." },
      blocking: {
        type: "array",
        description: "Extra blocking APIs, added to the built-in table.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["module", "name", "replacement"],
          properties: {
            module: { type: "string", minLength: 1, description: "The import specifier, e.g. `my-db` (a `node:` prefix is ignored)." },
            name: {
              type: "string",
              minLength: 1,
              description: "The export path, dotted for nested members (`client.querySync`); a `*` in the last segment matches a family, e.g. `*Sync`.",
            },
            replacement: { type: "string", description: "What to call instead, shown in the message." },
            reason: { type: "string", description: "What the call blocks on, shown in the message (default: \"runs synchronously\")." },
          },
        },
      },
    },
  },
  defaultOptions: { blocking: [], followCalls: true, maxDepth: 4 },
  // Every finding (a blocking call, a helper chain, a busy wait; a blocking `with` or loop in Python) is inside an
  // async function.
  prescan: { typescript: mentionsAny(["async"]), python: mentionsAny(["async"]) },
};
