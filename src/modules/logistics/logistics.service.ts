import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { AccreditationCounts } from '../accreditation';
import type { DocumentCounts } from '../accreditation';
import { ConferencesService } from '../conferences';
import type { ConferenceSummary } from '../conferences';
import { CredentialsService, ParticipantsDirectory } from '../participants';
import { defaultChecklist } from './default-checklist';
import { SessionDto, TaskDto, TaskPatchDto, VenueDto } from './dto/logistics.dto';

export interface TaskView {
  id: string;
  conferenceId: string;
  title: string;
  dueOn: string;
  done: boolean;
}

export interface SessionView {
  id: string;
  title: string;
  room: string;
  /** Local wall-clock time in the conference time zone. */
  startsAt: string;
  endsAt: string;
  /** The same moments as instants. */
  startsAtUtc: string;
  endsAtUtc: string;
}

/** A reason the conference is not ready, for a person and for clients. */
export interface Blocker {
  guard: 'capacity_respected' | 'tasks_done' | 'badges_issued' | 'visa_letters_issued' | 'credentials_verified';
  message: string;
}

/** The headcount and document counts several blockers read, each fetched at most once per evaluation. */
interface ReadinessFigures {
  headcount(): Promise<number>;
  counts(): Promise<DocumentCounts>;
}

/** Logistics readiness is news between the close of registration and the meeting. */
const ANNOUNCED_IN = ['registration_closed', 'ready'];

const toTask = (r: Record<string, any>): TaskView => ({ id: r.id, conferenceId: r.conference_id, title: r.title, dueOn: r.due_on, done: r.done });
const TASK_COLUMNS = `id, conference_id, title, to_char(due_on, 'YYYY-MM-DD') AS due_on, done`;

