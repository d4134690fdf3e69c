import { Command, InvalidArgumentError } from 'commander';
import { CommandGroup } from './cli-context';

interface ClockAnswer {
  mode: 'system' | 'manual';
  now: string;
}

interface ClockMoveAnswer extends ClockAnswer {
  from: string;
  performed: number;
}

const instant = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('must be an ISO-8601 date or time with offset, e.g. 2019-10-01T09:00:00Z.');
  }
  return value;
};

const duration = (value: string): string => {
  if (!/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(value)) {
    throw new InvalidArgumentError('must be an ISO-8601 duration such as P3D, PT12H or P1M2D.');
  }
  return value;
};

export const clockCommands: CommandGroup = (program, cli) => {
  const clock = program.command('clock').description('the deployment clock (moves only with CONVENE_CLOCK=manual)');

  clock
    .command('show')
    .description('the current time of the deployment')
    .action(async (_options: unknown, command: Command) => {
      const now = await cli.api.get<ClockAnswer>('/api/admin/clock');
      const out = cli.printer(command);
      out.result(now, () => out.line(`${now.now} (${now.mode} clock)`));
    });

  const move = async (body: { to: string } | { advance: string }, command: Command) => {
    const moved = await cli.api.post<ClockMoveAnswer>('/api/admin/clock', body);
    const out = cli.printer(command);
    out.result(moved, () => out.line(`Clock moved from ${moved.from} to ${moved.now}; ${moved.performed} due item(s) performed.`));
  };

  clock
    .command('set')
    .description('move the manual clock to a time (never backwards), then run what became due')
    .argument('<time>', 'ISO-8601 time with offset, e.g. 2019-10-01T09:00:00Z', instant)
    .action((to: string, _options: unknown, command: Command) => move({ to }, command));

  clock
    .command('advance')
    .description('move the manual clock forward, then run what became due')
    .argument('<duration>', 'ISO-8601 duration, e.g. P3D or PT12H', duration)
    .action((advance: string, _options: unknown, command: Command) => move({ advance }, command));
};
