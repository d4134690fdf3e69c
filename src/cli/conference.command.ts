import { Command, InvalidArgumentError } from 'commander';
import { CliError } from './api-client';
import { CommandGroup, wholeNumber } from './cli-context';
import { Printer } from './output';
import { ConferenceAnswer, SeriesAnswer, conferenceColumns, dates } from './series.command';

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

/** The conference fields as options, shared by create and update; each maps to one field of the API. */
function withConferenceFields(command: Command, creating: boolean): Command {
  const title = creating ? command.requiredOption('--title <title>', 'title of the conference') : command.option('--title <title>', 'title of the conference');
  return title
    .option('--city <city>', 'host city')
    .option('--country <code>', 'host country, ISO 3166-1 alpha-2 (e.g. BY)')
    .option('--partners <codes>', 'co-hosting countries, comma-separated ISO codes', list)
    .option('--starts-on <date>', 'first day, YYYY-MM-DD')
    .option('--ends-on <date>', 'last day, YYYY-MM-DD')
    .option('--timezone <zone>', 'IANA time zone (e.g. Europe/Minsk)')
    .option('--capacity <number>', 'participants it can hold', wholeNumber(1))
    .option('--languages <codes>', 'UN languages of its texts, comma-separated (e.g. en,ru)', list)
    .option('--rsvp-deadline <date>', 'last day to answer, YYYY-MM-DD in the conference zone')
    .option('--delegation-quota <number>', 'delegates an invitee may name besides themselves', wholeNumber(0))
    .option('--text <language.field=text>', 'title, city or venue in a working language, e.g. fr.title="Conférence régionale — Minsk"; repeat for each, an empty text removes one', text, []);
}

type Texts = Record<string, Record<string, string>>;
const TEXT = /^([a-z]{2})\.(title|city|venue)=([\s\S]*)$/;

/** One --text option, gathered into the translations it sets (an empty text stands for removing it). */
function text(value: string, previous: Array<[string, string, string]>): Array<[string, string, string]> {
  const match = TEXT.exec(value);
  if (!match) throw new InvalidArgumentError('must be <language>.<title|city|venue>=<text>, e.g. fr.city=Minsk.');
  return [...previous, [match[1], match[2], match[3].trim()]];
}

/** The conference's translations with the --text options applied over them: the API takes the whole set at once. */
function withTexts(current: Texts, changes: Array<[string, string, string]>): Texts {
  const next: Texts = Object.fromEntries(Object.entries(current).map(([language, fields]) => [language, { ...fields }]));
  for (const [language, field, value] of changes) {
    const fields = (next[language] ??= {});
    if (value) fields[field] = value;
    else delete fields[field];
    if (Object.keys(fields).length === 0) delete next[language];
  }
  return next;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const FIELDS = ['title', 'city', 'country', 'partners', 'startsOn', 'endsOn', 'timezone', 'capacity', 'languages', 'rsvpDeadline', 'delegationQuota'] as const;

const bodyOf = (options: Record<string, unknown>) => Object.fromEntries(FIELDS.filter((f) => options[f] !== undefined).map((f) => [f, options[f]]));

export function printConference(out: Printer, c: ConferenceAnswer): void {
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
      ...Object.entries(c.translations ?? {}).map(([language, t]): [string, string] => [`Texts (${language})`, [t.title, t.city, t.venue].filter(Boolean).join(' · ')]),
      ['Series', c.seriesId],
    ]),
  );
}

export const conferenceCommands: CommandGroup = (program, cli) => {
  const conference = program.command('conference').description('one conference: its details, lifecycle and history');

  withConferenceFields(
    conference.command('create').description('create a regional conference in a series').requiredOption('--series <id>', 'the series it feeds'),
    true,
  ).action(async (options: Record<string, unknown>, command: Command) => {
    const body = bodyOf(options);
    const changes = options.text as Array<[string, string, string]>;
    if (changes.length) body.translations = withTexts({}, changes);
    const created = await cli.api.post<ConferenceAnswer>(`/api/series/${encodeURIComponent(String(options.series))}/conferences`, body);
    printConference(cli.printer(command), created);
  });

  withConferenceFields(conference.command('update').description('change the fields given; the others stay').argument('<id>', 'conference id'), false).action(
    async (id: string, options: Record<string, unknown>, command: Command) => {
      const body = bodyOf(options);
      const changes = options.text as Array<[string, string, string]>;
      if (changes.length) body.translations = withTexts((await cli.api.get<ConferenceAnswer>(path(id))).translations ?? {}, changes);
      if (Object.keys(body).length === 0) throw new CliError('Give at least one field to change, e.g. --rsvp-deadline 2027-02-15 (see --help).');
      printConference(cli.printer(command), await cli.api.patch<ConferenceAnswer>(path(id), body));
    },
  );

  conference
    .command('list')
    .description('every conference of every series (or of one), with its state')
    .option('--series <id>', 'only this series')
    .action(async (options: { series?: string }, command: Command) => {
      const seriesIds = options.series ? [options.series] : (await cli.api.all<{ id: string }>('/api/series')).map((s) => s.id);
      const all: Array<ConferenceAnswer & { seriesName: string }> = [];
      for (const id of seriesIds) {
        const series = await cli.api.get<SeriesAnswer>(`/api/series/${encodeURIComponent(id)}`);
        all.push(...series.conferences.map((c) => ({ ...c, seriesName: series.name })));
      }
      const out = cli.printer(command);
      out.result(all, () => out.table(all, [{ header: 'Series', value: (c) => c.seriesName }, { header: 'Title', value: (c) => c.title }, ...conferenceColumns], 'No conferences yet.'));
    });

  conference
    .command('show')
    .description('a conference and its state')
    .argument('<id>', 'conference id')
    .action(async (id: string, _options: unknown, command: Command) => {
      printConference(cli.printer(command), await cli.api.get<ConferenceAnswer>(path(id)));
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
