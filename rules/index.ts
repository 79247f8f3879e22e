// The library API: the analysis core, usable without the CLI, the server or ESLint.
export { lintSource, languageOf, type LintRequest, type LintResult, type RuleSettings, type RuleSetting, type InternalError } from "./core/engine";
export * from "./core/model";
export { RULES, RULE_IDS, ruleById, docsUrlOf } from "./core/registry";
export type { RuleDefinition } from "./core/rule";
export { ConfigResolver, ConfigError, loadConfigFile, parseConfigText, resolveRuleSettings, buildConfigSchema, CONFIG_FILE_NAME, PYPROJECT_FILE_NAME, parsePyprojectText, type ConfigFile } from "./core/config";
export { applyFixes, fixesOf, hasSafeFix, safeFixesOf, settleFixes, type FixApplication, type FixNeed } from "./core/fixes";
export { LineIndex } from "./core/text";
export { TsProjects } from "./lang/typescript/project";
// Python support loads WebAssembly: await initPython() once before linting .py files.
export { initPython, isPythonReady, PythonNotInitializedError } from "./lang/python/parser";