/** The venue, its rooms and agenda, the checklist, and whether the conference is ready for the people coming. */
@Injectable()
export class LogisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conferences: ConferencesService,
    private readonly directory: ParticipantsDirectory,
    private readonly credentials: CredentialsService,
    private readonly accreditation: AccreditationCounts,
    private readonly clock: ClockService,
    private readonly outbox: OutboxService,
  ) {}

  /** Replaces the venue and its rooms; a room with sessions booked may not be removed. */
  async putVenue(conferenceId: string, dto: VenueDto) {
    await this.conferences.find(conferenceId);
    const names = dto.rooms.map((r) => r.name.trim());
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw DomainError.badRequest('duplicate_room', `rooms: "${duplicate}" is listed twice; give each room its own name.`);
    const now = await this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO logistics_venues (conference_id, name, address, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conference_id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, updated_at = EXCLUDED.updated_at`,
        [conferenceId, dto.name.trim(), dto.address.trim(), now.toISOString()],
      );
      const booked: Array<{ name: string }> = await manager.query(
        `SELECT DISTINCT r.name FROM logistics_rooms r JOIN logistics_sessions s ON s.room_id = r.id WHERE r.conference_id = $1 AND NOT (r.name = ANY($2::text[]))`,
        [conferenceId, names],
      );
      if (booked.length) {
        throw DomainError.conflict('room_in_use', `Room "${booked[0].name}" has sessions on the agenda; move or delete them before removing the room.`);
      }
      await manager.query(`DELETE FROM logistics_rooms WHERE conference_id = $1 AND NOT (name = ANY($2::text[]))`, [conferenceId, names]);
      await manager.query(
        `INSERT INTO logistics_rooms (conference_id, name, capacity) SELECT $1, u.name, u.capacity FROM unnest($2::text[], $3::int[]) AS u(name, capacity)
         ON CONFLICT (conference_id, name) DO UPDATE SET capacity = EXCLUDED.capacity`,
        [conferenceId, names, dto.rooms.map((r) => r.capacity)],
      );
    });
    return this.venue(conferenceId);
  }

  async venue(conferenceId: string) {
    const [venue]: Array<{ name: string; address: string }> = await this.dataSource.query(`SELECT name, address FROM logistics_venues WHERE conference_id = $1`, [conferenceId]);
    if (!venue) throw new DomainError(404, 'venue_not_set', `Conference ${conferenceId} has no venue yet; set it with PUT /api/conferences/${conferenceId}/venue.`);
    return { name: venue.name, address: venue.address, rooms: await this.rooms(conferenceId) };
  }

  private async rooms(conferenceId: string): Promise<Array<{ name: string; capacity: number; booked: number }>> {
    return this.dataSource.query(
      `SELECT r.name, r.capacity, (SELECT count(*)::int FROM logistics_sessions s WHERE s.room_id = r.id) AS booked FROM logistics_rooms r WHERE r.conference_id = $1 ORDER BY r.name`,
      [conferenceId],
    );
  }

  async addSession(conferenceId: string, dto: SessionDto): Promise<SessionView> {
    const conference = await this.conferences.find(conferenceId);
    const zone = conference.timezone ?? 'UTC';
    const startsAt = instantIn(dto.startsAt, zone, 'startsAt');
    const endsAt = instantIn(dto.endsAt, zone, 'endsAt');
    if (endsAt <= startsAt) throw DomainError.badRequest('session_ends_before_start', 'endsAt must be after startsAt.');
    const [room]: Array<{ id: string; capacity: number }> = await this.dataSource.query(`SELECT id, capacity FROM logistics_rooms WHERE conference_id = $1 AND name = $2`, [
      conferenceId,
      dto.room.trim(),
    ]);
    if (!room) throw DomainError.badRequest('unknown_room', `room: the venue has no room "${dto.room}"; add it with PUT /api/conferences/${conferenceId}/venue.`);
    if (dto.headcount !== undefined && dto.headcount > room.capacity) {
      throw DomainError.badRequest('room_too_small', `headcount: ${dto.headcount} people do not fit in "${dto.room}", which seats ${room.capacity}.`);
    }
    try {
      const [row]: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO logistics_sessions (conference_id, room_id, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [conferenceId, room.id, dto.title.trim(), startsAt.toISOString(), endsAt.toISOString()],
      );
      return (await this.sessions(conferenceId)).find((s) => s.id === row.id)!;
    } catch (error) {
      if ((error as { code?: string }).code !== '23P01') throw error;
      const [clash]: Array<{ id: string; title: string; starts_at: Date; ends_at: Date }> = await this.dataSource.query(
        `SELECT id, title, starts_at, ends_at FROM logistics_sessions WHERE room_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2::timestamptz, $3::timestamptz) ORDER BY starts_at LIMIT 1`,
        [room.id, startsAt.toISOString(), endsAt.toISOString()],
      );
      const local = (d: Date) => DateTime.fromJSDate(new Date(d), { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
      throw DomainError.conflict(
        'room_double_booked',
        `"${dto.room}" is already booked for "${clash?.title}" from ${clash ? local(clash.starts_at) : '?'} to ${clash ? local(clash.ends_at) : '?'} (${zone}); choose another room or time.`,
        { clashingSession: clash ? { id: clash.id, title: clash.title } : null },
      );
    }
  }

  async sessions(conferenceId: string): Promise<SessionView[]> {
    const conference = await this.conferences.find(conferenceId);
    const zone = conference.timezone ?? 'UTC';
    const rows: Array<{ id: string; title: string; room: string; starts_at: Date; ends_at: Date }> = await this.dataSource.query(
      `SELECT s.id, s.title, r.name AS room, s.starts_at, s.ends_at FROM logistics_sessions s JOIN logistics_rooms r ON r.id = s.room_id WHERE s.conference_id = $1 ORDER BY s.starts_at, r.name`,
      [conferenceId],
    );
    const local = (d: Date) => DateTime.fromJSDate(new Date(d), { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      room: r.room,
      startsAt: local(r.starts_at),
      endsAt: local(r.ends_at),
      startsAtUtc: new Date(r.starts_at).toISOString(),
      endsAtUtc: new Date(r.ends_at).toISOString(),
    }));
  }

  /** The default checklist of a new conference; seeding twice adds nothing. */
  async seedChecklist(conferenceId: string): Promise<void> {
    const conference = await this.conferences.find(conferenceId);
    if (!conference.startsOn) return;
    const tasks = defaultChecklist(conference.startsOn, conference.languages ?? ['en']);
    const now = await this.clock.now();
    await this.dataSource.query(
      `INSERT INTO logistics_tasks (conference_id, title, due_on, seeded_key, created_at)
       SELECT $1, u.title, u.due_on, u.key, $5 FROM unnest($2::text[], $3::date[], $4::text[]) AS u(title, due_on, key)
       ON CONFLICT (conference_id, seeded_key) DO NOTHING`,
      [conferenceId, tasks.map((t) => t.title), tasks.map((t) => t.dueOn), tasks.map((t) => t.key), now.toISOString()],
    );
  }

  async addTask(conferenceId: string, dto: TaskDto): Promise<TaskView> {
    await this.conferences.find(conferenceId);
    const now = await this.clock.now();
    const [row]: Array<Record<string, any>> = await this.dataSource.query(
      `INSERT INTO logistics_tasks (conference_id, title, due_on, done, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${TASK_COLUMNS}`,
      [conferenceId, dto.title.trim(), dto.dueOn, dto.done ?? false, now.toISOString()],
    );
    return toTask(row);
  }

  async patchTask(id: string, dto: TaskPatchDto): Promise<TaskView> {
    const [[row]]: [Array<Record<string, any>>] = await this.dataSource.query(
      `UPDATE logistics_tasks SET title = COALESCE($2, title), due_on = COALESCE($3::date, due_on), done = COALESCE($4, done) WHERE id = $1 RETURNING ${TASK_COLUMNS}`,
      [id, dto.title?.trim() ?? null, dto.dueOn ?? null, dto.done ?? null],
    );
    if (!row) throw DomainError.notFound('task', id);
    await this.announceIfReady(row.conference_id);
    return toTask(row);
  }

  async deleteTask(id: string): Promise<void> {
    const [rows]: [Array<{ conference_id: string }>] = await this.dataSource.query(`DELETE FROM logistics_tasks WHERE id = $1 RETURNING conference_id`, [id]);
    if (rows.length === 0) throw DomainError.notFound('task', id);
    await this.announceIfReady(rows[0].conference_id);
  }

  async tasks(conferenceId: string): Promise<TaskView[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(`SELECT ${TASK_COLUMNS} FROM logistics_tasks WHERE conference_id = $1 ORDER BY due_on, title, id`, [conferenceId]);
    return rows.map(toTask);
  }

  /** GET /api/conferences/:id/logistics: the figures and every blocker of the `ready` transition. */
  async overview(conferenceId: string) {
    const conference = await this.conferences.find(conferenceId);
    const figures = this.figuresOf(conferenceId);
    const [headcount, counts, tasks, rooms, blockers] = await Promise.all([
      figures.headcount(),
      figures.counts(),
      this.tasks(conferenceId),
      this.rooms(conferenceId),
      this.blockers(conference, figures),
    ]);
    await this.announceIfReady(conferenceId, { conference, blockers });
    return {
      headcount,
      capacity: conference.capacity,
      rooms,
      badges: { issued: counts.badgesIssued, pending: Math.max(0, headcount - counts.badgesIssued) },
      visaLetters: { requested: counts.visaRequested + counts.visaIssued, issued: counts.visaIssued },
      tasks,
      ready: blockers.length === 0,
      blockers,
    };
  }

  /**
   * Announces logistics.ready the first time a conference whose registration has closed has no
   * blocker left; called wherever a blocker may have cleared.
   */
  async announceIfReady(conferenceId: string, known?: { conference: ConferenceSummary; blockers: Blocker[] }): Promise<boolean> {
    const conference = known?.conference ?? (await this.conferences.find(conferenceId));
    if (!ANNOUNCED_IN.includes(conference.state)) return false;
    const blockers = known?.blockers ?? (await this.blockers(conference));
    if (blockers.length) return false;
    const now = await this.clock.now();
    const announced = await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(`INSERT INTO logistics_readiness (conference_id, ready_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING conference_id`, [
        conferenceId,
        now.toISOString(),
      ]);
      if (rows.length === 0) return false;
      await this.outbox.record(manager, { type: 'logistics.ready', aggregateId: conferenceId, occurredAt: now, data: { conferenceId, at: now.toISOString() } });
      return true;
    });
    if (announced) this.outbox.committed();
    return announced;
  }

  async blockers(conference: ConferenceSummary, figures = this.figuresOf(conference.id)): Promise<Blocker[]> {
    const all = await Promise.all([
      this.capacityBlocker(conference, figures),
      this.taskBlocker(conference),
      this.badgeBlocker(conference, figures),
      this.visaBlocker(conference, figures),
      this.credentialsBlocker(conference),
    ]);
    return all.filter((b): b is Blocker => !!b);
  }

  private figuresOf(conferenceId: string): ReadinessFigures {
    let headcount: Promise<number> | undefined;
    let counts: Promise<DocumentCounts> | undefined;
    return {
      headcount: () => (headcount ??= this.directory.countConfirmed(conferenceId)),
      counts: () => (counts ??= this.accreditation.documentCounts(conferenceId)),
    };
  }

  async capacityBlocker(conference: ConferenceSummary, figures = this.figuresOf(conference.id)): Promise<Blocker | null> {
    if (!conference.capacity) return null;
    const accepted = await figures.headcount();
    return accepted > conference.capacity ? { guard: 'capacity_respected', message: `accepted ${accepted} > capacity ${conference.capacity}` } : null;
  }

  async taskBlocker(conference: ConferenceSummary): Promise<Blocker | null> {
    if (!conference.startsOn) return null;
    const open: Array<{ title: string; due_on: string }> = await this.dataSource.query(
      `SELECT title, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM logistics_tasks WHERE conference_id = $1 AND NOT done AND due_on < $2::date ORDER BY due_on, title`,
      [conference.id, conference.startsOn],
    );
    return open.length ? { guard: 'tasks_done', message: open.map((t) => `task '${t.title}' due ${t.due_on} not done`).join('; ') } : null;
  }

  async badgeBlocker(conference: ConferenceSummary, figures = this.figuresOf(conference.id)): Promise<Blocker | null> {
    const [headcount, counts] = await Promise.all([figures.headcount(), figures.counts()]);
    const missing = headcount - counts.badgesIssued;
    return missing > 0 ? { guard: 'badges_issued', message: `${missing} participant${missing === 1 ? '' : 's'} without a badge` } : null;
  }

  async visaBlocker(conference: ConferenceSummary, figures = this.figuresOf(conference.id)): Promise<Blocker | null> {
    const { visaRequested } = await figures.counts();
    return visaRequested > 0 ? { guard: 'visa_letters_issued', message: `${visaRequested} visa letter${visaRequested === 1 ? '' : 's'} requested, not issued` } : null;
  }

  async credentialsBlocker(conference: ConferenceSummary): Promise<Blocker | null> {
    const [delegations, verified] = await Promise.all([this.directory.confirmedInvitationIds(conference.id), this.credentials.verifiedInvitationIds(conference.id)]);
    const ok = new Set(verified);
    const missing = delegations.filter((id) => !ok.has(id)).length;
    return missing > 0 ? { guard: 'credentials_verified', message: `${missing} delegation${missing === 1 ? "'s" : "s'"} credentials not verified` } : null;
  }
}

/** A session time: local in the conference zone unless it carries its own offset. */
function instantIn(value: string, zone: string, field: string): Date {
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const parsed = hasOffset ? DateTime.fromISO(value, { setZone: true }) : DateTime.fromISO(value, { zone });
  if (!parsed.isValid) throw DomainError.badRequest('invalid_time', `${field}: ${value} is not a valid date and time.`);
  return parsed.toJSDate();
}
