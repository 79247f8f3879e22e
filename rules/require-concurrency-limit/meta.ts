import type { RuleMeta } from "../core/model";

export interface CustomIoCall {
  module: string;
  name: string;
}

export interface RequireConcurrencyLimitOptions {
  /** Extra functions that perform I/O, added to the built-in table. */
  ioCalls: CustomIoCall[];
}

export type RequireConcurrencyLimitMessageId = "unboundedFanOut" | "missingConcurrencyOption";

export const meta: RuleMeta<RequireConcurrencyLimitMessageId, RequireConcurrencyLimitOptions> = {
  id: "require-concurrency-limit",
  description: "Require a concurrency limit when mapping a collection of unknown size to I/O calls that all start at once.",
  why: "`Promise.all(items.map(fetchOne))` starts one request per element at the same moment: thousands of sockets, rate-limit errors and an exhausted connection pool once the collection grows.",
  defaultSeverity: "info",
  languages: ["typescript"],
  typeInformation: "optional",
  fixable: "none",
  messages: {
    unboundedFanOut:
      "`{{combinator}}` starts {{io}} for every element of `{{collection}}` at once: nothing bounds how many run together. Cap the concurrency with `p-limit`, `p-map` with `concurrency`, or fixed-size chunks.",
    missingConcurrencyOption:
      "`{{combinator}}` without a `{{option}}` option starts {{io}} for every element of `{{collection}}` at once. Pass `{ {{option}}: n }`.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      ioCalls: {
        type: "array",
        description: "Extra functions that perform I/O: the module that exports them and the export name (dotted for nested members, `*` matches within one name, a final `**` any members).",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["module", "name"],
          properties: {
            module: { type: "string", minLength: 1, description: "Module specifier, e.g. `@acme/http` (a `node:` prefix is ignored)." },
            name: { type: "string", description: "Export path, e.g. `request` or `client.*`; `**` for the module and everything in it." },
          },
        },
      },
    },
  },
  defaultOptions: { ioCalls: [] },
};
