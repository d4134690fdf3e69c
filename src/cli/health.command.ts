import { Command } from 'commander';
import { CliError } from './api-client';
import { CommandGroup } from './cli-context';

interface HealthAnswer {
  status: 'ok' | 'error' | 'shutting_down';
  details?: Record<string, { status: string; message?: string }>;
}

export const healthCommands: CommandGroup = (program, cli) => {
  program
    .command('health')
    .description('whether the service reaches PostgreSQL and Redis; exits non-zero when not')
    .action(async (_options: unknown, command: Command) => {
      // 503 still carries which dependency is down, so the answer is read whatever its status.
      const { status, body } = await cli.api.request<HealthAnswer>('GET', '/health');
      const out = cli.printer(command);
      const components = Object.entries(body?.details ?? {}).map(([name, detail]) => ({ name, ...detail }));
      out.result(body, () =>
        out.table(components, [
          { header: 'Component', value: (c) => c.name },
          { header: 'Status', value: (c) => c.status },
          { header: 'Message', value: (c) => c.message },
        ]),
      );
      if (status !== 200) {
        const down = components.filter((c) => c.status !== 'up').map((c) => c.name);
        throw new CliError(`The service is not healthy (${status})${down.length ? `: ${down.join(', ')} down` : ''}.`);
      }
    });
};
