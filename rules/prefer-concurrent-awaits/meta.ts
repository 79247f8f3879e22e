import type { Language, RuleMeta } from "../core/model";
import { mentionsAny } from "../core/prescan";

export interface PreferConcurrentAwaitsOptions {
  /** Fewest independent awaits in a row that are reported. */
  minAwaits: number;
  /** Callees that must stay in order, as patterns over the callee text (`db.*`, `queue.push`). */
  orderedCallees: string[];
  /** Callees that are independent reads, as patterns: discarded results are candidates, same-receiver calls too. */
  readCallees: string[];
  /** Also report loops whose iterations could run concurrently. */
  checkLoops: boolean;
}

export type PreferConcurrentAwaitsMessageId = "serialAwaits" | "serialLoop" | "pendingInOrder";

/** What each language runs awaits concurrently with, as the messages name it (`{{alternative}}`). */
export const CONCURRENT_ALTERNATIVE: Record<Language, { awaits: string; loop: string }> = {
  typescript: { awaits: "Promise.all", loop: "Promise.all" },
  python: { awaits: "asyncio.gather (or tasks in an asyncio.TaskGroup)", loop: "asyncio.gather" },
};

export const meta: RuleMeta<PreferConcurrentAwaitsMessageId, PreferConcurrentAwaitsOptions, "prefer-concurrent-awaits"> = {
  id: "prefer-concurrent-awaits",
  description: "Suggest running independent awaits concurrently (`Promise.all`, `asyncio.gather`) instead of one after another.",
  why: "Independent I/O awaited one after another takes the sum of the latencies; started together it takes the longest one.",
  defaultSeverity: "warning",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "suggestion",
  headerNotes: {
    languages: "see [Python](#python)",
    typeInformation: "typed mode resolves aliases across files, knows which values are promises and which objects are ordered by type",
    fixable:
      "never applied by `--fix`: a run becomes `Promise.all` / `asyncio.gather`, a loop `Promise.all` over a `map` / `asyncio.gather` over a generator",
  },
  messages: {
    serialAwaits: "{{count}} independent awaits run one after another; they could run concurrently with {{alternative}}.",
    serialLoop:
      "Each iteration awaits {{callee}} before the next one starts, but iterations do not depend on each other; they could run concurrently with {{alternative}}.",
    pendingInOrder:
      "The loop awaits {{name}}, promises that are already running, one at a time: a later one that rejects while an earlier one is awaited is an unhandled rejection, and a rejection stops the loop before the others are awaited; await them together with {{alternative}}.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      minAwaits: { type: "integer", minimum: 2, description: "The fewest independent awaits in a row that are reported." },
      orderedCallees: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description:
          "Callees that must keep their order, as patterns over the callee as written without arguments (`this.`, in Python `self.`, may be left out; `*` matches anything, dots included): `\"legacyApi.*\"`, `\"queue.push\"`.",
      },
      readCallees: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description:
          "Callees that are independent reads, as patterns. Their awaits are candidates even when the result is discarded, the name looks like a write, or they share a receiver (`\"db.*\"` makes two `db.query(...)` calls a run). `orderedCallees` wins when both match.",
      },
      checkLoops: { type: "boolean", description: "Also report loops whose iterations could run concurrently." },
    },
  },
  defaultOptions: { minAwaits: 2, orderedCallees: [], readCallees: [], checkLoops: true },
  // Every finding is an await (serial ones, or one in a loop body).
  prescan: { typescript: mentionsAny(["await"]), python: mentionsAny(["await"]) },
};
