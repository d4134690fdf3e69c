import { Command, CommanderError } from 'commander';
import { CliError, ConveneApi } from './api-client';
import { createColors } from 'picocolors';
import { CliContext, CliIo, ExitWith } from './cli-context';
import { COMMAND_GROUPS } from './commands';
import { Printer } from './output';
import { progressBar } from './progress';

export const DEFAULT_URL = 'http://localhost:3000';

const standardIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progressStream: process.stderr,
  colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

function buildProgram(env: Record<string, string | undefined>, io: CliIo): Command {
  const baseUrl = (env.CONVENE_URL?.trim() || DEFAULT_URL).replace(/\/+$/, '');
  const cli: CliContext = {
    api: new ConveneApi(baseUrl, env.CONVENE_API_KEY?.trim() || undefined, io.fetch),
    printer: (command) => new Printer(io.stdout, Boolean(command.optsWithGlobals().json)),
    progress: (unit) => progressBar(io.progressStream, unit),
    colours: createColors(Boolean(io.colour)),
    pollMs: 500,
  };
  const program = new Command('convene')
    .description('Operators\' command line for Convene. Reads CONVENE_URL (default http://localhost:3000) and CONVENE_API_KEY.')
    .addHelpText('after', '\nExit codes: 0 done; 1 refused by the service, unreachable, or a wrong command line; 3 done in part (an import with rejected rows, a wave with failed invitations).')
    .option('--json', 'print JSON instead of tables')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMAND_GROUPS) register(program, cli);
  // Subcommands inherit the in-process behaviour: report errors to `io`, never exit the process.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showHelpAfterError('(run with --help for usage)');
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/**
 * Runs one command line (`argv` without node and the script) and resolves to its exit code:
 * 0 on success, non-zero with the API's message when it refuses or cannot be reached.
 */
export async function run(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = standardIo): Promise<number> {
  const program = buildProgram(env, io);
  if (argv.length === 0) {
    program.outputHelp();
    return 1;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ExitWith) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n${error.details.map((d) => `  - ${d}\n`).join('')}`);
      return error.exitCode;
    }
    io.stderr(`Unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

export function main(): void {
  // A reader that stops early (`convene status | head`) is not an error of the command.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
