import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { withRetry } from '../../platform/database/retry';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { metricsRegistry } from '../../platform/observability/metrics';
import { Parties, PlaceLedger } from '../places';
import { AnswerBatches, Batchable, BatchWork } from './answer-batches';
import { AnswerIntent, AnswerOutcome, intend } from './answer-planner';
import { AnswerRecorder, BatchOrder, PlacesRanShort } from './answer-recorder';
import { closedReason, offerOpen, unknownLink } from './answer-window';
import type { RsvpAnswerDto } from '../rsvp';
import { RsvpLinks } from './rsvp-links';

const batchAnswers = new Histogram({
  name: 'convene_rsvp_batch_answers',
  help: 'Answers taken together by one batch of the RSVP form',
  buckets: [1, 2, 5, 10, 25, 50, 100, 250],
  registers: [metricsRegistry],
});
const answersRecorded = new Counter({
  name: 'convene_rsvp_answers_total',
  help: 'RSVP answers by how they were recorded: together (first answers of a batch) or one by one (changes, offers, retries)',
  labelNames: ['recorded'],
  registers: [metricsRegistry],
});

/** An answer received, waiting for its outcome. */
class Submitted implements Batchable {
  settled = false;

  constructor(
    readonly key: string,
    readonly dto: RsvpAnswerDto,
    readonly actor: string,
    private readonly done: { resolve(outcome: AnswerOutcome): void; reject(error: unknown): void },
  ) {}

  resolve(outcome: AnswerOutcome): void {
    this.settled = true;
    this.done.resolve(outcome);
  }

  reject(error: unknown): void {
    this.settled = true;
    this.done.reject(error);
  }
}

/**
 * Answers to invitations, recorded in arrival order through AnswerBatches. A batch takes first
 * answers (no answer recorded yet, replies open) in one transaction; everything else (a change, an
 * offer being taken up, a closed conference, a second answer to the same invitation in one batch)
 * is recorded alone after the batch, and so is every answer of a batch that rolled back.
 */
@Injectable()
export class AnswersService implements BatchWork<Submitted>, BeforeApplicationShutdown {
  private readonly logger = new Logger('rsvp-answers');
  private readonly batches = new AnswerBatches<Submitted>(this);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: RsvpLinks,
    private readonly recorder: AnswerRecorder,
    private readonly parties: Parties,
    private readonly places: PlaceLedger,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  answer(token: string, dto: RsvpAnswerDto, actor = 'invitee'): Promise<AnswerOutcome> {
    return new Promise<AnswerOutcome>((resolve, reject) => this.batches.submit(new Submitted(token, dto, actor, { resolve, reject })));
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.batches.beforeApplicationShutdown();
  }

  /** One answer of any kind, in a transaction of its own. */
  async alone(submitted: Submitted): Promise<void> {
    answersRecorded.inc({ recorded: 'one by one' });
    try {
      submitted.resolve(await this.answerAlone(submitted.key, submitted.dto, submitted.actor));
    } catch (error) {
      submitted.reject(error);
    }
  }

  failed(batch: Submitted[], error: unknown): void {
    this.logger.warn(`A batch of ${batch.length} answers was rolled back; its answers are recorded one by one: ${(error as Error).message}`);
  }

  private async answerAlone(token: string, dto: RsvpAnswerDto, actor: string): Promise<AnswerOutcome> {
    const opened = await this.links.open(token);
    const { invitation, conference } = opened;
    const now = await this.clock.now();
    const closed = closedReason(conference, now);
    if (closed && !offerOpen(conference, await this.parties.read(this.dataSource, invitation.id), now)) throw closed;
    await this.places.layOut(conference.id, conference.capacity ?? 0, new Date(conference.updatedAt));
    const outcome = await withRetry(() => this.dataSource.transaction((manager) => this.recorder.recordAlone(manager, { dto, actor, opened }, now)));
    if (outcome.changed) this.outbox.committed();
    return outcome;
  }

  async together(batch: Submitted[], order: BatchOrder, leave: (item: Submitted) => void, busy: ReadonlySet<string> | undefined): Promise<void> {
    batchAnswers.observe(batch.length);
    const now = await this.clock.now();
    // The transaction opens while the links are read: its BEGIN is not one more round trip in the
    // batch's chain. (Awaited inside it; the catch only keeps an early failure from being reported
    // as unhandled before then.)
    const reading = this.firstAnswers(batch, leave, now, busy);
    reading.catch(() => undefined);
    const record = (mayTakePlacesInWrite: boolean) =>
      this.dataSource.transaction(async (manager) => {
        const first = await reading;
        const intents = first.map((f) => f.intent);
        return { first, outcomes: await this.recorder.recordFirst(manager, intents, now, order, mayTakePlacesInWrite) };
      });
    const { first, outcomes } = await record(true).catch((error: unknown) => {
      if (error instanceof PlacesRanShort) return record(false);
      throw error;
    });
    if (first.length === 0) return;
    first.forEach((f, i) => f.submitted.resolve(outcomes[i]));
    answersRecorded.inc({ recorded: 'together' }, first.length);
    this.outbox.committed();
  }

  /**
   * The batch's first answers, planned; refusals are answered at once, everything else is left to
   * be recorded alone, including the links the batch before is still recording (its answer is not
   * committed yet, so this one may be a change).
   */
  private async firstAnswers(
    batch: Submitted[],
    leave: (item: Submitted) => void,
    now: Date,
    busy: ReadonlySet<string> | undefined,
  ): Promise<Array<{ submitted: Submitted; intent: AnswerIntent }>> {
    const opened = await this.links.openMany(batch.map((b) => b.key));
    const first: Array<{ submitted: Submitted; intent: AnswerIntent }> = [];
    const seen = new Set<string>();
    batch.forEach((submitted, i) => {
      const o = opened[i];
      if (!o) return submitted.reject(unknownLink());
      if (busy?.has(submitted.key)) return leave(submitted);
      const invitationId = o.invitation.id;
      const isFirst = o.invitation.response === 'none' && !seen.has(invitationId) && !closedReason(o.conference, now);
      seen.add(invitationId);
      if (!isFirst) return leave(submitted);
      try {
        first.push({ submitted, intent: intend({ dto: submitted.dto, actor: submitted.actor, opened: o, party: null, members: [] }) });
      } catch (error) {
        submitted.reject(error);
      }
    });
    for (const conference of new Map(first.map((f) => [f.intent.input.opened.conference.id, f.intent.input.opened.conference])).values()) {
      await this.places.layOut(conference.id, conference.capacity ?? 0, new Date(conference.updatedAt));
    }
    return first;
  }
}
