/**
 * The cluster's coordinator: a PostgreSQL database, named by URL (`postgres://user@host:port/db`), that
 * holds the runners (SqlRunnerStorage: who is up, at which address, the shard locks) and the messages
 * (SqlMessageStorage: every task request and its reply). Runners and callers only need its URL; effect's
 * SQL storages create their tables on first use.
 */
import { PgClient } from "@effect/sql-pg"
import { Cause, Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { InputInvalid, issue } from "../../../topology/input-issue.ts"

export const coordinatorLayer = (url: string) => PgClient.layer({ url: Redacted.make(url), maxConnections: 8 })

/** A URL the coordinator can be: postgres:// or postgresql://, with a host. */
export const isCoordinatorUrl = (url: string): boolean => {
  try {
    const u = new URL(url)
    return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== ""
  } catch {
    return false
  }
}

/** The innermost message of an error and its causes (a refused connection's `connect ECONNREFUSED …`). */
const innermost = (e: unknown): string => {
  let at: unknown = e
  while (at instanceof Error && at.cause instanceof Error) at = at.cause
  return at instanceof Error ? at.message : String(at)
}

/**
 * Connects to the coordinator once and asks it `SELECT 1`: a coordinator unreachable, refusing us or not
 * Postgres is told as bad input of `flag` (one line, `--cluster: expected a reachable Postgres coordinator,
 * got connect ECONNREFUSED 127.0.0.1:1`) before the cluster layers start (which would die on it).
 */
export const probeCoordinator = (url: string, flag: string): Effect.Effect<void, InputInvalid> =>
  Effect.scoped(Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`SELECT 1`
  }).pipe(Effect.provide(coordinatorLayer(url)))).pipe(
    Effect.timeout("20 seconds"),
    Effect.catchCause((cause) => Effect.fail(new InputInvalid({ file: flag, issues: [issue("", "a reachable Postgres coordinator", innermost(Cause.squash(cause)))] })))
  )
