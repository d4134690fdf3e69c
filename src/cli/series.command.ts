import { Command } from 'commander';
import { CommandGroup, wholeNumber } from './cli-context';
import { Column, Printer } from './output';

/** A conference as the API answers it (GET /api/conferences/:id and inside a series). */
export interface ConferenceAnswer {
  id: string;
  seriesId: string;
  kind: 'regional' | 'summit';
  title: string;
  city: string | null;
  country: string | null;
  partners: string[];
  startsOn: string | null;
  endsOn: string | null;
  timezone: string | null;
  capacity: number | null;
  languages: string[];
  rsvpDeadline: string | null;
  delegationQuota: number;
  translations?: Record<string, { title?: string; city?: string; venue?: string }>;
  state: string;
  stateChangedAt: string;
}

export interface SeriesAnswer {
  id: string;
  name: string;
  createdAt: string;
  summit: ConferenceAnswer | null;
  conferences: ConferenceAnswer[];
  summitReadiness: { ready: boolean; missingReports: string[]; waivers: Array<{ conferenceId: string; reason: string }> };
}

export const dates = (c: Pick<ConferenceAnswer, 'startsOn' | 'endsOn'>) => (c.startsOn ? `${c.startsOn} to ${c.endsOn ?? '?'}` : null);

export const conferenceColumns: Column<ConferenceAnswer>[] = [
  { header: 'ID', value: (c) => c.id },
  { header: 'Kind', value: (c) => c.kind },
  { header: 'City', value: (c) => c.city },
  { header: 'Country', value: (c) => c.country },
  { header: 'State', value: (c) => c.state },
  { header: 'Dates', value: dates },
  { header: 'RSVP deadline', value: (c) => c.rsvpDeadline },
];

/** "ready", or what the summit still waits for, naming conferences by city. */
export function describeReadiness(series: Pick<SeriesAnswer, 'conferences' | 'summitReadiness'>): string {
  const { ready, missingReports } = series.summitReadiness;
  if (ready) return 'ready: every regional conference is reported, closed, cancelled or waived';
  if (series.conferences.every((c) => c.kind !== 'regional')) return 'not ready: the series has no regional conference yet';
  const names = missingReports.map((id) => {
    const conference = series.conferences.find((c) => c.id === id);
    return conference?.city ?? conference?.title ?? id;
  });
  return `not ready: ${missingReports.length} regional report(s) missing (${names.join(', ')})`;
}

export function printSeries(out: Printer, series: SeriesAnswer): void {
  out.result(series, () => {
    out.line(`Series ${series.name} (${series.id})`);
    out.table(series.conferences, conferenceColumns);
    out.line(`Summit readiness: ${describeReadiness(series)}`);
  });
}

export const seriesCommands: CommandGroup = (program, cli) => {
  const series = program.command('series').description('series of regional conferences feeding one summit');

  series
    .command('create')
    .description('create a series with its summit')
    .requiredOption('--name <name>', 'name of the series')
    .requiredOption('--summit-title <title>', 'title of the summit')
    .requiredOption('--summit-city <city>', 'host city of the summit')
    .requiredOption('--summit-country <code>', 'host country, ISO 3166-1 alpha-2 (e.g. US)')
    .requiredOption('--summit-starts-on <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--summit-ends-on <date>', 'last day, YYYY-MM-DD')
    .requiredOption('--summit-timezone <zone>', 'IANA time zone (e.g. America/New_York)')
    .requiredOption('--summit-capacity <number>', 'participants the summit can hold', wholeNumber(1))
    .option('--secretariat-name <name>', 'the secretariat invitees write to (with --secretariat-email)')
    .option('--secretariat-email <address>', "the secretariat's e-mail: shown to invitees and the Reply-To of every mail")
    .option('--secretariat-phone <number>', "the secretariat's telephone, shown to invitees")
    .action(async (options: Record<string, string | number>, command: Command) => {
      const secretariat = options.secretariatEmail
        ? { name: options.secretariatName ?? options.secretariatEmail, email: options.secretariatEmail, ...(options.secretariatPhone ? { phone: options.secretariatPhone } : {}) }
        : undefined;
      const created = await cli.api.post<SeriesAnswer>('/api/series', {
        name: options.name,
        ...(secretariat ? { secretariat } : {}),
        summit: {
          title: options.summitTitle,
          city: options.summitCity,
          country: options.summitCountry,
          startsOn: options.summitStartsOn,
          endsOn: options.summitEndsOn,
          timezone: options.summitTimezone,
          capacity: options.summitCapacity,
        },
      });
      printSeries(cli.printer(command), created);
    });

  series
    .command('list')
    .description('every series')
    .action(async (_options: unknown, command: Command) => {
      const items = await cli.api.all<{ id: string; name: string; createdAt: string }>('/api/series');
      const out = cli.printer(command);
      out.result(items, () =>
        out.table(
          items,
          [
            { header: 'ID', value: (s) => s.id },
            { header: 'Name', value: (s) => s.name },
            { header: 'Created', value: (s) => s.createdAt },
          ],
          'No series yet.',
        ),
      );
    });

  series
    .command('show')
    .description('a series: its conferences with their states, and the summit readiness')
    .argument('<id>', 'series id')
    .action(async (id: string, _options: unknown, command: Command) => {
      printSeries(cli.printer(command), await cli.api.get<SeriesAnswer>(`/api/series/${encodeURIComponent(id)}`));
    });
};
