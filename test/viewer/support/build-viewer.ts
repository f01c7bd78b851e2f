/** Builds the viewer with Vite's API into a directory (tests and the benchmark build their own copy). */
import { build } from "vite"

export const buildViewer = async (outDir: string): Promise<void> => {
  await build({ configFile: "viewer/vite.config.ts", build: { outDir, emptyOutDir: true }, logLevel: "error" })
}
