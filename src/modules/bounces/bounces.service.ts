import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { rowsOf } from '../../platform/database/rows';
import { DomainError } from '../../platform/http/domain-error';
import { redactAddresses } from '../../platform/mail/mail-errors';
import { parseMessageId } from '../../platform/mail/message-id';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { NotADeliveryReport, RecipientStatus, readDeliveryReport } from './delivery-report';
import '../../platform/mail/mail.events';

export interface BounceReceipt {
  messageId: string | null;
  /** Whether the Message-ID is one this service gave a message it sent. */
  matched: boolean;
  /** The kind of message it was (invitation, reminder, confirmation…), when matched. */
  kind: string | null;
  recipients: Array<Omit<RecipientStatus, 'diagnostic'> & { diagnostic: string | null; recorded: boolean }>;
}

/** Only these actions say something about the message: failed (a bounce) and delayed (still trying). */
const REPORTED_ACTIONS = new Set(['failed', 'delayed']);

/**
 * Delivery status notifications posted back to the service. Each is matched by the Message-ID of
 * the message it reports on, recorded once per (message, action, status), and announced as
 * `mail.bounced` in the same transaction so the module that sent the message marks it.
 */
@Injectable()
export class BouncesService {
  private readonly logger = new Logger('bounces');
  private readonly publicBaseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {
    this.publicBaseUrl = config.publicBaseUrl;
  }

  async receive(raw: Buffer): Promise<BounceReceipt> {
    let report;
    try {
      report = await readDeliveryReport(raw);
    } catch (error) {
      if (error instanceof NotADeliveryReport) throw DomainError.badRequest('not_a_delivery_report', error.message);
      throw DomainError.badRequest('unreadable_delivery_report', `The body could not be read as a mail message: ${(error as Error).message}`);
    }
    const recipients = report.recipients.map((r) => ({ ...r, diagnostic: r.diagnostic ? redactAddresses(r.diagnostic).slice(0, 1000) : null }));
    const ours = report.originalMessageId ? parseMessageId(report.originalMessageId, this.publicBaseUrl) : null;
    if (!report.originalMessageId || !ours) {
      this.logger.log({ matched: false }, 'delivery report about a message this service did not send');
      return { messageId: report.originalMessageId, matched: false, kind: null, recipients: recipients.map((r) => ({ ...r, recorded: false })) };
    }
    const messageId = report.originalMessageId;
    const now = await this.clock.now();
    const recorded = await this.dataSource.transaction(async (manager) => {
      const flags: boolean[] = [];
      for (const r of recipients) {
        if (!REPORTED_ACTIONS.has(r.action)) {
          flags.push(false);
          continue;
        }
        const fresh = await rowsOf<{ id: string }>(
          manager,
          `INSERT INTO mail_bounces (message_id, action, status, diagnostic, permanent, received_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (message_id, action, status) DO NOTHING RETURNING id`,
          [messageId, r.action, r.status, r.diagnostic, r.permanent, now.toISOString()],
        );
        flags.push(fresh.length > 0);
        if (fresh.length) {
          await this.outbox.record(manager, {
            type: 'mail.bounced',
            aggregateId: messageId,
            occurredAt: now,
            data: { messageId, kind: ours.kind, ref: ours.ref, action: r.action, status: r.status, diagnostic: r.diagnostic, permanent: r.permanent, source: 'report' },
          });
        }
      }
      return flags;
    });
    if (recorded.some(Boolean)) this.outbox.committed();
    this.logger.log({ kind: ours.kind, recorded: recorded.filter(Boolean).length }, 'delivery report recorded');
    return { messageId, matched: true, kind: ours.kind, recipients: recipients.map((r, i) => ({ ...r, recorded: recorded[i] })) };
  }
}
