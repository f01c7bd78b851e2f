/** A progress bar on stderr for long commands (sweep, plan): redrawn in place on a terminal, a line per tenth otherwise. */
export const progressBar = (label: string) => {
  const tty = process.stderr.isTTY === true
  let lastTenth = -1
  let reached = { done: 0, total: 0 }
  return {
    /** How far the bar got: `3/22`, for the line a stopped command prints. */
    reached: (): string => `${reached.done}/${reached.total}`,
    update: (done: number, total: number): void => {
      reached = { done, total }
      const width = 30
      const filled = total === 0 ? width : Math.round((done / total) * width)
      const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`
      if (tty) process.stderr.write(`\r${line}`)
      else {
        const tenth = total === 0 ? 10 : Math.floor((done / total) * 10)
        if (tenth !== lastTenth) process.stderr.write(`${line}\n`)
        lastTenth = tenth
      }
    },
    done: (): void => {
      if (tty) process.stderr.write("\n")
    }
  }
}
