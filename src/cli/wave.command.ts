import { Command } from 'commander';
import { CliError } from './api-client';
import { CliContext, CommandGroup, EXIT, ExitWith } from './cli-context';
import { Printer } from './output';

interface WaveAnswer {
  id: string;
  conferenceId: string;
  name: string;
  audience: Record<string, string[]>;
  sendAt: string | null;
  state: string;
  audienceSize: number;
  counts: { targeted: number; alreadyInvited: number; queued: number; sent: number; failed: number; bounced: number; skippedUndeliverable: number };
  createdAt: string;
  dispatchedAt: string | null;
  completedAt: string | null;
}

interface PreviewAnswer {
  audienceSize: number;
  alreadyInvited: number;
  undeliverable: number;
}

const FINISHED = new Set(['completed', 'completed_with_failures', 'cancelled']);

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The audience options, shared by create and preview. */
function withAudience(command: Command): Command {
  return command
    .option('--types <types>', 'stakeholder types, comma-separated (e.g. member_state,igo)', list)
    .option('--countries <codes>', 'ISO 3166-1 alpha-2 codes, comma-separated (e.g. BY,KZ)', list)
    .option('--regions <codes>', 'UN M49 areas or regional groups, comma-separated (e.g. 150,WEOG)', list)
    .option('--contacts <ids>', 'contact ids, comma-separated', list);
}

function audienceOf(options: { types?: string[]; countries?: string[]; regions?: string[]; contacts?: string[] }): Record<string, string[]> {
  const audience: Record<string, string[]> = {};
  if (options.types) audience.stakeholderTypes = options.types;
  if (options.countries) audience.countries = options.countries;
  if (options.regions) audience.regions = options.regions;
  if (options.contacts) audience.contactIds = options.contacts;
  if (Object.keys(audience).length === 0) throw new CliError('Give the audience: at least one of --types, --countries, --regions, --contacts.');
  return audience;
}

const describeAudience = (audience: Record<string, string[]>) =>
  Object.entries(audience)
    .map(([criterion, values]) => `${criterion}: ${values.join(', ')}`)
    .join('; ');

function printWave(out: Printer, w: WaveAnswer): void {
  out.result(w, () =>
    out.fields([
      ['ID', w.id],
      ['Name', w.name],
      ['State', w.state],
      ['Audience', describeAudience(w.audience)],
      ['Audience size', w.audienceSize],
      ['Send at', w.sendAt ?? 'on dispatch'],
      ['Targeted', w.counts.targeted],
      ['Already invited', w.counts.alreadyInvited],
      ['Queued', w.counts.queued],
      ['Sent', w.counts.sent],
      ['Failed', w.counts.failed],
      ['Bounced', w.counts.bounced],
      ['Skipped (undeliverable)', w.counts.skippedUndeliverable],
      ['Created', w.createdAt],
      ['Dispatched', w.dispatchedAt],
      ['Completed', w.completedAt],
    ]),
  );
}

/** Invitations of the wave that have an outcome, out of those it sends. */
const progressOf = (w: WaveAnswer) => {
  const total = Math.max(0, w.counts.targeted - w.counts.alreadyInvited);
  return { done: Math.min(total, w.counts.sent + w.counts.failed + w.counts.bounced), total };
};

async function follow(cli: CliContext, id: string): Promise<WaveAnswer> {
  const bar = cli.progress('invitations');
  try {
    for (;;) {
      const wave = await cli.api.get<WaveAnswer>(`/api/waves/${encodeURIComponent(id)}`);
      const { done, total } = progressOf(wave);
      bar.update(done, total, wave.state);
      if (FINISHED.has(wave.state) || wave.state === 'scheduled' || wave.state === 'draft') return wave;
      await new Promise((resolve) => setTimeout(resolve, cli.pollMs));
    }
  } finally {
    bar.stop();
  }
}

