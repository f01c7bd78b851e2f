import { defineConfig } from "vitest/config"
import PlainSummaryReporter from "./test/support/plain-summary-reporter.ts"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One folder per run for outputs several files share (a library drill's twin run, the viewer build).
    globalSetup: ["test/support/shared-outputs-setup.ts"],
    reporters: ["default", new PlainSummaryReporter()],
    // Three files at a time on CI's 2 cores (vitest's default is cores − 1 = 1): many files spend most of
    // their time waiting on the wall clock (FIX heartbeats, child processes, sockets), not computing.
    maxWorkers: 3,
    // CLI tests start `twin` as a child process; give them room on a 2-core machine.
    testTimeout: 60_000
  }
})
