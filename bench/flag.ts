/** The value after flag `name` in a benchmark's arguments (`--before DIR`), or undefined when it is not given. */
export const flag = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
