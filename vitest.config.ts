import { defineConfig } from "vitest/config"
import PlainSummaryReporter from "./test/support/plain-summary-reporter.ts"
import SlowFirstSequencer from "./test/support/slow-first-sequencer.ts"

/**
 * Test files that start processes, servers, browsers or library scenario runs, or keep state between their
 * tests in shared support modules (test/scenarios/library/support.ts cleans up per file; test task kinds are
 * registered per process): each runs in a fresh worker (vitest's `isolate`, its default).
 */
const apart = [
  "test/scenarios/library/**/*.test.ts",
  "test/scenarios/drill/**/*.test.ts",
  "test/viewer/browser/**/*.test.ts",
  "test/twin/cli.test.ts",
  "test/twin/cli/**/*.test.ts",
  "test/twin/wire/**/*.test.ts",
  "test/twin/serve/**/*.test.ts",
  "test/twin/rig/**/*.test.ts",
  "test/twin/parallel/**/*.test.ts",
  "test/support/**/*.test.ts",
  "test/fuzz/parts-agree.test.ts"
]

export default defineConfig({
  test: {
    // One folder per run for outputs several files share (a library drill's twin run, the viewer build).
    globalSetup: ["test/support/shared-outputs-setup.ts"],
    reporters: ["default", new PlainSummaryReporter()],
    // Three files at a time on CI's 2 cores (vitest's default is cores − 1 = 1): many files spend most of
    // their time waiting on the wall clock (FIX heartbeats, child processes, sockets), not computing.
    maxWorkers: 3,
    // The long files first whether or not vitest has durations cached from a previous run (CI has none).
    sequence: { sequencer: SlowFirstSequencer },
    // CLI tests start `twin` as a child process; give them room on a 2-core machine.
    testTimeout: 60_000,
    // Each project says which files are its own (a root `include` would be added to theirs).
    projects: [
      // vitest's sequencer orders the projects by name ("apart" first), then the slowest file first (with
      // the long ones listed in slow-first-sequencer.ts before all): the short ones fill the gaps.
      { extends: true, test: { name: "apart", include: apart } },
      // The rest — pure functions of their inputs, models on virtual time — share their workers' loaded
      // modules (isolate: false): a fresh worker and its imports cost more than most of these files' tests.
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: apart, isolate: false } }
    ]
  }
})
