import type { RuleId, RuleMeta } from "./model";
import type { PyDetector } from "../lang/python/detector";
import type { TsDetector } from "../lang/typescript/detector";

/** A rule: its metadata and one detector per language it supports. Registering it is one line in registry.ts. */
export interface RuleDefinition<MessageId extends string = string, Options = any, Id extends string = RuleId> {
  meta: RuleMeta<MessageId, Options, Id>;
  detectors: {
    typescript?: TsDetector<MessageId, Options>;
    python?: PyDetector<MessageId, Options>;
  };
}

export function defineRule<MessageId extends string, Options, Id extends string>(rule: RuleDefinition<MessageId, Options, Id>): RuleDefinition<MessageId, Options, Id> {
  return rule;
}
