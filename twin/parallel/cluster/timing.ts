/**
 * How quickly the cluster notices change, for runners and callers alike (they must agree). effect's
 * defaults suit long-lived services (a runner's health checked every minute, unprocessed messages polled
 * every 10 s); a sweep is minutes long, so the twin checks more often: a dead runner is found within
 * ~5 s, its requests are picked up from storage within ~1 s of its shards moving, and a new runner gets
 * shards at the next assignment refresh (1 s). The shard locks keep effect's defaults (refreshed every
 * 10 s, expiring after 35 s): a runner that dies closes its Postgres sessions, which frees its locks at
 * once, and shorter ones made busy runners on a loaded machine lose their shards for nothing (seen at a
 * load average of 16 on two cores: tasks started twice).
 */
import { Duration } from "effect"
import type { ShardingConfig } from "effect/cluster"

export interface ClusterTiming {
  readonly healthCheck: Duration.Input
  readonly messagePoll: Duration.Input
  readonly refreshAssignments: Duration.Input
}

export const twinTiming: ClusterTiming = {
  healthCheck: Duration.seconds(5),
  messagePoll: Duration.seconds(1),
  refreshAssignments: Duration.seconds(1)
}

export const shardingConfigOf = (timing: ClusterTiming = twinTiming): Partial<ShardingConfig.ShardingConfig["Service"]> => ({
  runnerHealthCheckInterval: timing.healthCheck,
  entityMessagePollInterval: timing.messagePoll,
  refreshAssignmentsInterval: timing.refreshAssignments,
  entityReplyPollInterval: Duration.millis(100)
})
