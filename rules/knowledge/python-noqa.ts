// Ruff / flake8-async / Ruff-native codes that `# noqa: CODE` comments name, mapped to the async-lint rule that
// reports the same problem, so projects moving from those tools keep their suppressions. A `# noqa` naming
// only other codes (`# noqa: E501`) suppresses nothing here; a bare `# noqa` suppresses every rule on its line.
import type { RuleId } from "../core/model";

export const NOQA_CODE_RULES: Readonly<Record<string, RuleId>> = {
  // flake8-async / Ruff ASYNC2xx: blocking calls in async functions.
  ASYNC200: "no-blocking-call", // blocking-configured-call
  ASYNC210: "no-blocking-call", // blocking-http-call
  ASYNC211: "no-blocking-call", // blocking-http-call-pool
  ASYNC212: "no-blocking-call", // blocking-http-call-httpx
  ASYNC220: "no-blocking-call", // blocking-create-subprocess
  ASYNC221: "no-blocking-call", // blocking-run-process
  ASYNC222: "no-blocking-call", // blocking-process-wait
  ASYNC230: "no-blocking-call", // blocking-open-call
  ASYNC231: "no-blocking-call", // blocking-fdopen-call
  ASYNC232: "no-blocking-call", // blocking-file-call
  ASYNC240: "no-blocking-call", // blocking-path-usage
  ASYNC250: "no-blocking-call", // blocking-input
  ASYNC251: "no-blocking-call", // blocking-sleep
  // Tasks without a reference.
  ASYNC300: "no-unawaited-call", // create-task-no-reference
  RUF006: "no-unawaited-call", // asyncio-dangling-task
};
