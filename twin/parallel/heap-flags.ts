/**
 * The young generation every thread that runs the engine gets, and the V8 flags that give it to the CLI's
 * main thread. The engine allocates many short-lived objects (events, states, messages): 128 MB semi-spaces
 * make simulation runs ~20 % faster than V8's default, which grows them from 1 MB. Starting them at 128 MB
 * (min = max) rather than letting V8 grow and shrink them saves a few per cent more, in this thread and
 * in the parts' worker, whose scavenges' helpers share the machine's two cores (docs/scaling.md, "The
 * young generation from the start"); it costs ~30 MB of resident memory for a short command.
 *
 * The flags are spelled out where nothing can import them — twin.ts's shebang, package.json's scripts,
 * deploy/Dockerfile — and test/twin/parallel/heap-flags.test.ts holds those to this list.
 */

const SEMI_SPACE_MB = 128

/** What a process that runs the CLI's main thread is started with: `node ${TWIN_NODE_FLAGS} twin/bin/twin.ts`. */
export const TWIN_NODE_FLAGS: ReadonlyArray<string> = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`]

/**
 * A worker thread's young generation as the flags give the main thread: three semi-spaces' worth (V8's
 * young generation is two semi-spaces and a new large-object space). `--min-semi-space-size` is V8's own,
 * so it holds in every thread of the process.
 */
export const WORKER_YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB
