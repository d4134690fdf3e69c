import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { preparedRows } from '../../platform/database/prepared';
import { composeStatement } from '../../platform/database/statement-parts';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { metricsRegistry } from '../../platform/observability/metrics';
import { InvitationsService } from '../invitations/invitations.service';
import { AnswerBase, acceptedEvents, answerChange, answeredMembers, deadlineOf, declinedEvent, stored, waitlistedEvent } from './answer-records';
import { RsvpAnswerDto } from './dto/rsvp.dto';
import { NewParty, createPartiesPart } from './party';
import { ParticipantsService, RosterChange, inviteeFrom } from './participants.service';
import { PlaceLedger } from './place-ledger';
import { EMPTY_REQUEST, PartyRequest, checkRequest, mergeRequest } from './rsvp-request';
import { AnswerOutcome, OpenedInvitation, RsvpService, unknownLink } from './rsvp.service';
import { WaitlistService } from './waitlist.service';

/** The most answers recorded in one transaction. */
const MAX_BATCH = 250;
/**
 * Batches under way at once: while one writes and commits, the next reads its links and takes its
 * places. With one, the process sat idle through every batch's round trips to the database.
 */
const IN_FLIGHT = 2;

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

interface Submitted {
  token: string;
  dto: RsvpAnswerDto;
  actor: string;
  settled: boolean;
  resolve(outcome: AnswerOutcome): void;
  reject(error: unknown): void;
}

/** Where a batch stands, for the batch after it: places, commits and answers stay in arrival order. */
class Turn {
  /** Every answer of the batch is answered, the one-by-one ones included. */
  finished = false;
  readonly placed: Promise<void>;
  readonly written: Promise<void>;
  readonly committed: Promise<boolean>;
  readonly done: Promise<void>;
  private settle!: { placed(): void; written(): void; committed(ok: boolean): void; done(): void };

  constructor(readonly tokens: Set<string>) {
    let placed!: () => void;
    let written!: () => void;
    let committed!: (ok: boolean) => void;
    let done!: () => void;
    this.placed = new Promise<void>((resolve) => (placed = resolve));
    this.written = new Promise<void>((resolve) => (written = resolve));
    this.committed = new Promise<boolean>((resolve) => (committed = resolve));
    this.done = new Promise<void>((resolve) => (done = resolve));
    this.settle = { placed, written, committed, done };
  }

  /** The batch's places are taken: the next batch may take its own. */
  markPlaced(): void {
    this.settle.placed();
  }

  /** The batch's write statement ran: the next batch may run its own. */
  markWritten(): void {
    this.settle.written();
  }

  /** Committed, or rolled back: the next batch commits only after a commit. */
  markCommitted(ok: boolean): void {
    this.settle.written();
    this.settle.committed(ok);
  }

  markFinished(): void {
    this.finished = true;
    this.settle.placed();
    this.settle.written();
    this.settle.done();
  }
}

/** A first answer to an invitation, checked and ready to record. */
interface FirstAnswer {
  submitted: Submitted;
  opened: OpenedInvitation;
  request: PartyRequest;
  size: number;
  base: AnswerBase;
}

/**
 * Answers to invitations, recorded in arrival order. Answers that arrive while a transaction is
 * under way are recorded together in the next one (group commit): a wave of answers costs a
 * handful of statements per batch instead of a dozen per answer, and each answer is still only
 * acknowledged once it is committed.
 *
 * The batch takes first answers (no answer recorded yet, replies open): accept, wait or decline.
 * Everything else — a change, an offer being taken up, a closed conference, a second answer to the
 * same invitation in one batch — goes through RsvpService.answer one at a time after the batch,
 * still in arrival order. If the batch's transaction fails, each of its answers is retried alone.
 *
 * Two batches are under way at once, in turn: the later one reads while the earlier one records,
 * takes its places only after the earlier one took its own (and recorded its one-by-one answers),
 * writes only after the earlier one wrote (while it commits), and commits only after the earlier
 * one committed. If the earlier one rolls back, so does the later one, and their answers are
 * recorded one by one in order.
 */
