/** The tiny estate's model, for viewer tests that need its layout (twin/world/estate-layout.ts). */
export { tiny } from "../twin/serve/support.ts"
