import { Argument, Command } from 'commander';
import { CliError } from './api-client';
import { CommandGroup } from './cli-context';

const ROLES = ['admin', 'coordinator', 'viewer', 'checkin'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface KeySummary {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

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

  keys
    .command('list')
    .description('list the API keys (never the keys themselves), revoked ones with when')
    .action(async (_options: unknown, command: Command) => {
      const all = await cli.api.all<KeySummary>('/api/keys');
      const out = cli.printer(command);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'ID', value: (k) => k.id },
            { header: 'Name', value: (k) => k.name },
            { header: 'Role', value: (k) => k.role },
            { header: 'Created', value: (k) => k.createdAt },
            { header: 'Revoked', value: (k) => k.revokedAt },
          ],
          'No API keys besides the bootstrap key.',
        ),
      );
    });

  keys
    .command('revoke')
    .description('revoke an API key: it and every browser session signed in with it stop working at once')
    .argument('<key>', 'the id of the key, or its name')
    .action(async (which: string, _options: unknown, command: Command) => {
      let id = which;
      if (!UUID.test(which)) {
        const named = (await cli.api.all<KeySummary>('/api/keys')).find((k) => k.name === which);
        if (!named) throw new CliError(`No API key is named "${which}"; see npx convene keys list.`);
        id = named.id;
      }
      const revoked = await cli.api.delete<KeySummary>(`/api/keys/${id}`);
      const out = cli.printer(command);
      out.result(revoked, () => out.line(`Revoked the ${revoked.role} key "${revoked.name}" (${revoked.id}) at ${revoked.revokedAt}.`));
    });
};
