// Apart from rule.ts so that the language front ends can build their rule contexts on it without importing the
// rule definition (which names their detectors: that made an import cycle).
import type { ReportDescriptor } from "./model";

/** What every detector gets, whatever the language. */
export interface BaseRuleContext<MessageId extends string, Options> {
  readonly filePath: string;
  readonly text: string;
  readonly options: Options;
  report(descriptor: ReportDescriptor<MessageId>): void;
}
