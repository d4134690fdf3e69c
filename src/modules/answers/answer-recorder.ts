import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedRows } from '../../platform/database/prepared';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { InvitationsService } from '../invitations';
import { ExistingMember, RosterService } from '../participants';
import { OffersService, Parties, PartyRow, PartyWho, PlaceLedger, WaitlistService } from '../places';
import { AnswerInput, AnswerIntent, AnswerOutcome, AnswerPlan, FITTED_IN_WRITE, Standing, accepts, conclude, intend, placesInWrite } from './answer-planner';
import { closedReason } from './answer-window';
import { OpenedInvitation } from './rsvp-links';

/**
 * Where a batch may go ahead, when batches are under way side by side (see AnswerBatches): an answer
 * recorded alone goes ahead at once.
 */
export interface BatchOrder {
  /** The batch before took its places: this one may take its own. */
  mayClaim(): Promise<void>;
  claimed(): void;
  /** The batch before ran its write: this one may run its own. */
  mayWrite(): Promise<void>;
  wrote(): void;
  /** Throws if the batch before rolled back after this one took places. */
  mayCommit(): Promise<void>;
}

export const ALONE: BatchOrder = {
  mayClaim: () => Promise.resolve(),
  claimed: () => undefined,
  mayWrite: () => Promise.resolve(),
  wrote: () => undefined,
  mayCommit: () => Promise.resolve(),
};

/** A batch whose write was to take its places found fewer free than its parties wanted: it claims them first instead. */
export class PlacesRanShort extends Error {
  constructor() {
    super('the free places ran short of what the batch wanted; it claims its places first');
  }
}

/** A first answer of a batch met a party another transaction had just created. */
export class AnsweredMeanwhile extends Error {
  constructor(count: number) {
    super(`${count} invitation(s) of the batch were answered meanwhile`);
  }
}

const who = ({ invitation, conference, contact, language }: OpenedInvitation): PartyWho => ({
  invitationId: invitation.id,
  conferenceId: conference.id,
  contactId: contact.id,
  language,
  timezone: contact.timezone,
  stakeholderType: contact.stakeholderType,
  country: contact.country,
  organisation: contact.organisation,
});

/**
 * Records answers inside the caller's transaction, through the answer planner: the state is read,
 * the planner says what each answer asks for, places are taken in arrival order, the planner says
 * what each answer writes and announces, and one statement writes it all. The same steps whether
 * the answer is alone (any answer: its party is locked first) or one of a batch of first answers
 * (no party yet: the write creates them, and fails if another transaction did first).
 */
@Injectable()
export class AnswerRecorder {
  constructor(
    private readonly parties: Parties,
    private readonly places: PlaceLedger,
    private readonly waitlist: WaitlistService,
    private readonly offers: OffersService,
    private readonly roster: RosterService,
    private readonly invitations: InvitationsService,
    private readonly outbox: OutboxService,
  ) {}

  /** One answer of any kind; its party row stays locked until the commit, so two answers of one invitation queue. */
  async recordAlone(manager: EntityManager, answer: Omit<AnswerInput, 'party' | 'members'>, now: Date): Promise<AnswerOutcome> {
    let party = await this.parties.lock(manager, who(answer.opened));
    const lapsed: PendingEvent[] = [];
    if (party.status === 'offered' && party.offer_expires_at && new Date(party.offer_expires_at) <= now) {
      lapsed.push(...(await this.offers.lapseLocked(manager, party, now)).events);
      party = { ...party, status: 'lapsed', places: 0, version: party.version + 1 };
      // Replies closed meanwhile: roll back, the tick lapses the offer.
      const closed = closedReason(answer.opened.conference, now);
      if (closed) throw closed;
    }
    const members = party.status === 'accepted' ? ((await this.roster.lockMembers(manager, [party.invitation_id])).get(party.invitation_id) ?? []) : [];
    const intent = intend({ ...answer, party, members });
    const [plan] = await this.settle(manager, [intent], now, ALONE);
    if (plan.party || lapsed.length) await this.write(manager, [plan], now, { lapsed, create: false });
    return plan.outcome;
  }

  /**
   * First answers (no party yet) of a batch, refusals already taken out, in arrival order. Throws
   * AnsweredMeanwhile when one of them had been answered by another transaction meanwhile.
   *
   * With `mayTakePlacesInWrite`, while the conference had room at its last claim, the write takes
   * the places as if every party fits: one round trip less. PlacesRanShort when they did not all
   * fit: the transaction rolls back, and the batch is recorded again without it.
   */
  async recordFirst(manager: EntityManager, intents: AnswerIntent[], now: Date, order: BatchOrder, mayTakePlacesInWrite: boolean): Promise<AnswerOutcome[]> {
    if (intents.length === 0) return [];
    const inWrite = mayTakePlacesInWrite ? placesInWrite(intents) : null;
    const plans =
      inWrite && this.places.hadRoom(inWrite) ? intents.map((intent) => conclude(intent, FITTED_IN_WRITE, now)) : await this.settle(manager, intents, now, order);
    const wanted = plans.reduce((sum, p) => sum + (p.claim?.count ?? 0), 0);
    const { text, values } = this.statementOf(plans, now, { lapsed: [], create: true });
    if (wanted) await order.mayClaim();
    await order.mayWrite();
    const [written] = await preparedRows<{ parties: number; responses: number; places: number | null }>(manager, text, values);
    if (wanted) {
      this.places.noteRoom(inWrite!, written.places === wanted);
      if (written.places !== wanted) throw new PlacesRanShort();
      order.claimed();
    }
    order.wrote();
    if (written.parties !== plans.length) throw new AnsweredMeanwhile(plans.length - written.parties);
    if (written.responses !== plans.length) throw new Error(`${plans.length - written.responses} invitation(s) of the batch no longer exist`);
    await order.mayCommit();
    return plans.map((p) => p.outcome);
  }

