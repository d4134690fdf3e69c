import { Command, InvalidArgumentError } from 'commander';
import { ConveneApi, Fetch } from './api-client';
import { Printer } from './output';

/** Where a run of the command line reads and writes; the tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  fetch?: Fetch;
}

/** What every command receives. */
export interface CliContext {
  /** The secretariat API at CONVENE_URL, with CONVENE_API_KEY. */
  api: ConveneApi;
  /** How to print the answer of `command`: JSON when --json was given anywhere on the line. */
  printer(command: Command): Printer;
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
