/** `plural(3, "participant")` → `"3 participants"`; for evidence, summaries and reports. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
