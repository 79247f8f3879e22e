// async-lint's TypeScript/JavaScript rules as an ESLint plugin (ESLint 9/10 flat config):
//   import asyncLint from "async-lint/eslint-plugin";
//   export default [...asyncLint.configs.recommended];
// `export =` so that both `require()` and `import` of the CommonJS bundle get the plugin itself.
import { createPlugin } from "./plugin";

const plugin = createPlugin();

export = plugin;
