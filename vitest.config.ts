import { defineConfig } from "vitest/config"
import PlainSummaryReporter from "./test/support/plain-summary-reporter.ts"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One folder per run for outputs several files share (a library drill's twin run, the viewer build).
    globalSetup: ["test/support/shared-outputs-setup.ts"],
    reporters: ["default", new PlainSummaryReporter()],
    // CLI tests start `twin` as a child process; give them room on a 2-core machine.
    testTimeout: 60_000
  }
})
