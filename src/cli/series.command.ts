import { Command } from 'commander';
import { CliError } from './api-client';
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

export interface SecretariatAnswer {
  name: string | null;
  email: string;
  phone: string | null;
}

export interface SeriesAnswer {
  id: string;
  name: string;
  secretariat?: SecretariatAnswer | null;
  createdAt: string;
  updatedAt?: string;
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

/** "Name <e-mail>, phone", or what invitees write to without one. */
export function describeSecretariat(secretariat: SecretariatAnswer | null | undefined): string {
  if (!secretariat) return 'none (invitees write to SECRETARIAT_EMAIL)';
  return `${secretariat.name ? `${secretariat.name} <${secretariat.email}>` : secretariat.email}${secretariat.phone ? `, ${secretariat.phone}` : ''}`;
}

interface SeriesUpdateOptions {
  name?: string;
  secretariatName?: string;
  secretariatEmail?: string;
  secretariatPhone?: string;
  /** false with --no-secretariat. */
  secretariat: boolean;
}

/**
 * The body of PATCH /api/series/:id: the API replaces the whole secretariat, so the options given
 * are laid over the current one and a single option changes only its own part.
 */
export function seriesChanges(options: SeriesUpdateOptions, current: SecretariatAnswer | null | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.name !== undefined) body.name = options.name;
  const parts = { name: options.secretariatName, email: options.secretariatEmail, phone: options.secretariatPhone };
  const touched = Object.values(parts).some((v) => v !== undefined);
  if (!options.secretariat) {
    if (touched) throw new CliError('--no-secretariat removes the secretariat; leave out the --secretariat-* options with it.');
    body.secretariat = null;
  } else if (touched) {
    const email = parts.email ?? current?.email;
    if (!email) throw new CliError('The series has no secretariat yet: give --secretariat-email (and --secretariat-name).');
    const name = parts.name ?? current?.name ?? email;
    const phone = parts.phone ?? current?.phone ?? '';
    body.secretariat = { name, email, ...(phone.trim() ? { phone } : {}) };
  }
  if (Object.keys(body).length === 0) throw new CliError('Give at least one thing to change, e.g. --name "…" or --secretariat-email … (see --help).');
  return body;
}

export function printSeries(out: Printer, series: SeriesAnswer): void {
  out.result(series, () => {
    out.line(`Series ${series.name} (${series.id})`);
    if (series.secretariat !== undefined) out.line(`Secretariat: ${describeSecretariat(series.secretariat)}`);
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
    .command('update')
    .description("change a series' name or secretariat; the others stay (its summit is a conference: convene conference update <summit-id>)")
    .argument('<id>', 'series id')
    .option('--name <name>', 'new name of the series')
    .option('--secretariat-name <name>', 'the secretariat invitees write to')
    .option('--secretariat-email <address>', "the secretariat's e-mail: shown to invitees and the Reply-To of every mail from now on")
    .option('--secretariat-phone <number>', 'the secretariat\'s telephone ("" removes it)')
    .option('--no-secretariat', 'remove the secretariat: invitees then write to SECRETARIAT_EMAIL')
    .action(async (id: string, options: SeriesUpdateOptions, command: Command) => {
      const path = `/api/series/${encodeURIComponent(id)}`;
      const needsCurrent = options.secretariat && [options.secretariatName, options.secretariatEmail, options.secretariatPhone].some((v) => v !== undefined);
      const current = needsCurrent ? (await cli.api.get<SeriesAnswer>(path)).secretariat : undefined;
      printSeries(cli.printer(command), await cli.api.patch<SeriesAnswer>(path, seriesChanges(options, current)));
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
