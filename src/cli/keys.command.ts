import { Argument, Command } from 'commander';
import { CommandGroup } from './cli-context';

const ROLES = ['admin', 'coordinator', 'viewer'];

export const keysCommands: CommandGroup = (program, cli) => {
  const keys = program.command('keys').description('API keys (admin only)');

  keys
    .command('create')
    .description('create an API key; it is shown only once')
    .argument('<name>', 'who uses it; recorded as the actor of what it does')
    .addArgument(new Argument('<role>', 'what it may do').choices(ROLES))
    .action(async (name: string, role: string, _options: unknown, command: Command) => {
      const created = await cli.api.post<{ id: string; name: string; role: string; key: string }>('/api/keys', { name, role });
      const out = cli.printer(command);
      out.result(created, () => {
        out.fields([
          ['ID', created.id],
          ['Name', created.name],
          ['Role', created.role],
          ['Key', created.key],
        ]);
        out.line('Store the key now: it is shown only this once.');
      });
    });
};
