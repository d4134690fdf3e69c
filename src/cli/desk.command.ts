import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError } from './api-client';
import { CommandGroup } from './cli-context';

/** The lists the secretariat follows a conference by: invitations, participants, credentials, reminders. */

interface InvitationAnswer {
  id: string;
  contactId: string;
  waveId: string;
  delivery: string;
  deliveryError: string | null;
  response: string;
  sentAt: string | null;
  respondedAt: string | null;
  remindersSent: number;
  invitee: { fullName: string; organisation: string | null; country: string | null; stakeholderType: string } | null;
}

interface ParticipantAnswer {
  id: string;
  fullName: string | null;
  email: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string | null;
  capacity: string;
  status: string;
  confirmedAt: string;
}

interface CredentialAnswer {
  id: string;
  invitationId: string;
  kind: string;
  filename: string;
  size: number;
  status: string;
  reason: string | null;
  uploadedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

interface StepAnswer {
  id: string;
  kind: string;
  offsetDays: number | null;
  dueAt: string;
  state: string;
  counts: { targeted: number; sent: number; skipped: number; waitingQuietHours: number; failed: number; pending: number; withheld: number };
}

interface PolicyAnswer {
  isDefault: boolean;
  nonResponders: { daysBeforeDeadline: number[] };
  participants: { daysBeforeStart: number[] };
  quietHours: { from: string; to: string } | null;
  digest: { at: string; to?: string | null } | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

const conferencePath = (id: string) => `/api/conferences/${encodeURIComponent(id)}`;

export const deskCommands: CommandGroup = (program, cli) => {
  program
    .command('invitations')
    .description("a conference's invitations with the invitee's name; --response none lists who has not answered")
    .argument('<conference>', 'conference id')
    .option('--response <response>', 'none, accepted, declined, waitlisted, offered or cancelled')
    .option('--delivery <delivery>', 'queued, sent, failed or bounced')
    .option('--wave <id>', 'only this wave')
    .action(async (conferenceId: string, options: { response?: string; delivery?: string; wave?: string }, command: Command) => {
      const query = new URLSearchParams();
      if (options.response) query.set('response', options.response);
      if (options.delivery) query.set('delivery', options.delivery);
      if (options.wave) query.set('waveId', options.wave);
      const all = await cli.api.all<InvitationAnswer>(`${conferencePath(conferenceId)}/invitations${query.size ? `?${query}` : ''}`);
      const out = cli.printer(command);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'Invitee', value: (i) => i.invitee?.fullName ?? '(erased)' },
            { header: 'Organisation', value: (i) => i.invitee?.organisation },
            { header: 'Country', value: (i) => i.invitee?.country },
            { header: 'Delivery', value: (i) => (i.deliveryError ? `${i.delivery}: ${i.deliveryError}` : i.delivery) },
            { header: 'Response', value: (i) => i.response },
            { header: 'Sent', value: (i) => i.sentAt },
            { header: 'Answered', value: (i) => i.respondedAt },
            { header: 'Reminders', value: (i) => i.remindersSent },
          ],
          'No invitations match.',
        ),
      );
    });

  program
    .command('participants')
    .description("a conference's participants; --csv writes every one of them to a file")
    .argument('<conference>', 'conference id')
    .option('--csv <file>', 'write the list as CSV to this file')
    .option('--country <code>', 'only this country')
    .option('--status <status>', 'confirmed (default), cancelled or substituted')
    .action(async (conferenceId: string, options: { csv?: string; country?: string; status?: string }, command: Command) => {
      const query = new URLSearchParams();
      if (options.country) query.set('country', options.country);
      if (options.status) query.set('status', options.status);
      const out = cli.printer(command);
      if (options.csv) {
        query.set('format', 'csv');
        const answer = await cli.api.request<string>('GET', `${conferencePath(conferenceId)}/participants?${query}`);
        // A refusal is reported with the API's own message.
        if (answer.status >= 400) await cli.api.get(`${conferencePath(conferenceId)}/participants?${query}`);
        const text = typeof answer.body === 'string' ? answer.body : '';
        await writeFile(options.csv, text).catch((error: NodeJS.ErrnoException) => {
          throw new CliError(`Cannot write ${options.csv}: ${error.code ?? error.message}.`);
        });
        const rows = Math.max(0, text.split('\n').filter((line) => line.trim()).length - 1);
        out.result({ file: options.csv, rows }, () => out.line(`Wrote ${rows} participant(s) to ${options.csv}.`));
        return;
      }
      const all = await cli.api.all<ParticipantAnswer>(`${conferencePath(conferenceId)}/participants${query.size ? `?${query}` : ''}`);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'Name', value: (p) => p.fullName },
            { header: 'Organisation', value: (p) => p.organisation },
            { header: 'Country', value: (p) => p.country },
            { header: 'Type', value: (p) => p.stakeholderType },
            { header: 'Capacity', value: (p) => p.capacity },
            { header: 'Status', value: (p) => p.status },
            { header: 'Confirmed', value: (p) => p.confirmedAt },
          ],
          'No participants yet.',
        ),
      );
    });

  const credentials = program
    .command('credentials')
    .description("a conference's credentials (letters of credentials, notes verbales), or review one: credentials verify|reject <id>")
    .argument('[conference]', 'conference id: list its credentials')
    .action(async (conferenceId: string | undefined, _options: unknown, command: Command) => {
      if (!conferenceId) throw new CliError('Give a conference id to list its credentials, or use credentials verify|reject <id> (see --help).');
      const all = await cli.api.all<CredentialAnswer>(`${conferencePath(conferenceId)}/credentials`);
      const out = cli.printer(command);
      out.result(all, () =>
        out.table(
          all,
          [
            { header: 'ID', value: (c) => c.id },
            { header: 'Invitation', value: (c) => c.invitationId },
            { header: 'Kind', value: (c) => c.kind },
            { header: 'File', value: (c) => `${c.filename} (${c.size} B)` },
            { header: 'Status', value: (c) => c.status },
            { header: 'Reason', value: (c) => c.reason },
            { header: 'Uploaded', value: (c) => c.uploadedAt },
          ],
          'No credentials uploaded yet.',
        ),
      );
    });

  const review = (status: 'verified' | 'rejected') => async (id: string, options: { reason?: string }, command: Command) => {
    const reviewed = await cli.api.patch<CredentialAnswer>(`/api/credentials/${encodeURIComponent(id)}`, { status, ...(options.reason ? { reason: options.reason } : {}) });
    const out = cli.printer(command);
    out.result(reviewed, () => out.line(`Credential ${reviewed.filename}: ${reviewed.status}${reviewed.reason ? ` (${reviewed.reason})` : ''}.`));
  };
  credentials.command('verify').description('mark a credential verified').argument('<id>', 'credential id').option('--reason <reason>', 'a note for the record').action(review('verified'));
  credentials.command('reject').description('reject a credential; the delegation is told why').argument('<id>', 'credential id').requiredOption('--reason <reason>', 'why, in a sentence the delegation can act on').action(review('rejected'));

  program
    .command('reminders')
    .description("a conference's reminder policy and its steps with their figures")
    .argument('<conference>', 'conference id')
    .action(async (conferenceId: string, _options: unknown, command: Command) => {
      const policy = await cli.api.get<PolicyAnswer>(`${conferencePath(conferenceId)}/reminder-policy`);
      const steps = await cli.api.all<StepAnswer>(`${conferencePath(conferenceId)}/reminders`);
      const out = cli.printer(command);
      out.result({ policy, steps }, () => {
        out.fields([
          ['Policy', policy.isDefault ? 'the default' : `set by ${policy.updatedBy} at ${policy.updatedAt}`],
          ['Non-responders', `${policy.nonResponders.daysBeforeDeadline.join(', ')} day(s) before the deadline`],
          ['Participants', `${policy.participants.daysBeforeStart.join(', ')} day(s) before the start`],
          ['Quiet hours', policy.quietHours ? `${policy.quietHours.from} to ${policy.quietHours.to}` : 'none'],
          ['Digest', policy.digest ? `daily at ${policy.digest.at}${policy.digest.to ? ` to ${policy.digest.to}` : ''}` : 'none'],
        ]);
        out.table(
          steps,
          [
            { header: 'Step', value: (s) => `${s.kind}${s.offsetDays === null ? '' : ` -${s.offsetDays}d`}` },
            { header: 'Due', value: (s) => s.dueAt },
            { header: 'State', value: (s) => s.state },
            { header: 'Targeted', value: (s) => s.counts.targeted },
            { header: 'Sent', value: (s) => s.counts.sent },
            { header: 'Skipped', value: (s) => s.counts.skipped },
            { header: 'Quiet hours', value: (s) => s.counts.waitingQuietHours },
            { header: 'Failed', value: (s) => s.counts.failed },
            { header: 'Pending', value: (s) => s.counts.pending },
          ],
          'No reminder steps planned yet.',
        );
      });
    });
};
