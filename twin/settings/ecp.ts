/** ECP SFTP: the file types exchanged, with sizes and times (DOMAIN §4). Typed, as the wirings read it; the scenario/estate input form is scenarios/settings/ecp.ts. */
export interface EcpSettings {}
