/**
 * The five services the twin judges per participant, in the order every table and trace lists them
 * (the estate schema, topology/schema.ts, decodes a flow's `service` against this list).
 */
export const SERVICES = ["otp-c", "otp-csc", "omd-c", "omd-cc", "ecp-sftp"] as const
export type Service = (typeof SERVICES)[number]

export const isService = (v: unknown): v is Service => typeof v === "string" && (SERVICES as ReadonlyArray<string>).includes(v)
