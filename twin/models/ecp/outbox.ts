/**
 * The participants' outboxes in the ECP file store that the servers of both sites front (server.ts): the
 * response files made ready for each client, which a poll on any server lists.
 *
 * When to use: a server puts a response here when it falls due (or at its restart, for one that fell due
 * while it was down) and answers a client's poll from it (messages.ts `poll` / `outbox`).
 *
 * Gotchas:
 * - One outbox per world (twin/simulate/wire-ecp.ts), shared by reference by every server's state and
 *   written in place, as the China Connect session store is (twin/models/csc/session-store.ts): a state
 *   given to a step is spent. Nothing reads it outside a server's step, so a run stays deterministic.
 * - Files stay listed once fetched (a real outbox keeps them until the participant deletes them [U]): the
 *   client fetches only the responses it still awaits.
 */
export interface ReadyResponse {
  readonly file: string
  readonly bytes: number
  /** The upload it answers. */
  readonly answers: string
  /**
   * When its download is due: `responseDeadline` after the instant it became ready (server.ts). A listing
   * tells when a file arrived; the service level that counts from it both sides know.
   */
  readonly deadline: number
}

export class EcpOutbox {
  private readonly byClient = new Map<string, Array<ReadyResponse>>()

  put(client: string, r: ReadyResponse): void {
    const files = this.byClient.get(client)
    if (files === undefined) this.byClient.set(client, [r])
    else files.push(r)
  }

  /** The client's ready responses, in the order they became ready. */
  list(client: string): ReadonlyArray<ReadyResponse> {
    // A copy: the answer carrying it is delivered later, when more may have been put here.
    return [...(this.byClient.get(client) ?? [])]
  }
}