export const waveCommands: CommandGroup = (program, cli) => {
  const wave = program.command('wave').description('waves of invitations: compose, preview, dispatch, follow');

  withAudience(wave.command('preview').description('how many contacts an audience reaches and how many the conference already invited; creates nothing').argument('<conference>', 'conference id')).action(
    async (conferenceId: string, options: Record<string, string[]>, command: Command) => {
      const preview = await cli.api.post<PreviewAnswer>(`/api/conferences/${encodeURIComponent(conferenceId)}/audience-preview`, { audience: audienceOf(options) });
      const out = cli.printer(command);
      out.result(preview, () =>
        out.line(`${preview.audienceSize} contact(s) match; ${preview.alreadyInvited} already invited, ${preview.undeliverable} undeliverable; a wave would invite ${Math.max(0, preview.audienceSize - preview.alreadyInvited - preview.undeliverable)} at most.`),
      );
    },
  );

  withAudience(
    wave
      .command('create')
      .description('create a draft wave (nothing is sent until it is dispatched)')
      .argument('<conference>', 'conference id')
      .requiredOption('--name <name>', 'name of the wave, e.g. "Member States, first wave"')
      .option('--send-at <time>', 'send at this ISO-8601 time with offset instead of on dispatch')
      .option('--include-undeliverable', 'invite contacts marked undeliverable too'),
  ).action(async (conferenceId: string, options: Record<string, string[] & string & boolean>, command: Command) => {
    const created = await cli.api.post<WaveAnswer>(`/api/conferences/${encodeURIComponent(conferenceId)}/waves`, {
      name: options.name,
      audience: audienceOf(options),
      ...(options.sendAt ? { sendAt: options.sendAt } : {}),
      ...(options.includeUndeliverable ? { includeUndeliverable: true } : {}),
    });
    printWave(cli.printer(command), created);
  });

  wave
    .command('dispatch')
    .description('send a wave now, or schedule it when its send time is ahead; with --follow, exit 3 when invitations failed')
    .argument('<wave>', 'wave id')
    .option('--follow', 'draw the progress until the wave completes')
    .action(async (id: string, options: { follow?: boolean }, command: Command) => {
      const dispatched = await cli.api.post<{ id: string; state: string }>(`/api/waves/${encodeURIComponent(id)}/dispatch`);
      const out = cli.printer(command);
      if (!options.follow) {
        out.result(dispatched, () => out.line(`Wave ${id}: ${dispatched.state}.`));
        return;
      }
      const final = await follow(cli, id);
      out.result(final, () => {
        const { done, total } = progressOf(final);
        out.line(`Wave ${final.name}: ${final.state}; ${final.counts.sent} sent, ${final.counts.failed} failed, ${final.counts.bounced} bounced (${done} of ${total}).`);
      });
      if (final.counts.failed > 0) throw new ExitWith(EXIT.partial);
    });

  wave
    .command('show')
    .description("a wave's state and counts")
    .argument('<wave>', 'wave id')
    .action(async (id: string, _options: unknown, command: Command) => {
      printWave(cli.printer(command), await cli.api.get<WaveAnswer>(`/api/waves/${encodeURIComponent(id)}`));
    });

  wave
    .command('list')
    .description("a conference's waves, oldest first")
    .argument('<conference>', 'conference id')
    .action(async (conferenceId: string, _options: unknown, command: Command) => {
      const all = await cli.api.all<WaveAnswer>(`/api/conferences/${encodeURIComponent(conferenceId)}/waves`);
      const out = cli.printer(command);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'ID', value: (w) => w.id },
            { header: 'Name', value: (w) => w.name },
            { header: 'State', value: (w) => w.state },
            { header: 'Size', value: (w) => w.audienceSize },
            { header: 'Sent', value: (w) => w.counts.sent },
            { header: 'Failed', value: (w) => w.counts.failed },
            { header: 'Created', value: (w) => w.createdAt },
          ],
          'No waves yet.',
        ),
      );
    });
};
