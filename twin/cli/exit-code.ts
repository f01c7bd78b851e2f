/**
 * How a command ends with a chosen exit code without it being taken for a crash: fail with `ExitCode`
 * after printing what the user needs (2 = bad input, 1 = a scenario check failed).
 */
import { Runtime } from "effect"

export class ExitCode {
  readonly code: number
  readonly [Runtime.errorExitCode]: number
  constructor(code: number) {
    this.code = code
    this[Runtime.errorExitCode] = code
  }
}
