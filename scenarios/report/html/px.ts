/** A coordinate for SVG markup: one decimal is finer than a pixel and keeps the page small and stable. */
export const px = (value: number): number => Math.round(value * 10) / 10
