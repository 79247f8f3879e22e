// SARIF 2.1.0, as GitHub code scanning reads it.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { RULES, docsPathOf } from "../../rules/core/registry";
import { fixesOf } from "../../rules/core/fixes";
import type { ActiveSeverity, Finding, Fix } from "../../rules/core/model";
import type { RuleDefinition } from "../../rules/core/rule";
import { LineIndex } from "../../rules/core/text";
import { isOutside } from "../log";
import { type FormatContext, type Formatter, TOOL_NAME } from "./common";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Findings about async-lint-disable comments themselves (unused, unknown rule) have no rule; SARIF needs one. */
export const DIRECTIVE_RULE_ID = "async-lint/directive";
const SRCROOT = "%SRCROOT%";

const LEVEL: Record<ActiveSeverity, Sarif.ReportingConfiguration.level> = { error: "error", warning: "warning", info: "note" };

export const formatSarif: Formatter = (report, context) => {
  const rules: Sarif.ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.meta.id,
    name: camelCase(rule.meta.id),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.why },
    // No helpUri: there is no public docs site, and the installed copy's path means nothing where the log is read
    // (code scanning). The whole docs page travels as the help instead, as Ruff puts its rule explanations in.
    help: { text: `${rule.meta.description} ${rule.meta.why}`, markdown: docsMarkdownOf(rule.meta) },
    defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
    properties: { tags: ["async"], fixable: rule.meta.fixable, typeInformation: rule.meta.typeInformation },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const indexOf = (ruleId: string): number => {
    let index = ruleIndex.get(ruleId);
    if (index === undefined) {
      index = rules.length;
      rules.push({
        id: ruleId,
        name: "asyncLintDirective",
        shortDescription: { text: "Problems with async-lint-disable comments: unknown rule names, directives that suppress nothing." },
        defaultConfiguration: { level: "warning" },
      });
      ruleIndex.set(ruleId, index);
    }
    return index;
  };

  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const lines = new LineIndex(file.text ?? "");
    const artifact = artifactLocation(file.filePath, context);
    for (const finding of file.findings) {
      const ruleId = finding.ruleId ?? DIRECTIVE_RULE_ID;
      const result: Sarif.Result = {
        ruleId,
        ruleIndex: indexOf(ruleId),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(finding.location) } }],
      };
      if (finding.related.length > 0) {
        result.relatedLocations = finding.related.map((related, id) => ({
          id,
          message: { text: related.message },
          physicalLocation: {
            artifactLocation: related.filePath ? artifactLocation(related.filePath, context) : artifact,
            region: region(related.location),
          },
        }));
      }
      const fixes = fixesOf(finding).filter((fix) => fix.safety === "safe").map((fix) => toSarifFix(fix, artifact, lines));
      if (fixes.length > 0) result.fixes = fixes;
      results.push(result);
    }
  }

  const errors = report.notifications.filter((n) => n.level === "error");
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: TOOL_NAME, version: context.version, semanticVersion: context.version, rules },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd + path.sep).href } },
        results,
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: report.notifications.map((n) => {
              const notification: Sarif.Notification = { level: n.level, message: { text: n.message } };
              if (n.filePath) notification.locations = [{ physicalLocation: { artifactLocation: artifactLocation(n.filePath, context) } }];
              if (n.ruleId) notification.associatedRule = { id: n.ruleId, index: ruleIndex.get(n.ruleId) };
              return notification;
            }),
          },
        ],
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
};

/** Relative to %SRCROOT% (the working folder) when inside it, else an absolute file URI. */
function artifactLocation(filePath: string, context: FormatContext): Sarif.ArtifactLocation {
  const relative = path.relative(context.cwd, filePath);
  if (relative && !isOutside(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(filePath).href };
}

function region(location: Finding["location"]): Sarif.Region {
  return { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn };
}

function toSarifFix(fix: Fix, artifact: Sarif.ArtifactLocation, lines: LineIndex): Sarif.Fix {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: artifact,
        replacements: [...fix.edits]
          .sort((a, b) => a.start - b.start)
          .map((edit) => ({ deletedRegion: region(lines.location(edit)), insertedContent: { text: edit.text } })),
      },
    ],
  };
}

/** The rule's bundled docs page; its description and rationale if the page is missing from the installation. */
function docsMarkdownOf(meta: RuleDefinition["meta"]): string {
  try {
    return fs.readFileSync(docsPathOf(meta.id), "utf8");
  } catch {
    return `${meta.description}\n\n${meta.why}`;
  }
}

function camelCase(id: string): string {
  return id.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
