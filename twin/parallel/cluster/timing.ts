/**
 * How quickly the cluster notices change, for runners and callers alike (they must agree). effect's
 * defaults suit long-lived services (a runner's health checked every minute, unprocessed messages polled
 * every 10 s); a sweep is minutes long, so the twin checks more often: a dead runner is found within
 * ~5 s, its requests are picked up from storage within ~1 s of its shards moving, and a new runner gets
 * shards at the next assignment refresh (1 s).
 */
import { Duration } from "effect"
import type { ShardingConfig } from "effect/cluster"

export interface ClusterTiming {
  readonly healthCheck: Duration.Input
  readonly messagePoll: Duration.Input
  readonly refreshAssignments: Duration.Input
  readonly shardLockRefresh: Duration.Input
  readonly shardLockExpiration: Duration.Input
}

export const twinTiming: ClusterTiming = {
  healthCheck: Duration.seconds(5),
  messagePoll: Duration.seconds(1),
  refreshAssignments: Duration.seconds(1),
  shardLockRefresh: Duration.seconds(2),
  shardLockExpiration: Duration.seconds(10)
}

export const shardingConfigOf = (timing: ClusterTiming = twinTiming): Partial<ShardingConfig.ShardingConfig["Service"]> => ({
  runnerHealthCheckInterval: timing.healthCheck,
  entityMessagePollInterval: timing.messagePoll,
  refreshAssignmentsInterval: timing.refreshAssignments,
  shardLockRefreshInterval: timing.shardLockRefresh,
  shardLockExpiration: timing.shardLockExpiration,
  entityReplyPollInterval: Duration.millis(100)
})
