/**
 * `?drill` opens the trainee's page, `?drill&token=…` the instructor's, both following `twin drill` over
 * ws /drill (docs/drills.md "In the browser").
 */
import { startDrillPage } from "./drill-page.ts"
import { instructorPage } from "./instructor-page.ts"
import { traineePage } from "./trainee-page.ts"

export const startDrill = (token: string | null): void => {
  if (token === null || token === "") startDrillPage("trainee", null, traineePage)
  else startDrillPage("instructor", token, instructorPage)
}
