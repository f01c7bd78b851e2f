/**
 * The task seam (../task.ts) as an effect/cluster Entity: `TwinTask`, with one RPC per task kind a cluster
 * runs — the sweep's and the planner's kinds; `simulate.part` stays on local threads (it shares progress
 * through a SharedArrayBuffer, and a split day is one machine's job). Each RPC takes the task's input as
 * wire JSON (wire-json.ts) and answers its output the same way, or the handler's error message.
 *
 * Every RPC is persisted (ClusterSchema.Persisted): the request is saved in the message storage (Postgres)
 * before it is sent, and its reply when it is done, so a request whose runner dies is found there by the
 * runner that takes over its shard and run again — tasks are pure, so running one twice gives the same
 * output — and the caller, waiting on the reply, gets it whoever ran it.
 */
import { Schema } from "effect"
import { ClusterSchema, Entity } from "effect/cluster"
import { Rpc } from "effect/rpc"
import type { TaskKind } from "../task.ts"

const taskRpc = <const K extends TaskKind>(kind: K) =>
  Rpc.make(kind, { payload: { input: Schema.String }, success: Schema.String, error: Schema.String })

export const TaskEntity = Entity.make("TwinTask", [
  taskRpc("sweep.single"),
  taskRpc("sweep.pairs"),
  taskRpc("sweep.exact"),
  taskRpc("sweep.message"),
  taskRpc("plan.state")
]).annotateRpcs(ClusterSchema.Persisted, true)

/** The kinds the entity has an RPC for. */
export type ClusterKind = "sweep.single" | "sweep.pairs" | "sweep.exact" | "sweep.message" | "plan.state"

const clusterKinds: ReadonlySet<string> = new Set<ClusterKind>(["sweep.single", "sweep.pairs", "sweep.exact", "sweep.message", "plan.state"])

export const isClusterKind = (kind: string): kind is ClusterKind => clusterKinds.has(kind)
