import { Command, InvalidArgumentError } from 'commander';
import { ConveneApi, Fetch } from './api-client';
import type { Colors } from 'picocolors/types';
import { Printer } from './output';
import { Progress } from './progress';

/** Where a run of the command line reads and writes; the tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  fetch?: Fetch;
  /** Where progress bars are drawn, when it is a terminal (standard error, so --json output stays clean). */
  progressStream?: NodeJS.WriteStream;
  /** Whether tables may use colour: a terminal that did not ask for NO_COLOR. */
  colour?: boolean;
}

/** What every command receives. */
export interface CliContext {
  /** The secretariat API at CONVENE_URL, with CONVENE_API_KEY. */
  api: ConveneApi;
  /** How to print the answer of `command`: JSON when --json was given anywhere on the line. */
  printer(command: Command): Printer;
  /** A progress bar on the terminal, or nothing when there is none. */
  progress(unit: string): Progress;
  /** Colours for people's tables; each is the identity when colour is off. */
  colours: Colors;
  /** How long --follow waits between two looks at the service. */
  pollMs: number;
}

/** Exit codes a script can rely on. */
export const EXIT = {
  ok: 0,
  /** Refused by the service, unreachable, or a wrong command line. */
  failed: 1,
  /** Done, but not all of it: an import with rejected rows, a wave with failed invitations. */
  partial: 3,
} as const;

/** Ends the command with `code` after its output was printed. */
export class ExitWith extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** A group of commands (`series ...`, `clock ...`); each group is one file, listed in commands.ts. */
export type CommandGroup = (program: Command, cli: CliContext) => void;

/** An option or argument that must be a whole number of at least `min`. */
export const wholeNumber =
  (min = 1) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}.`);
    return Number(value);
  };
