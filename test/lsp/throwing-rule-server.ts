// The real server with one extra rule that throws on calls named `explode()`: proves a rule's exception is
// logged with the file and does not stop the other rules or the server. Bundled by robustness.test.ts.
import ts from "typescript";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import type { RuleId } from "../../rules/core/model";
import { RULES } from "../../rules/core/registry";
import { defineRule, type RuleDefinition } from "../../rules/core/rule";
import { startServer } from "../../server/server";
import { isTypedWorkerThread, runTypedWorkerThread } from "../../server/typed-worker";

const throwing = defineRule({
  meta: {
    id: "test-throws" as RuleId,
    description: "Throws on explode().",
    why: "Test only.",
    defaultSeverity: "warning",
    languages: ["typescript"],
    typeInformation: "none",
    fixable: "none",
    messages: { never: "never reported" },
    optionsSchema: {},
    defaultOptions: {},
  },
  detectors: {
    typescript: () => ({
      [ts.SyntaxKind.CallExpression]: (node: ts.Node) => {
        const callee = (node as ts.CallExpression).expression;
        if (ts.isIdentifier(callee) && callee.text === "explode") throw new Error("the test rule exploded");
      },
    }),
  },
});
(RULES as RuleDefinition[]).push(throwing);

// The bundle is also its own typed-linting worker, which gets the extra rule too.
if (isTypedWorkerThread()) runTypedWorkerThread();
else startServer(createConnection(ProposedFeatures.all));
