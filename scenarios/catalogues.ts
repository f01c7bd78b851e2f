/** The shipped fault and check catalogues, as the scenario loader takes them. */
import { checkCatalogue } from "./checks/catalogue.ts"
import { faultCatalogue } from "./faults/catalogue.ts"
import type { Catalogues } from "./scenario.ts"

export const catalogues: Catalogues = { faults: faultCatalogue, checks: checkCatalogue }
