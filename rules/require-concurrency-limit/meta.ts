import type { Language, RuleMeta } from "../core/model";
import { CONCURRENCY_OPTION_FUNCTIONS, FAN_OUT_COMBINATORS } from "../knowledge/node-promises";
import { mentionsAny, originWords, pythonOriginWords } from "../core/prescan";
import { PY_FAN_OUT_COMBINATORS, PY_TASK_GROUPS } from "../knowledge/python-io";

export interface CustomIoCall {
  module: string;
  name: string;
}

export interface RequireConcurrencyLimitOptions {
  /** Extra functions that perform I/O, added to the built-in tables (TypeScript and Python alike). */
  ioCalls: CustomIoCall[];
}

export type RequireConcurrencyLimitMessageId = "unboundedFanOut" | "missingConcurrencyOption";

/** How each language bounds a fan-out, completing the unboundedFanOut message (`{{remedy}}`). */
export const FAN_OUT_REMEDY: Record<Language, string> = {
  typescript: "Cap the concurrency with `p-limit`, `p-map` with `concurrency`, or fixed-size chunks",
  python: "Acquire an `asyncio.Semaphore` in the coroutine, or have a fixed number of workers take items from an `asyncio.Queue`",
};

export const meta: RuleMeta<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions, "require-concurrency-limit"> = {
  id: "require-concurrency-limit",
  description: "Require a concurrency limit when mapping a collection of unknown size to I/O calls that all start at once.",
  why: "`Promise.all(items.map(fetchOne))` starts one request per element at the same moment: thousands of sockets, rate-limit errors and an exhausted connection pool once the collection grows.",
  defaultSeverity: "info",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "none",
  headerNotes: {
    typeInformation: "TypeScript: typed mode follows imported functions and recognises clients by their declared type; Python: none",
    fixable: "every remedy needs a decision, and two need a dependency",
  },
  messages: {
    unboundedFanOut: "`{{combinator}}` starts {{io}} for every element of `{{collection}}` at once: nothing bounds how many run together. {{remedy}}.",
    missingConcurrencyOption:
      "`{{combinator}}` without a `{{option}}` option starts {{io}} for every element of `{{collection}}` at once. Pass `{ {{option}}: n }`.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      ioCalls: {
        type: "array",
        description:
          "Extra functions that perform I/O, added to the built-in tables. The same option serves Python: `{ \"module\": \"acme.rpc\", \"name\": \"client.*\" }` makes `from acme.rpc import client` then `await client.call(...)` count as I/O. Entries for one language never match the other's imports.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["module", "name"],
          properties: {
            module: {
              type: "string",
              minLength: 1,
              description: "The import specifier, e.g. `@acme/http` (a `node:` prefix is ignored), or a dotted Python module name, e.g. `acme.http`.",
            },
            name: {
              type: "string",
              description:
                "The export path (in Python, the path in the module), e.g. `request` or `client.*`: dotted for nested members, `*` matches any characters within one name, a final `**` matches the module's default export and everything in it.",
            },
          },
        },
      },
    },
  },
  defaultOptions: { ioCalls: [] },
  // Every finding is a call of a fan-out combinator (`Promise.all`) or of a function with a concurrency option.
  prescan: {
    typescript: mentionsAny(originWords([...FAN_OUT_COMBINATORS, ...CONCURRENCY_OPTION_FUNCTIONS])),
    // In Python: a fan-out combinator (reached through its package's name) or a task group (`async with`).
    python: mentionsAny([
      "async",
      ...pythonOriginWords([...PY_FAN_OUT_COMBINATORS.splat, ...PY_FAN_OUT_COMBINATORS.collection, ...PY_TASK_GROUPS.map((group) => group.factory)].map((callee) => ({ callee }))),
    ]),
  },
};
