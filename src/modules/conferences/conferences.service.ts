import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { StatementPart } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferenceEvents } from './conference-events';
import { ConferenceState, TransitionTrigger, checkTransition } from './conference-lifecycle';
import { ConferenceView, localMidnight, toConferenceView } from './conference-view';
import { Conference, ConferenceKind, ConferenceText } from './conference.entity';
import { CreateConferenceDto, UpdateConferenceDto } from './dto/conference.dto';
import { FailedGuard, LifecycleGuards } from './lifecycle-guards';
import { TransitionEffects } from './transition-effects';

/**
 * When a change to a conference happened: the clock's time, yet always after the change before it,
 * since places and mails take updated_at for the conference's version and the manual clock may stand still.
 */
export function changeTime(now: Date, previous: Date | null | undefined): Date {
  return previous && now.getTime() <= previous.getTime() ? new Date(previous.getTime() + 1) : now;
}

/** The last second of a calendar day in a zone: a date-only deadline takes answers until 23:59:59 local. */
const endOfDay = (date: string, timezone: string) => DateTime.fromISO(date, { zone: timezone }).endOf('day').startOf('second').toJSDate();

/** Only the fields given, trimmed; a language left with nothing falls away. */
function cleanTranslations(given: Record<string, ConferenceText | undefined>): Partial<Record<string, ConferenceText>> {
  const result: Partial<Record<string, ConferenceText>> = {};
  for (const [language, text] of Object.entries(given)) {
    if (!text) continue;
    const kept: ConferenceText = {};
    for (const field of ['title', 'city', 'venue'] as const) if (text[field]?.trim()) kept[field] = text[field]!.trim();
    if (Object.keys(kept).length) result[language] = kept;
  }
  return result;
}

export interface TransitionRequest {
  to: ConferenceState;
  actor: string;
  reason?: string | null;
  trigger: TransitionTrigger;
}

const EDITABLE_STATES: ConferenceState[] = ['planning', 'inviting'];
const FINISHED_FOR_SUMMIT: ConferenceState[] = ['reported', 'closed', 'cancelled'];

export interface SummitReadiness {
  ready: boolean;
  /** How many regional conferences feed the summit. */
  regionalConferences: number;
  missingReports: string[];
  waivers: Array<{ conferenceId: string; reason: string; actor: string; createdAt: string }>;
}

@Injectable()
export class ConferencesService implements OnModuleInit {
  constructor(
    @InjectRepository(Conference) private readonly conferences: Repository<Conference>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guards: LifecycleGuards,
    private readonly effects: TransitionEffects,
    private readonly events: ConferenceEvents,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    const missing = (what: string, ok: boolean) => (ok ? undefined : what);
    this.guards.register(
      { name: 'dates_set', from: 'planning', to: 'inviting', check: (c) => missing('Set startsOn and endsOn.', !!c.startsOn && !!c.endsOn) },
      { name: 'timezone_set', from: 'planning', to: 'inviting', check: (c) => missing('Set the conference time zone (timezone).', !!c.timezone) },
      { name: 'capacity_set', from: 'planning', to: 'inviting', check: (c) => missing('Set the capacity.', !!c.capacity) },
      { name: 'rsvp_deadline_set', from: 'planning', to: 'inviting', check: (c) => missing('Set the RSVP deadline (rsvpDeadline).', !!c.rsvpDeadline) },
      {
        name: 'regional_reports_in',
        from: 'registration_closed',
        to: 'ready',
        check: async (c) => {
          if (c.kind !== 'summit') return undefined;
          const { missingReports, regionalConferences } = await this.summitReadiness(c.seriesId);
          if (regionalConferences === 0) return 'The series has no regional conference yet; add one before the summit can be ready.';
          return missingReports.length
            ? `${missingReports.length} regional conference(s) have no submitted report and no waiver: ${missingReports.join(', ')}.`
            : undefined;
        },
      },
    );
  }

