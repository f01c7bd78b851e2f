/**
 * `npm run bench [-- kernel|estate|simulate|day|scale [640|6000|60000] [--trading-parts N[,M]]|scenarios [NAME] [--estate FILE]|viewer|sftp|sweep|plan|plan-all|omd-codec|omd-listen|omd-wire|fix|live|targets|trading-pairs]`:
 * the project's benchmarks, printed as tables.
 * Figures, never assertions. `day` adds the whole-day run of the default estate to the simulate table (as
 * `twin simulate` runs it, in two parts on two threads, and in one world side by side); `scale` (only by
 * name: minutes) the whole day of 640 and 6,000 participants and a trading hour of 60,000 (scale.ts);
 * `scenarios` times every library scenario (or those whose path contains NAME; on FILE's estate), with
 * each run's peak RSS; `sweep` and `plan` time the
 * N-1 sweep of the shipped plan and the plan search on 1 and 2 workers (`plan-all` adds the 26-unit swap descent);
 * `targets [--before DIR]` (only by name: ~25 minutes) issue 22's figures through the `twin` command, side by side with DIR's;
 * `trading-pairs --before DIR` (only by name) the trading path's part here and in DIR as pairs run at once, one per core.
 */
import { benchEstate, renderEstateBench } from "./estate.ts"
import { renderKernelBench } from "./kernel.ts"
import { renderOmdCodecBench } from "./omd-codec.ts"
import { renderScenarioBench } from "./scenarios.ts"
import { renderSimulateBench } from "./simulate.ts"
import { renderPlanBench } from "./plan.ts"
import { renderSweepBench } from "./sweep.ts"

const only = process.argv[2]
const wants = (name: string) => only === undefined || only === name
console.log(`backbone-twin benchmarks — Node ${process.version}, ${new Date().toISOString()}`)
if (wants("kernel")) console.log(`\n${renderKernelBench()}`)
if (wants("estate")) console.log(`\n${renderEstateBench(benchEstate())}`)
if (wants("simulate") || only === "day") console.log(`\n${await renderSimulateBench(only === "day")}`)
// Growth with the estate, up to 60,000 participants: minutes, only when asked for by name.
if (only === "scale") console.log(`\n${(await import("./scale.ts")).renderScaleBench(process.argv.slice(3))}`)
if (wants("scenarios")) console.log(`\n${renderScenarioBench(process.argv.slice(3))}`)
// The viewer's benchmark runs a browser: only when asked for by name.
if (only === "viewer") console.log(`\n${await (await import("./viewer.ts")).renderViewerBench()}`)
// The SFTP benchmark starts a throwaway sshd: only when asked for by name.
if (only === "sftp") console.log(`\n${await (await import("./sftp.ts")).renderSftpBench()}`)
if (wants("sweep")) console.log(`\n${renderSweepBench()}`)
if (wants("plan") || only === "plan-all") console.log(`\n${renderPlanBench(only === "plan-all")}`)
if (wants("omd-codec")) console.log(`\n${renderOmdCodecBench()}`)
// Loopback multicast with a sender process: only when asked for by name.
if (only === "omd-listen") console.log(`\n${await (await import("./omd-listen.ts")).renderOmdListenBench()}`)
// The rig to a receiver process on loopback multicast, in wall time: only when asked for by name.
if (only === "omd-wire") console.log(`\n${await (await import("./omd-wire.ts")).renderOmdWireBench()}`)
// The OCG-C FIX endpoint's round trips open loopback sockets: only when asked for by name.
if (only === "fix") console.log(`\n${await (await import("./fix.ts")).renderFixBench()}`)
// Issue 22's figures through the twin command, this tree and another checkout side by side: minutes, only by name.
if (only === "targets") console.log(`\n${await (await import("./targets.ts")).renderTargetsBench(process.argv.slice(3))}`)
// A lever's few per cent on the trading path, as pairs of runs at the same time (trading-pairs.ts): only by name.
if (only === "trading-pairs") console.log(`\n${await (await import("./trading-pairs.ts")).renderTradingPairs(process.argv.slice(3))}`)
// The live world paced to the wall clock with a WebSocket client and the rig (`live [--minutes M] [--from HH:MM]
// [--before DIR]`), in wall time: only when asked for by name.
if (only === "live") console.log(`\n${await (await import("./live.ts")).renderLiveBench(process.argv.slice(3))}`)
