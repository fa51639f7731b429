import { defineConfig } from "vitest/config";
import TotalsReporter from "./tests/support/totals-reporter.js";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", new TotalsReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
