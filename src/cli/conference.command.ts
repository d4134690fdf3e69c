import { Command } from 'commander';
import { CommandGroup } from './cli-context';
import { ConferenceAnswer, dates } from './series.command';

interface ConferenceEventAnswer {
  id: string;
  type: string;
  from: string | null;
  to: string | null;
  actor: string;
  reason: string | null;
  occurredAt: string;
}

const path = (id: string) => `/api/conferences/${encodeURIComponent(id)}`;

export const conferenceCommands: CommandGroup = (program, cli) => {
  const conference = program.command('conference').description('one conference: its details, lifecycle and history');

  conference
    .command('show')
    .description('a conference and its state')
    .argument('<id>', 'conference id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const c = await cli.api.get<ConferenceAnswer>(path(id));
      const out = cli.printer(command);
      out.result(c, () =>
        out.fields([
          ['ID', c.id],
          ['Title', c.title],
          ['Kind', c.kind],
          ['State', `${c.state} since ${c.stateChangedAt}`],
          ['Host', [c.city, c.country].filter(Boolean).join(', ')],
          ['Partners', c.partners],
          ['Dates', dates(c)],
          ['Time zone', c.timezone],
          ['RSVP deadline', c.rsvpDeadline],
          ['Capacity', c.capacity],
          ['Languages', c.languages],
          ['Delegation quota', c.delegationQuota],
          ['Series', c.seriesId],
        ]),
      );
    });

  conference
    .command('transition')
    .description('command a lifecycle transition; a refusal lists every failing guard')
    .argument('<id>', 'conference id')
    .argument('<to>', 'target state, e.g. inviting, ready, closed, postponed, cancelled')
    .option('--reason <reason>', 'why (required to postpone or cancel)')
    .action(async (id: string, to: string, options: { reason?: string }, command: Command) => {
      const moved = await cli.api.post<ConferenceAnswer>(`${path(id)}/transitions`, { to, ...(options.reason ? { reason: options.reason } : {}) });
      const out = cli.printer(command);
      out.result(moved, () => out.line(`${moved.title}: now ${moved.state}.`));
    });

  conference
    .command('events')
    .description('the history of a conference, oldest first')
    .argument('<id>', 'conference id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const events = await cli.api.all<ConferenceEventAnswer>(`${path(id)}/events`);
      const out = cli.printer(command);
      out.result(events, () =>
        out.table(
          events,
          [
            { header: 'When', value: (e) => e.occurredAt },
            { header: 'Event', value: (e) => (e.type === 'transition' ? `${e.from} -> ${e.to}` : e.type) },
            { header: 'Actor', value: (e) => e.actor },
            { header: 'Reason', value: (e) => e.reason },
          ],
          'No events yet.',
        ),
      );
    });
};
