// Writes schema/async-lint.schema.json from the rule registry (buildConfigSchema), so editors complete and
// validate async-lint.json. Run after a build: `npm run schema`. test/lsp/manifest.test.ts checks it is current.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { buildConfigSchema } = require("../dist/index.js");

const target = new URL("../schema/async-lint.schema.json", import.meta.url);
writeFileSync(target, JSON.stringify(buildConfigSchema(), null, 2) + "\n");
console.log(`wrote ${target.pathname}`);
