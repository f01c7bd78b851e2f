/** The viewer's production build, made once per `vitest run` for every browser test file that serves it (test/support/shared-outputs.ts); read-only. */
import { sharedOutput } from "../../support/shared-outputs.ts"
import { buildViewer } from "./build-viewer.ts"

export const sharedViewerBuild = (): Promise<string> => sharedOutput("viewer-build", (dir) => buildViewer(dir))
