import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { MailDeliveryError } from '../../platform/mail/mail-errors';
import { MailTransport } from '../../platform/mail/mail-transport';
import { escapeHtml } from '../../platform/mail/mime-skeleton';
import type { ConferenceSummary } from '../conferences';
import { ConferencesService } from '../conferences';
import { OverdueItem, PipelineContributions } from '../pipeline';
import { usableZone } from './quiet-hours';
import { ReminderPolicies } from './reminder-policies';
import type { StepRow } from './reminder-steps';
import { CLAIM_LEASE_SECONDS } from './reminders.jobs';

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

/** The secretariat's digest of one conference: what every module reports overdue, in plain words. */
export function renderDigest(conference: Pick<ConferenceSummary, 'id' | 'title' | 'state' | 'timezone'>, items: OverdueItem[], unavailable: string[], now: Date): Digest {
  const zone = usableZone(conference.timezone, 'UTC');
  const day = DateTime.fromJSDate(now, { zone }).toFormat('cccc d LLLL yyyy');
  const line = (item: OverdueItem) => `${item.message}${item.since ? ` (since ${DateTime.fromISO(item.since, { zone }).toFormat('d LLL yyyy HH:mm')})` : ''}`;
  const intro = `Daily digest for ${conference.title}, ${day}. The conference is ${conference.state.replace(/_/g, ' ')}.`;
  const missing = unavailable.length ? `Not included, could not be read: ${unavailable.join(', ')}.` : null;
  const footer = `Sent each day while something is overdue. Change the time or turn it off with PUT /api/conferences/${conference.id}/reminder-policy.`;
  const text = [intro, `${items.length} overdue item(s):`, items.map((i) => `- ${line(i)}`).join('\n'), missing, `-- \n${footer}`].filter(Boolean).join('\n\n') + '\n';
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Daily digest</title></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    `<p>${escapeHtml(intro)}</p>`,
    `<p><strong>${items.length} overdue item(s):</strong></p>`,
    `<ul>${items.map((i) => `<li>${escapeHtml(line(i))}</li>`).join('')}</ul>`,
    missing ? `<p>${escapeHtml(missing)}</p>` : '',
    `<p style="font-size:12px;color:#616e7c;">${escapeHtml(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: `Daily digest: ${conference.title} — ${items.length} overdue item(s)`, text, html };
}

/**
 * Sends one day's digest. The step's single delivery row is claimed first, so a repeated job sends
 * one message at most; a day with nothing overdue sends nothing and says so in the step's counts.
 */
@Injectable()
export class ReminderDigest {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conferences: ConferencesService,
    private readonly policies: ReminderPolicies,
    private readonly pipeline: PipelineContributions,
    private readonly transport: MailTransport,
    private readonly clock: ClockService,
  ) {}

  /** `finalAttempt`: a temporary refusal becomes a failure instead of waiting for another try. */
  async send(step: StepRow, finalAttempt: boolean): Promise<'sent' | 'skipped' | 'failed' | null> {
    const claimed: unknown[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE reminder_deliveries SET status = 'sending', claimed_at = now()
         WHERE step_id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2)))
         RETURNING recipient_id
       ) SELECT * FROM claimed`,
      [step.id, CLAIM_LEASE_SECONDS],
    );
    if (claimed.length === 0) return null;
    const conference = await this.conferences.find(step.conference_id);
    const policy = await this.policies.effective(conference.id);
    const now = await this.clock.now();
    const overdue = await this.pipeline.overdueFor([conference.id], now);
    const items = overdue.byConference.get(conference.id) ?? [];
    if (items.length === 0) {
      await this.mark(step.id, 'skipped', 'nothing_overdue', now);
      return 'skipped';
    }
    const digest = renderDigest(conference, items, overdue.unavailable, now);
    const to = policy.digest?.to ?? this.config.secretariatEmail ?? this.transport.envelopeFrom;
    try {
      await this.transport.send({
        from: this.transport.from,
        to: { name: 'Conference Secretariat', address: to },
        messageId: this.transport.messageIdFor(`reminder-${step.step_key}`, conference.id),
        language: 'en',
        ...digest,
      });
    } catch (error) {
      if (error instanceof MailDeliveryError && !error.permanent && !finalAttempt) {
        await this.dataSource.query(`UPDATE reminder_deliveries SET status = 'pending', claimed_at = NULL WHERE step_id = $1 AND status = 'sending'`, [step.id]);
        throw error;
      }
      await this.mark(step.id, 'failed', (error as Error).message, now);
      return 'failed';
    }
    await this.mark(step.id, 'sent', null, now);
    return 'sent';
  }

  private async mark(stepId: string, status: 'sent' | 'skipped' | 'failed', reason: string | null, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE reminder_deliveries SET status = $2, reason = $3, sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END WHERE step_id = $1 AND status = 'sending'`,
      [stepId, status, reason, now.toISOString()],
    );
  }
}
