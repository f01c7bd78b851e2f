import { defineConfig } from "vitest/config"
import PlainSummaryReporter from "./test/support/plain-summary-reporter.ts"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", new PlainSummaryReporter()],
    // CLI tests start `twin` as a child process; give them room on a 2-core machine.
    testTimeout: 60_000
  }
})
