import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError } from './api-client';
import { CommandGroup, EXIT, ExitWith } from './cli-context';

interface ContactAnswer {
  id: string;
  email: string;
  fullName: string;
  honorific: string | null;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string;
  language: string;
  timezone: string | null;
  gender: string | null;
  deliverable: boolean;
  undeliverableSince: string | null;
  undeliverableReason: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ImportAnswer {
  created: number;
  updated: number;
  rejected: Array<{ row: number; errors: string[] }>;
}

/** Pieces of the file the upload hands over one at a time, so the bar follows what was sent. */
const UPLOAD_PIECE = 64 * 1024;

export const contactsCommands: CommandGroup = (program, cli) => {
  const contacts = program.command('contacts').description('the contact directory: import, search, look up, erase');

  contacts
    .command('import')
    .description('add or update contacts from a CSV file (header row of field names; upsert by e-mail); rejected rows are listed and exit with 3')
    .argument('<file>', 'CSV file: email,fullName,stakeholderType,honorific,jobTitle,organisation,country,language,timezone,gender')
    .action(async (file: string, _options: unknown, command: Command) => {
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
      }
      const bar = cli.progress('bytes');
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= content.length) {
            bar.update(content.length, content.length, 'sent; the service checks every row…');
            controller.close();
            return;
          }
          const piece = content.subarray(sent, sent + UPLOAD_PIECE);
          sent += piece.length;
          bar.update(sent, content.length, 'uploading');
          controller.enqueue(piece);
        },
      });
      let result: ImportAnswer;
      try {
        result = await cli.api.call<ImportAnswer>('POST', '/api/contacts/import', body, { 'content-type': 'text/csv', 'content-length': String(content.length) });
      } finally {
        bar.stop();
      }
      const out = cli.printer(command);
      out.result(result, () => {
        out.line(`${result.created} created, ${result.updated} updated, ${result.rejected.length} rejected.`);
        if (result.rejected.length) {
          out.line('Rejected rows (row 1 is the first after the header); fix them and import the file again:');
          out.table(result.rejected, [
            { header: 'Row', value: (r) => r.row },
            { header: 'Problems', value: (r) => r.errors.join('; ') },
          ]);
        }
      });
      if (result.rejected.length) throw new ExitWith(EXIT.partial);
    });

  contacts
    .command('list')
    .description('contacts ordered by name, filtered by any of the options')
    .option('--type <stakeholderType>', 'stakeholder type, e.g. member_state')
    .option('--country <code>', 'ISO 3166-1 alpha-2 code, e.g. BY')
    .option('--region <code>', 'UN M49 area (e.g. 150 for Europe) or regional group (e.g. WEOG)')
    .option('--search <text>', 'part of a name, e-mail address or organisation')
    .action(async (options: { type?: string; country?: string; region?: string; search?: string }, command: Command) => {
      const query = new URLSearchParams();
      if (options.type) query.set('stakeholderType', options.type);
      if (options.country) query.set('country', options.country);
      if (options.region) query.set('region', options.region);
      if (options.search) query.set('q', options.search);
      const all = await cli.api.all<ContactAnswer>(`/api/contacts${query.size ? `?${query}` : ''}`);
      const out = cli.printer(command);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'ID', value: (c) => c.id },
            { header: 'Name', value: (c) => c.fullName },
            { header: 'E-mail', value: (c) => c.email },
            { header: 'Type', value: (c) => c.stakeholderType },
            { header: 'Country', value: (c) => c.country },
            { header: 'Organisation', value: (c) => c.organisation },
            { header: 'Deliverable', value: (c) => (c.deliverable ? 'yes' : 'no') },
          ],
          'No contacts match.',
        ),
      );
    });

  contacts
    .command('show')
    .description('one contact')
    .argument('<id>', 'contact id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const c = await cli.api.get<ContactAnswer>(`/api/contacts/${encodeURIComponent(id)}`);
      const out = cli.printer(command);
      out.result(c, () =>
        out.fields([
          ['ID', c.id],
          ['Name', [c.honorific, c.fullName].filter(Boolean).join(' ')],
          ['E-mail', c.email],
          ['Job title', c.jobTitle],
          ['Organisation', c.organisation],
          ['Country', c.country],
          ['Stakeholder type', c.stakeholderType],
          ['Language', c.language],
          ['Time zone', c.timezone],
          ['Deliverable', c.deliverable ? 'yes' : `no, since ${c.undeliverableSince}: ${c.undeliverableReason ?? ''}`],
          ['Created', c.createdAt],
          ['Updated', c.updatedAt],
        ]),
      );
    });

  contacts
    .command('erase')
    .description("erase a person's data (the right to erasure); their invitations stay counted without them")
    .argument('<id>', 'contact id')
    .requiredOption('--yes', 'confirm: erasure cannot be undone')
    .action(async (id: string, _options: unknown, command: Command) => {
      await cli.api.delete(`/api/contacts/${encodeURIComponent(id)}`);
      const out = cli.printer(command);
      out.result({ id, erased: true }, () => out.line(`Erased contact ${id}.`));
    });
};
