import type { RuleMeta } from "./model";
import type { PyDetector } from "../lang/python/detector";
import type { TsDetector } from "../lang/typescript/detector";

/** A rule: its metadata and one detector per language it supports. Registering it is one line in registry.ts. */
export interface RuleDefinition<MessageId extends string = string, Options = any> {
  meta: RuleMeta<MessageId, Options>;
  detectors: {
    typescript?: TsDetector<MessageId, Options>;
    python?: PyDetector<MessageId, Options>;
  };
}

export function defineRule<MessageId extends string, Options>(rule: RuleDefinition<MessageId, Options>): RuleDefinition<MessageId, Options> {
  return rule;
}
