// The editor tests (`npm run test:e2e`): Neovim and VS Code (code-server in Chromium) against the built server
// and the packaged .vsix. Kept out of the default suite: they need test/e2e/setup.sh's installs.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/nvim/**/*.e2e.ts", "test/e2e/**/*.e2e.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // One at a time: code-server and the TypeScript projects compete for the machine's two cores.
    fileParallelism: false,
  },
});
