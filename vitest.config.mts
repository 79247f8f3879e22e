import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["rules/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/fixtures/**", "examples/**", "bench/**"],
    testTimeout: 30_000,
    pool: "threads",
  },
});
