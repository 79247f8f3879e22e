import type { RuleMeta } from "../core/model";
import { type ApiOrigin, mentionsAny, originWords } from "../core/prescan";
import { NODE_INSTANCE_FACTORIES } from "../knowledge/node-instances";
import { NODE_TIMEOUT_APIS } from "../knowledge/node-timeouts";
import { PY_TIMEOUT_PACKAGES } from "../knowledge/python-timeouts";

/** An extra API from the config: a call whose options object takes a timeout property, or a chained timeout method. */
export interface CustomTimeoutApi {
  module: string;
  /** Export path, dotted; "default" (or "") is the module itself. */
  name: string;
  /** Argument position of the options object. */
  optionsArgument?: number;
  /** Options property that sets the timeout (default `timeout`). */
  property?: string;
  /** Method on the returned request that sets the timeout instead, e.g. `timeout` for `.timeout(ms)`. */
  chainedMethod?: string;
}

export interface RequireTimeoutOptions {
  /** Timeout written by fixes, in ms (Python fixes write it in seconds). */
  defaultTimeoutMs: number;
  /** Extra APIs, added to the built-in table. */
  apis: CustomTimeoutApi[];
}

export type RequireTimeoutMessageId = "missingTimeout" | "disabledTimeout" | "eventWait" | "longDefaultTimeout";

export const meta: RuleMeta<RequireTimeoutMessageId, RequireTimeoutOptions, "require-timeout"> = {
  id: "require-timeout",
  description: "Require a timeout or abort signal on network calls and event waits that could otherwise wait forever.",
  why: "A request with no timeout holds a connection, a task and often a user waiting forever when the peer stalls; retries, circuit breakers and error pages never get a chance to run.",
  defaultSeverity: "warning",
  languages: ["typescript", "python"],
  typeInformation: "optional",
  fixable: "safe",
  headerNotes: {
    defaultSeverity: "event waits: info",
    typeInformation: "typed mode reads `axios.defaults.timeout` set in the modules a file imports and knows which arguments are strings",
    fixable: "for `fetch`, axios and got when the edit only adds the timeout, and for Python's aiohttp sessions and requests calls; suggestions otherwise",
  },
  messages: {
    missingTimeout: "`{{callee}}` has no timeout: {{consequence}}. {{remedy}}.",
    /** Python: the library has a default, far too long (aiohttp's 5 minutes). */
    longDefaultTimeout: "`{{callee}}` is called without `{{keyword}}=`: {{consequence}}. {{remedy}}.",
    /** `setting`: a TypeScript option (`timeout: 0`) or a Python argument (`timeout=None`). */
    disabledTimeout: "`{{callee}}` turns its timeout off with `{{setting}}`: {{consequence}}. {{remedy}}.",
    eventWait:
      "This Promise waits for the '{{event}}' event on `{{emitter}}` with no timeout or signal: if the event never fires, the await never returns. Race it with a timer or listen with an AbortSignal if that is not intended.",
  },
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      defaultTimeoutMs: {
        type: "integer",
        minimum: 1,
        description:
          "The timeout fixes write, in milliseconds (`AbortSignal.timeout(ms)`, `timeout: ms`). Python fixes write it in seconds (`timeout=10`, `2500` → `timeout=2.5`).",
      },
      apis: {
        type: "array",
        description:
          "Extra APIs that need a timeout: the module and export, then either `optionsArgument` with `property`, or `chainedMethod`. Fixes for these are suggestions. TypeScript and JavaScript only for now; the Python table is `rules/knowledge/python-timeouts.ts`.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["module", "name"],
          oneOf: [{ required: ["optionsArgument"] }, { required: ["chainedMethod"] }],
          properties: {
            module: { type: "string", minLength: 1, description: "The import specifier, e.g. `my-http` (a `node:` prefix is ignored)." },
            name: { type: "string", description: "The export path, dotted (`client.get`); `default` is the module itself." },
            optionsArgument: { type: "integer", minimum: 0, description: "The 0-based position of the options object." },
            property: { type: "string", minLength: 1, description: "Options property that sets the timeout (default `timeout`)." },
            chainedMethod: { type: "string", minLength: 1, description: "Method on the returned request that sets the timeout, e.g. `timeout`." },
          },
        },
      },
    },
  },
  defaultOptions: { defaultTimeoutMs: 10_000, apis: [] },
  // Every finding is a call of a table API (reached through its module's or global's name, or through an instance
  // a known factory made) or of a configured one, or a `new Promise` that waits for an event.
  prescan: {
    typescript: (text, options) => mentionsBuiltInApi(text) || mentionsCustomApi(options.apis)(text),
    // Every Python finding is a call reached from one of the table's packages, which the file then imports.
    python: mentionsAny(PY_TIMEOUT_PACKAGES),
  },
};

const mentionsBuiltInApi = mentionsAny(["Promise", ...originWords(NODE_TIMEOUT_APIS as ApiOrigin[]), ...originWords(NODE_INSTANCE_FACTORIES)]);
const customApiTests = new WeakMap<readonly CustomTimeoutApi[], (text: string) => boolean>();
function mentionsCustomApi(apis: readonly CustomTimeoutApi[]): (text: string) => boolean {
  let test = customApiTests.get(apis);
  if (!test) {
    test = mentionsAny(originWords(apis));
    customApiTests.set(apis, test);
  }
  return test;
}
