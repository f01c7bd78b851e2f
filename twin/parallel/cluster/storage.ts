/**
 * The cluster's coordinator: a PostgreSQL database, named by URL (`postgres://user@host:port/db`), that
 * holds the runners (SqlRunnerStorage: who is up, at which address, the shard locks) and the messages
 * (SqlMessageStorage: every task request and its reply). Runners and callers only need its URL; effect's
 * SQL storages create their tables on first use.
 */
import { PgClient } from "@effect/sql-pg"
import { Redacted } from "effect"

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