  /** Created with the event announcing it (logistics seeds its checklist from it), in the caller's transaction or one of its own. */
  async create(seriesId: string, kind: ConferenceKind, dto: CreateConferenceDto, manager?: EntityManager): Promise<Conference> {
    if (!manager) {
      const created = await this.dataSource.transaction((own) => this.create(seriesId, kind, dto, own));
      this.outbox.committed();
      return created;
    }
    const now = await this.clock.now();
    const fields = this.normalise({}, dto);
    const conference = await manager.save(manager.create(Conference, { ...fields, seriesId, kind, state: 'planning', stateChangedAt: now, createdAt: now, updatedAt: now }));
    await this.outbox.record(manager, { type: 'conference.created', aggregateId: conference.id, occurredAt: now, data: { conferenceId: conference.id, seriesId, kind } });
    return conference;
  }

  async find(id: string): Promise<Conference> {
    const conference = await this.conferences.findOne({ where: { id } });
    if (!conference) throw DomainError.notFound('conference', id);
    return conference;
  }

  /** Only the state, without loading the whole conference: for checks on every request (the door). */
  async stateOf(id: string): Promise<ConferenceState> {
    const [row]: Array<{ state: ConferenceState }> = await this.dataSource.query(`SELECT state FROM conferences WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('conference', id);
    return row.state;
  }

  /**
   * The state of each conference whose id the column `idColumn` of the caller's part `ids` yields
   * (columns id, state), read with it in one statement; by key in the ids read once, so the plan
   * does not hang on a guess of how many rows `ids` yields.
   */
  statePart(ids: StatementPart, idColumn: string): StatementPart {
    return { with: [['conference_states', `SELECT id, state FROM conferences WHERE id = ANY (ARRAY(SELECT ${idColumn} FROM ${ids.yields}))`]], values: [], yields: 'conference_states' };
  }

  async view(id: string): Promise<ConferenceView> {
    return toConferenceView(await this.find(id));
  }

  async listBySeries(seriesId: string): Promise<Conference[]> {
    return this.conferences.find({ where: { seriesId }, order: { kind: 'ASC', startsOn: 'ASC', createdAt: 'ASC' } });
  }

  /** The conferences of several series (all when none is named) in one read: series, then kind and calendar order. */
  async listBySeriesIds(seriesIds?: string[]): Promise<Conference[]> {
    if (seriesIds?.length === 0) return [];
    return this.conferences.find({ where: seriesIds ? { seriesId: In(seriesIds) } : {}, order: { seriesId: 'ASC', kind: 'ASC', startsOn: 'ASC', createdAt: 'ASC' } });
  }

  async update(id: string, dto: UpdateConferenceDto): Promise<ConferenceView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const conference = await manager.findOne(Conference, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!conference) throw DomainError.notFound('conference', id);
      if (!EDITABLE_STATES.includes(conference.state)) {
        throw DomainError.conflict('conference_not_editable', `A conference can be changed only in planning or inviting; this one is ${conference.state}.`);
      }
      const now = await this.clock.now();
      Object.assign(conference, this.normalise(conference, dto));
      conference.calendarSequence += 1;
      conference.updatedAt = changeTime(now, conference.updatedAt);
      const saved = await manager.save(conference);
      // Other modules react to changes (a higher capacity frees waitlisted places).
      await this.outbox.record(manager, {
        type: 'conference.updated',
        aggregateId: id,
        occurredAt: now,
        data: { conferenceId: id, changed: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined), capacity: saved.capacity },
      });
      return toConferenceView(saved);
    });
    this.outbox.committed();
    return view;
  }

  /**
   * Moves a conference through its lifecycle. The row is locked, every guard is evaluated, and the
   * new state, its history entry, the published event and what other modules write with it commit together.
   */
  async transition(id: string, request: TransitionRequest): Promise<ConferenceView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const conference = await manager.findOne(Conference, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!conference) throw DomainError.notFound('conference', id);
      return this.transitionLocked(manager, conference, request);
    });
    this.outbox.committed();
    return view;
  }

  private async transitionLocked(manager: EntityManager, conference: Conference, request: TransitionRequest): Promise<ConferenceView> {
    const from = conference.state;
    const check = checkTransition(from, request.to, request.trigger, request.reason);
    if (!check.ok) {
      const status = check.code === 'reason_required' ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
      throw new DomainError(status, check.code === 'not_allowed' ? 'transition_not_allowed' : check.code, check.message, status === HttpStatus.CONFLICT ? { failedGuards: [] as FailedGuard[] } : {});
    }
    const failedGuards = await this.guards.failures(conference, request.to);
    if (failedGuards.length) {
      throw DomainError.conflict('guards_failed', `${from} -> ${request.to} is blocked: ${failedGuards.map((g) => g.message).join(' ')}`, { failedGuards });
    }
    const now = await this.clock.now();
    conference.state = request.to;
    conference.stateChangedAt = now;
    conference.calendarSequence += 1;
    conference.updatedAt = changeTime(now, conference.updatedAt);
    await manager.save(conference);
    const reason = request.reason?.trim() || null;
    await this.events.append(manager, { conferenceId: conference.id, type: 'transition', from, to: request.to, actor: request.actor, reason, occurredAt: now });
    await this.outbox.record(manager, {
      type: 'conference.transitioned',
      aggregateId: conference.id,
      occurredAt: now,
      data: { conferenceId: conference.id, seriesId: conference.seriesId, kind: conference.kind, from, to: request.to, actor: request.actor, reason },
    });
    await this.effects.apply(manager, { conferenceId: conference.id, seriesId: conference.seriesId, kind: conference.kind, from, to: request.to, actor: request.actor, occurredAt: now });
    return toConferenceView(conference);
  }

  async waive(summitId: string, conferenceId: string, reason: string, actor: string) {
    const result = await this.dataSource.transaction(async (manager) => {
      const summit = await manager.findOne(Conference, { where: { id: summitId }, lock: { mode: 'pessimistic_write' } });
      if (!summit) throw DomainError.notFound('conference', summitId);
      if (summit.kind !== 'summit') throw DomainError.conflict('not_a_summit', 'Waivers are recorded on the summit; this conference is regional.');
      const waived = await manager.findOne(Conference, { where: { id: conferenceId } });
      if (!waived || waived.seriesId !== summit.seriesId || waived.kind !== 'regional') {
        throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'not_a_regional_conference_of_series', `conferenceId ${conferenceId} is not a regional conference of this summit's series.`);
      }
      const now = await this.clock.now();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO summit_waivers (summit_id, conference_id, reason, actor, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING conference_id`,
        [summitId, conferenceId, reason.trim(), actor, now.toISOString()],
      );
      if (inserted.length === 0) throw DomainError.conflict('already_waived', `The report of conference ${conferenceId} is already waived for this summit.`);
      await this.events.append(manager, { conferenceId: summitId, type: 'waiver', actor, reason: reason.trim(), data: { waivedConferenceId: conferenceId }, occurredAt: now });
      await this.outbox.record(manager, {
        type: 'conference.waived',
        aggregateId: summitId,
        occurredAt: now,
        data: { summitId, conferenceId, seriesId: summit.seriesId, reason: reason.trim(), actor },
      });
      return { summitId, conferenceId, reason: reason.trim(), actor, createdAt: now.toISOString() };
    });
    this.outbox.committed();
    return result;
  }

  async summitReadiness(seriesId: string): Promise<SummitReadiness> {
    return (await this.summitReadinessOf([seriesId])).get(seriesId)!;
  }

  /** Every series asked for is in the answer, in the same two reads whatever their number: the pipeline view asks this on every poll. */
  async summitReadinessOf(seriesIds: string[]): Promise<Map<string, SummitReadiness>> {
    const result = new Map<string, SummitReadiness>();
    if (seriesIds.length === 0) return result;
    const [rows, waivers]: [
      Array<{ series_id: string; id: string; state: ConferenceState; waived: boolean }>,
      Array<{ series_id: string; conference_id: string; reason: string; actor: string; created_at: Date }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT c.series_id, c.id, c.state, EXISTS (
           SELECT 1 FROM summit_waivers w JOIN conferences s ON s.id = w.summit_id
           WHERE s.series_id = c.series_id AND w.conference_id = c.id) AS waived
         FROM conferences c WHERE c.series_id = ANY($1::uuid[]) AND c.kind = 'regional' ORDER BY c.starts_on NULLS LAST, c.created_at`,
        [seriesIds],
      ),
      this.dataSource.query(
        `SELECT s.series_id, w.conference_id, w.reason, w.actor, w.created_at FROM summit_waivers w JOIN conferences s ON s.id = w.summit_id
         WHERE s.series_id = ANY($1::uuid[]) ORDER BY w.created_at`,
        [seriesIds],
      ),
    ]);
    for (const seriesId of seriesIds) {
      const own = rows.filter((r) => r.series_id === seriesId);
      const missingReports = own.filter((r) => !FINISHED_FOR_SUMMIT.includes(r.state) && !r.waived).map((r) => r.id);
      result.set(seriesId, {
        // A summit fed by no regional conference yet has nothing to be ready with.
        ready: own.length > 0 && missingReports.length === 0,
        regionalConferences: own.length,
        missingReports,
        waivers: waivers
          .filter((w) => w.series_id === seriesId)
          .map((w) => ({ conferenceId: w.conference_id, reason: w.reason, actor: w.actor, createdAt: new Date(w.created_at).toISOString() })),
      });
    }
    return result;
  }

  /** Applies a create/update body onto current values, checking what one field alone cannot. */
  private normalise(current: Partial<Conference>, dto: UpdateConferenceDto): Partial<Conference> {
    const { rsvpDeadline, translations, ...plain } = dto;
    const next: Partial<Conference> = { ...plain };
    const timezone = dto.timezone ?? current.timezone ?? null;
    if (rsvpDeadline !== undefined) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(rsvpDeadline)) {
        if (!timezone) throw DomainError.badRequest('timezone_required', 'rsvpDeadline given as a date needs the conference timezone; set timezone too, or give a time with offset.');
        next.rsvpDeadlineDate = rsvpDeadline;
        next.rsvpDeadline = endOfDay(rsvpDeadline, timezone);
      } else {
        next.rsvpDeadlineDate = null;
        next.rsvpDeadline = DateTime.fromISO(rsvpDeadline, { setZone: true }).toJSDate();
      }
    } else if (dto.timezone && current.rsvpDeadlineDate) {
      // A deadline date stays the end of that day in the conference's new time zone.
      next.rsvpDeadline = endOfDay(current.rsvpDeadlineDate, dto.timezone);
    }
    if (translations !== undefined) next.translations = cleanTranslations(translations as Record<string, ConferenceText | undefined>);
    const startsOn = next.startsOn ?? current.startsOn ?? null;
    const endsOn = next.endsOn ?? current.endsOn ?? null;
    const problems: string[] = [];
    if (startsOn && endsOn && endsOn < startsOn) problems.push(`endsOn (${endsOn}) is before startsOn (${startsOn})`);
    const deadline = next.rsvpDeadline ?? current.rsvpDeadline ?? null;
    if (deadline && startsOn && timezone && deadline > localMidnight(startsOn, timezone)) problems.push('rsvpDeadline must be before the conference starts');
    if (problems.length) throw DomainError.badRequest('inconsistent_dates', `${problems.join('; ')}.`);
    const languages = next.languages ?? current.languages ?? ['en'];
    const foreign = Object.keys(next.translations ?? current.translations ?? {}).filter((l) => !languages.includes(l));
    if (foreign.length) {
      throw DomainError.badRequest(
        'translation_not_working_language',
        `translations.${foreign.join(', translations.')} ${foreign.length > 1 ? 'are not working languages' : 'is not a working language'} of this conference (languages: ${languages.join(', ')}); add ${foreign.length > 1 ? 'them' : 'it'} to languages or remove the translation.`,
      );
    }
    return next;
  }

  /**
   * Conferences whose automatic transition is due at `now`, with the instant it became due.
   * Registration closes once the deadline has passed (its last instant still takes answers); a meeting starts and ends on the instant.
   */
  async dueTransitions(now: Date): Promise<Array<{ id: string; to: ConferenceState; dueAt: Date }>> {
    const rows: Array<{ id: string; to: ConferenceState; due_at: Date }> = await this.dataSource.query(
      `SELECT id, to_state AS "to", due_at FROM (
         SELECT id, 'registration_closed' AS to_state, rsvp_deadline AS due_at FROM conferences WHERE state = 'inviting' AND rsvp_deadline < $1
         UNION ALL
         SELECT id, 'in_session', (starts_on::timestamp AT TIME ZONE timezone) FROM conferences WHERE state = 'ready'
         UNION ALL
         SELECT id, 'concluded', ((ends_on + 1)::timestamp AT TIME ZONE timezone) FROM conferences WHERE state = 'in_session'
       ) due WHERE due_at <= $1 ORDER BY due_at LIMIT 100`,
      [now.toISOString()],
    );
    return rows.map((r) => ({ id: r.id, to: r.to, dueAt: new Date(r.due_at) }));
  }
}
