/**
 * The contract every layer shares: the trace's kinds and their data, the health vocabulary, the estate
 * layout the viewer draws, the live protocol's messages. It imports nothing of the repo and nothing at all
 * at run time, so the viewer imports it as it is (README "Layout", docs/trace.md).
 */
export * from "./cause-chain.ts"
export * from "./estate-layout.ts"
export * from "./health.ts"
export * from "./kinds-csc-ecp.ts"
export * from "./kinds-ocg.ts"
export * from "./kinds-omd.ts"
export * from "./kinds-scenario.ts"
export * from "./kinds-world.ts"
export * from "./live-protocol.ts"
export * from "./participant-timeline.ts"
export * from "./services.ts"
export * from "./trace-event.ts"
export * from "./trace-kinds.ts"
export * from "./trace-value.ts"