  /** Places in turn, ranks for those who wait, then the planner's second step. */
  private async settle(manager: EntityManager, intents: AnswerIntent[], now: Date, order: BatchOrder): Promise<AnswerPlan[]> {
    const standings = intents.map((): Standing => ({ fitted: false, freed: 0, rank: null, position: null }));
    await order.mayClaim();
    for (const [i, intent] of intents.entries()) {
      if (intent.kind === 'repeat' || intent.release === 0) continue;
      const { conference, invitation } = intent.input.opened;
      standings[i].freed = await this.places.release(manager, conference.id, invitation.id, intent.release);
    }
    const claiming = intents.flatMap((intent, i) => (intent.kind === 'accept' && intent.claim > 0 ? [{ intent, i }] : []));
    for (const conferenceId of new Set(claiming.map((c) => c.intent.input.opened.conference.id))) {
      const parties = claiming.filter((c) => c.intent.input.opened.conference.id === conferenceId);
      const capacity = parties[0].intent.input.opened.conference.capacity ?? 0;
      const fitted = await this.places.claimInTurn(
        manager,
        conferenceId,
        capacity,
        parties.map(({ intent }) => ({ invitationId: intent.input.opened.invitation.id, count: intent.kind === 'accept' ? intent.claim : 0 })),
      );
      for (const { intent, i } of parties) standings[i].fitted = fitted.has(intent.input.opened.invitation.id);
    }
    const waiting = intents.flatMap((intent, i) => (intent.kind === 'accept' && !accepts(intent, standings[i].fitted) ? [{ intent, i }] : []));
    for (const conferenceId of new Set(waiting.map((w) => w.intent.input.opened.conference.id))) {
      const queued = waiting.filter((w) => w.intent.input.opened.conference.id === conferenceId);
      const joining = queued.filter(({ intent }) => intent.kind === 'accept' && !intent.waits);
      const ranks = joining.length ? await this.waitlist.nextRanks(manager, conferenceId, joining.length) : [];
      joining.forEach(({ i }, n) => (standings[i].rank = ranks[n]));
      for (const { intent, i } of queued) {
        if (intent.kind === 'accept' && intent.waits) standings[i].rank = (intent.input.party as PartyRow).waitlist_rank;
      }
      const first = joining.length ? await this.waitlist.positionOf(manager, conferenceId, ranks[0]) : 0;
      joining.forEach(({ i }, n) => (standings[i].position = first + n));
      for (const { intent, i } of queued) {
        if (intent.kind === 'accept' && intent.waits && standings[i].rank) standings[i].position = await this.waitlist.positionOf(manager, conferenceId, standings[i].rank!);
      }
    }
    order.claimed();
    return intents.map((intent, i) => conclude(intent, standings[i], now));
  }

  private async write(manager: EntityManager, plans: AnswerPlan[], now: Date, how: { lapsed: PendingEvent[]; create: boolean }): Promise<void> {
    const { text, values } = this.statementOf(plans, now, how);
    await preparedRows(manager, text, values);
  }

  /**
   * The plans' writes as one statement: the parties, their rosters, the events and, last, the
   * invitations' responses (whose funnel counters are shared rows, locked from here until the commit).
   */
  private statementOf(plans: AnswerPlan[], now: Date, how: { lapsed: PendingEvent[]; create: boolean }): { text: string; values: unknown[] } {
    const changed = plans.filter((p) => p.party);
    const answers = changed.map((p) => p.party!);
    const partiesPart: StatementPart | null = answers.length
      ? how.create
        ? this.parties.createPart(
            changed.map((p) => ({ who: who(p.opened), answer: p.party! })),
            now,
          )
        : this.parties.savePart(answers, now)
      : null;
    const responses = changed.flatMap((p) => (p.response ? [{ invitationId: p.party!.invitationId, response: p.response }] : []));
    const responsesPart = responses.length ? this.invitations.recordResponsesPart(responses, now) : null;
    const claims = changed.flatMap((p) => (p.claim ? [p.claim] : []));
    const claimPart = claims.length ? this.places.claimPart(claims[0].conferenceId, claims[0].capacity, claims) : null;
    return composeStatement(
      [
        claimPart,
        this.roster.writePart(
          changed.flatMap((p) => (p.roster ? [p.roster] : [])),
          now,
        ),
        partiesPart,
        this.outbox.recordPart([...how.lapsed, ...changed.flatMap((p) => p.events)]),
        responsesPart,
      ],
      `SELECT ${partiesPart ? `(SELECT count(*)::int FROM ${partiesPart.yields})` : '0'} AS parties,
         ${responsesPart ? `(SELECT count(*)::int FROM ${responsesPart.yields})` : '0'} AS responses,
         ${claimPart ? `(SELECT count(*)::int FROM ${claimPart.yields})` : 'NULL::int'} AS places`,
    );
  }
}
