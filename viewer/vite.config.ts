// The viewer is a static app: `npm run build:viewer` writes viewer/dist, which `twin serve` (or any static
// server) hands out next to the traces it plays.
import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"

const root = fileURLToPath(new URL(".", import.meta.url))

export default defineConfig({
  root,
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1024 },
  logLevel: "warn"
})
