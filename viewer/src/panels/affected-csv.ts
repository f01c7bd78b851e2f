/**
 * The viewer's affected list as CSV (issue 15: whom to notify, from wherever the viewer stands): one row per
 * participant and service worse than by design (or degraded or down) at the instant shown — participant, name, group, service,
 * status, since, the cause chain of that status's start (twin/contract/cause-chain.ts) and what the twin saw
 * of it. The reports' dialect (twin/contract/csv.ts: RFC 4180, formula cells guarded); the columns are not
 * affected.csv's because the viewer tells one instant, the report a whole run.
 */
import type { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { renderCsv } from "../../../twin/contract/csv.ts"
import type { AffectedParticipant } from "../state/derive.ts"
import { formatClock, formatClockExact } from "../util/clock.ts"

export const AFFECTED_NOW_HEADER: ReadonlyArray<string> = ["participant", "name", "group", "service", "status", "since", "cause", "detail"]

export const affectedNowCsv = (rows: ReadonlyArray<AffectedParticipant>, causes: CauseIndex): string =>
  renderCsv(
    AFFECTED_NOW_HEADER,
    rows.flatMap((a) =>
      a.services.map((x) => [
        a.participant.id,
        a.participant.name,
        a.participant.group,
        x.service,
        x.status,
        formatClockExact(x.since),
        causes.chainAt(x.since)?.sentence,
        x.cause === "" ? undefined : x.cause
      ])
    )
  )

/** `affected-06-30-04.csv`: the file a download of the list at `t` is named (to the second). */
export const affectedNowFileName = (t: number): string => `affected-${formatClock(t).replaceAll(":", "-")}.csv`