@Injectable()
export class AnswerBatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AnswerBatcher.name);
  private readonly waiting: Submitted[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rsvp: RsvpService,
    private readonly places: PlaceLedger,
    private readonly participants: ParticipantsService,
    private readonly waitlist: WaitlistService,
    private readonly invitations: InvitationsService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  private readonly recording = new Set<Promise<void>>();
  private scheduled = false;
  private last: Turn | null = null;

  answer(token: string, dto: RsvpAnswerDto, actor = 'invitee'): Promise<AnswerOutcome> {
    return new Promise<AnswerOutcome>((resolve, reject) => {
      const submitted: Submitted = {
        token,
        dto,
        actor,
        settled: false,
        resolve: (outcome) => {
          submitted.settled = true;
          resolve(outcome);
        },
        reject: (error) => {
          submitted.settled = true;
          reject(error);
        },
      };
      this.waiting.push(submitted);
      this.schedule();
    });
  }

  /**
   * A batch starts once fewer than IN_FLIGHT are under way, after the requests already read from
   * the network have joined it (setImmediate runs after the event loop's I/O phase): an answer
   * arriving alone waits for nothing, a burst is recorded together.
   */
  private schedule(): void {
    if (this.scheduled || this.recording.size >= IN_FLIGHT || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.waiting.splice(0, MAX_BATCH);
      const previous = this.last;
      const turn = new Turn(new Set(batch.map((b) => b.token)));
      this.last = turn;
      const recording: Promise<void> = this.record(batch, turn, previous).finally(() => {
        if (this.last === turn) this.last = null;
        this.recording.delete(recording);
        this.schedule();
      });
      this.recording.add(recording);
      this.schedule();
    });
  }

  /** Answers already received are recorded before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.recording.size || this.scheduled || this.waiting.length) {
      await (this.recording.size ? Promise.all(this.recording) : new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private async record(batch: Submitted[], turn: Turn, previous: Turn | null): Promise<void> {
    batchAnswers.observe(batch.length);
    let alone: Submitted[] = [];
    let committed = false;
    try {
      const now = await this.clock.now();
      // The transaction opens while the links are read: its BEGIN is not one more round trip in
      // the batch's chain. (Awaited inside it; the catch only keeps an early failure from being
      // reported as unhandled before then.)
      const first = this.firstAnswers(batch, alone, now, previous?.tokens);
      first.catch(() => undefined);
      await this.recordFirst(first, now, previous, {
        placed: () => alone.length === 0 && turn.markPlaced(),
        written: () => turn.markWritten(),
      });
      committed = true;
    } catch (error) {
      // Nothing of the batch was committed: each answer not yet answered is tried again on its own.
      alone = batch.filter((s) => !s.settled);
      this.logger.warn(`A batch of ${batch.length} answers was rolled back; ${alone.length} are recorded one by one: ${(error as Error).message}`);
    }
    turn.markCommitted(committed);
    try {
      // One by one, after everything the batch before received.
      await previous?.done;
      answersRecorded.inc({ recorded: 'one by one' }, alone.length);
      for (const submitted of alone) {
        try {
          submitted.resolve(await this.rsvp.answer(submitted.token, submitted.dto, submitted.actor));
        } catch (error) {
          submitted.reject(error);
        }
      }
    } finally {
      turn.markFinished();
    }
  }

  /**
   * The batch's first answers, checked; refusals are answered at once, everything else is put in
   * `alone`, including the links the batch before is still recording (`busy`): its answer is not
   * committed yet, so this one may be a change.
   */
  private async firstAnswers(batch: Submitted[], alone: Submitted[], now: Date, busy?: Set<string>): Promise<FirstAnswer[]> {
    const opened = await this.rsvp.openMany(batch.map((b) => b.token));
    const first: FirstAnswer[] = [];
    const seen = new Set<string>();
    batch.forEach((submitted, i) => {
      const o = opened[i];
      if (!o) return submitted.reject(unknownLink());
      if (busy?.has(submitted.token)) return void alone.push(submitted);
      const invitationId = o.invitation.id;
      const isFirst = o.invitation.response === 'none' && !seen.has(invitationId) && !this.rsvp.closedReason(o.conference, now);
      seen.add(invitationId);
      if (!isFirst || submitted.dto.delegates?.some((d) => d.replaces)) return void alone.push(submitted);
      const request = mergeRequest(submitted.dto, EMPTY_REQUEST);
      if (submitted.dto.response === 'accept') {
        try {
          checkRequest(request, o.conference.delegationQuota, o.contact.email, o.contact.stakeholderType);
        } catch (error) {
          return submitted.reject(error);
        }
      }
      first.push({ submitted, opened: o, request, size: 1 + request.delegates.length, base: { conferenceId: o.conference.id, invitationId } });
    });
    for (const conference of new Map(first.map((f) => [f.opened.conference.id, f.opened.conference])).values()) {
      await this.places.layOut(conference.id, conference.capacity ?? 0, new Date(conference.updatedAt));
    }
    return first;
  }

  /**
   * One transaction for the batch's first answers: places in arrival order, then one statement for
   * the participants, the parties with their change records, the events and the invitations'
   * responses. If any of them was answered meanwhile (another process), the whole batch rolls back
   * and is answered one by one.
   *
   * While the conference had room for every party of the last claim, the places are taken by that
   * same statement, as if every accepting party fits: one round trip less. If they did not all fit,
   * the statement's transaction rolls back and the batch runs again, claiming its places first.
   */
  private async recordFirst(reading: Promise<FirstAnswer[]>, now: Date, previous: Turn | null, mark: { placed(): void; written(): void }): Promise<void> {
    let outcomes: Array<[Submitted, AnswerOutcome]>;
    try {
      outcomes = await this.dataSource.transaction((manager) => this.recordTogether(manager, reading, now, previous, mark, true));
    } catch (error) {
      if (!(error instanceof PlacesRanShort)) throw error;
      this.places.noteRoom(error.conferenceId, false);
      outcomes = await this.dataSource.transaction((manager) => this.recordTogether(manager, reading, now, previous, mark, false));
    }
    if (outcomes.length === 0) return;
    for (const [submitted, outcome] of outcomes) submitted.resolve(outcome);
    answersRecorded.inc({ recorded: 'together' }, outcomes.length);
    this.outbox.committed();
  }

  /**
   * recordFirst's transaction. With `mayTakePlacesInWrite`, a batch whose accepting parties are all
   * for one conference that had room at its last claim takes them all to fit, and its write
   * statement takes their places (PlacesRanShort if it could not).
   */
  private async recordTogether(
    manager: EntityManager,
    reading: Promise<FirstAnswer[]>,
    now: Date,
    previous: Turn | null,
    mark: { placed(): void; written(): void },
    mayTakePlacesInWrite: boolean,
  ): Promise<Array<[Submitted, AnswerOutcome]>> {
    const answers = await reading;
    if (answers.length === 0) return [];
    const accepting = answers.filter((a) => a.submitted.dto.response === 'accept');
    const served = new Set<string>();
    const waitlisted = new Map<string, { rank: string; position: number }>();
    const [conference, ...others] = new Map(accepting.map((a) => [a.base.conferenceId, a.opened.conference])).values();
    const placesInWrite = mayTakePlacesInWrite && conference !== undefined && others.length === 0 && this.places.hadRoom(conference.id);
    // Places taken while the batch before is still under way depend on its commit.
    let afterUnfinished = false;
    const afterPreviousPlaced = async () => {
      await previous?.placed;
      afterUnfinished = previous !== null && !previous.finished;
    };
    if (placesInWrite) {
      // Built before waiting for the batch before: only the write statement itself must wait.
      accepting.forEach((a) => served.add(a.base.invitationId));
    } else {
      await afterPreviousPlaced();
      for (const conferenceId of new Set(accepting.map((a) => a.base.conferenceId))) {
        const parties = accepting.filter((a) => a.base.conferenceId === conferenceId);
        const capacity = parties[0].opened.conference.capacity ?? 0;
        const fitted = await this.places.claimInTurn(
          manager,
          conferenceId,
          capacity,
          parties.map((p) => ({ invitationId: p.base.invitationId, count: p.size })),
        );
        fitted.forEach((id) => served.add(id));
        const waiting = parties.filter((p) => !fitted.has(p.base.invitationId));
        if (waiting.length) {
          const ranks = await this.waitlist.nextRanks(manager, conferenceId, waiting.length);
          const position = await this.waitlist.positionOf(manager, conferenceId, ranks[0]);
          waiting.forEach((p, i) => waitlisted.set(p.base.invitationId, { rank: ranks[i], position: position + i }));
        }
      }
    }
    if (!placesInWrite) mark.placed();
    const accepted = accepting.filter((a) => served.has(a.base.invitationId));
    const enrolment = this.participants.enrolPart(
      accepted.map(({ base, opened: { contact }, request }) => ({
        ...base,
        invitee: inviteeFrom(contact),
        request,
        now,
      })),
    );
    const rosterOf = new Map<string, RosterChange>(accepted.map((a, i) => [a.base.invitationId, enrolment.rosters[i]]));

    const parties: NewParty[] = answers.map((a) => {
      const { contact, language } = a.opened;
      const who = {
        invitationId: a.base.invitationId,
        conferenceId: a.base.conferenceId,
        contactId: contact.id,
        language,
        timezone: contact.timezone,
        stakeholderType: contact.stakeholderType,
        country: contact.country,
        organisation: contact.organisation,
        actor: a.submitted.actor,
      };
      if (a.submitted.dto.response === 'decline') {
        return { ...who, status: 'declined', size: 0, places: 0, request: EMPTY_REQUEST, rank: null, change: { placesFreed: 0, removed: [] } };
      }
      const roster = rosterOf.get(a.base.invitationId) ?? null;
      const wait = waitlisted.get(a.base.invitationId);
      return {
        ...who,
        status: roster ? 'accepted' : 'waitlisted',
        size: a.size,
        places: roster ? a.size : 0,
        request: stored(a.request),
        rank: wait?.rank ?? null,
        change: answerChange({ size: a.size, position: wait?.position ?? null, roster, previous: EMPTY_REQUEST, request: a.request }),
      };
    });
    const version = 1;
    const events: PendingEvent[] = [];
    const deadlines = new Map<string, string | null>();
    const results = answers.map((a): [Submitted, AnswerOutcome] => {
      const { base, size } = a;
      let deadline = deadlines.get(base.conferenceId);
      if (deadline === undefined) deadlines.set(base.conferenceId, (deadline = deadlineOf(a.opened.conference)));
      const roster = rosterOf.get(base.invitationId);
      const wait = waitlisted.get(base.invitationId);
      if (a.submitted.dto.response === 'decline') {
        events.push(declinedEvent(base, { version, freed: 0, now }));
        return [a.submitted, { response: 'declined', changed: true, version, partySize: 0, waitlistPosition: null, participants: [], deadline }];
      }
      if (roster) {
        events.push(...acceptedEvents(base, { version, size, roster, viaOffer: false, now }));
        return [a.submitted, { response: 'accepted', changed: true, version, partySize: size, waitlistPosition: null, participants: answeredMembers(roster.members), deadline }];
      }
      events.push(waitlistedEvent(base, { version, size, position: wait!.position, now }));
      return [a.submitted, { response: 'waitlisted', changed: true, version, partySize: size, waitlistPosition: wait!.position, participants: [], deadline }];
    });
    // The batch's writes as one statement, last: the funnel counters it updates are shared rows,
    // locked from here until the commit.
    const { text, values } = composeStatement(
      [
        placesInWrite
          ? this.places.claimPart(
              conference!.id,
              conference!.capacity ?? 0,
              accepting.map((a) => ({ invitationId: a.base.invitationId, count: a.size })),
            )
          : null,
        enrolment.part,
        createPartiesPart(parties, now),
        this.outbox.recordPart(events),
        this.invitations.recordResponsesPart(
          results.map(([, outcome], i) => ({ invitationId: answers[i].base.invitationId, response: outcome.response })),
          now,
        ),
      ],
      `SELECT (SELECT count(*)::int FROM parties_created) AS parties, (SELECT count(*)::int FROM responses_recorded) AS responses,
         ${placesInWrite ? '(SELECT count(*)::int FROM places_taken)' : 'NULL::int'} AS places`,
    );
    if (placesInWrite) await afterPreviousPlaced();
    // Writes go in batch order; this one may run while the batch before commits.
    if (afterUnfinished) await previous!.written;
    const [written] = await preparedRows<{ parties: number; responses: number; places: number | null }>(manager, text, values);
    if (placesInWrite) {
      if (written.places !== accepting.reduce((sum, a) => sum + a.size, 0)) throw new PlacesRanShort(conference!.id);
      this.places.noteRoom(conference!.id, true);
      mark.placed();
    }
    mark.written();
    if (written.parties !== answers.length) throw new AnsweredMeanwhile(answers.length - written.parties);
    if (written.responses !== answers.length) throw new Error(`${answers.length - written.responses} invitation(s) of the batch no longer exist`);
    if (afterUnfinished && !(await previous!.committed)) throw new Error('the batch before rolled back after this one took places; both are recorded one by one, in order');
    return results;
  }
}

/** A batch that took its places in its write statement found fewer free places than its parties wanted. */
class PlacesRanShort extends Error {
  constructor(readonly conferenceId: string) {
    super('the free places ran short of what the batch wanted; it claims its places first');
  }
}

/** A first answer of the batch met a party another transaction had just created. */
class AnsweredMeanwhile extends Error {
  constructor(count: number) {
    super(`${count} invitation(s) of the batch were answered meanwhile`);
  }
}
