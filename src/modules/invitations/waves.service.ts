import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { enqueueWithin } from '../../platform/messaging/bounded-enqueue';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ContactsService } from '../contacts';
import { ConferencesService } from '../conferences';
import type { AudienceCriteria } from '../contacts';
import { AudiencePreview, CreateWaveDto } from './dto/wave.dto';
import { InvitationStats } from './invitation-stats';
import { BATCH_SIZE, INVITATION_JOBS, InvitationsProducer, SEND_BATCH_JOB_OPTIONS, expandJobId, sendBatchJobId } from './invitations.jobs';
import { Wave, toWaveView } from './wave.entity';

const DISPATCHABLE_CONFERENCE_STATES = ['planning', 'inviting'];

/**
 * Waves: created as drafts, dispatched now or at their send time. Dispatch only records the decision
 * and queues the expansion; the audience becomes invitation rows in one set-based statement on a
 * worker, and sending happens in batches, so the request answers at once whatever the audience.
 */
@Injectable()
export class WavesService {
  private readonly logger = new Logger('waves');

  constructor(
    @InjectRepository(Wave) private readonly waves: Repository<Wave>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: InvitationsProducer,
    private readonly contacts: ContactsService,
    private readonly conferences: ConferencesService,
    private readonly stats: InvitationStats,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  async create(conferenceId: string, dto: CreateWaveDto, actor: string) {
    const conference = await this.conferences.find(conferenceId);
    if (!DISPATCHABLE_CONFERENCE_STATES.includes(conference.state)) {
      throw DomainError.conflict('conference_not_inviting', `Waves can be created while a conference is in planning or inviting; this one is ${conference.state}.`);
    }
    const problems = this.contacts.validateAudience(dto.audience);
    if (problems.length) throw DomainError.badRequest('invalid_audience', problems.join('; '), { fields: problems.map((p) => ({ field: p.split(':')[0], problems: [p] })) });
    const audienceSize = await this.contacts.countAudience(dto.audience);
    const wave = await this.waves.save(
      this.waves.create({
        conferenceId,
        name: dto.name,
        audience: dto.audience,
        sendAt: dto.sendAt ? new Date(dto.sendAt) : null,
        state: 'draft',
        audienceSize,
        includeUndeliverable: dto.includeUndeliverable ?? false,
        createdBy: actor,
        createdAt: await this.clock.now(),
      }),
    );
    return toWaveView(wave);
  }

  /**
   * What a wave with this audience would reach, before it is created: the contacts it matches, how
   * many of them this conference already invited, and how many are marked undeliverable.
   */
  async preview(conferenceId: string, audience: AudienceCriteria): Promise<AudiencePreview> {
    await this.conferences.find(conferenceId);
    const problems = this.contacts.validateAudience(audience);
    if (problems.length) throw DomainError.badRequest('invalid_audience', problems.join('; '), { fields: problems.map((p) => ({ field: p.split(':')[0], problems: [p] })) });
    const matched = this.contacts.audienceSubquery(audience, 2, { withDeliverable: true });
    const [row]: Array<AudiencePreview> = await this.dataSource.query(
      `WITH audience AS (${matched.sql})
       SELECT count(*)::int AS "audienceSize",
              count(i.id)::int AS "alreadyInvited",
              count(*) FILTER (WHERE NOT a.deliverable)::int AS "undeliverable"
       FROM audience a LEFT JOIN invitations i ON i.conference_id = $1 AND i.contact_id = a.id`,
      [conferenceId, ...matched.params],
    );
    return row;
  }

  async find(id: string): Promise<Wave> {
    const wave = await this.waves.findOne({ where: { id } });
    if (!wave) throw DomainError.notFound('wave', id);
    return wave;
  }

  async view(id: string) {
    return toWaveView(await this.find(id));
  }

  async list(conferenceId: string, query: PageQuery): Promise<Page<ReturnType<typeof toWaveView>>> {
    await this.conferences.find(conferenceId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const qb = this.waves.createQueryBuilder('w').where('w.conference_id = :conferenceId', { conferenceId }).orderBy('w.created_at', 'ASC').addOrderBy('w.id', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('(w.created_at, w.id) > (:key::timestamptz, :id::uuid)', { key: after.key, id: after.id });
    const items = (await qb.getMany()).map(toWaveView);
    return toPage(items, limit, (w) => ({ key: w.createdAt, id: w.id }));
  }

  /**
   * Dispatches a wave, or schedules it when its send time is ahead. Dispatching again (at once or
   * later) finds the wave already past draft and changes nothing: nobody is invited twice.
   */
  async dispatch(id: string, actor: string): Promise<{ id: string; state: string }> {
    const wave = await this.find(id);
    const conference = await this.conferences.find(wave.conferenceId);
    if (wave.state === 'draft' && conference.state === 'planning') {
      // The first wave opens the invitation period; its guards (dates, deadline…) must hold.
      await this.conferences.transition(conference.id, { to: 'inviting', actor, trigger: 'automatic', reason: `wave "${wave.name}" dispatched` });
    } else if (wave.state === 'draft' && !DISPATCHABLE_CONFERENCE_STATES.includes(conference.state)) {
      throw DomainError.conflict('conference_not_inviting', `Invitations can go out while a conference is in planning or inviting; this one is ${conference.state}.`);
    }
    const now = await this.clock.now();
    const state = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(Wave, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw DomainError.notFound('wave', id);
      if (locked.state === 'cancelled') throw DomainError.conflict('wave_cancelled', 'This wave was cancelled; create a new wave to invite its audience.');
      if (locked.state !== 'draft') return locked.state;
      if (locked.sendAt && locked.sendAt > now) {
        await manager.update(Wave, { id }, { state: 'scheduled' });
        return 'scheduled' as const;
      }
      await this.markDispatching(manager, locked, now);
      return 'dispatching' as const;
    });
    if (state === 'dispatching') await this.queueExpansion(id);
    return { id, state };
  }

  async cancel(id: string) {
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const wave = await manager.findOne(Wave, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!wave) throw DomainError.notFound('wave', id);
      if (wave.state !== 'scheduled') {
        throw DomainError.conflict('wave_not_scheduled', `Only a scheduled wave can be cancelled; this one is ${wave.state}.`);
      }
      wave.state = 'cancelled';
      wave.cancelledAt = await this.clock.now();
      return manager.save(wave);
    });
    return toWaveView(cancelled);
  }

  /** Scheduled waves whose send time has come, for the clock tick. */
  async dueScheduled(now: Date): Promise<Array<{ id: string; sendAt: Date }>> {
    const rows: Array<{ id: string; send_at: Date }> = await this.dataSource.query(
      `SELECT id, send_at FROM waves WHERE state = 'scheduled' AND send_at <= $1 ORDER BY send_at LIMIT 100`,
      [now.toISOString()],
    );
    return rows.map((r) => ({ id: r.id, sendAt: new Date(r.send_at) }));
  }

  /** The tick's half of a scheduled wave: dispatch it now, unless it was cancelled meanwhile. */
  async dispatchScheduled(id: string): Promise<void> {
    const now = await this.clock.now();
    const dispatched = await this.dataSource.transaction(async (manager) => {
      const wave = await manager.findOne(Wave, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!wave || wave.state !== 'scheduled') return false;
      const conference = await this.conferences.find(wave.conferenceId);
      if (!DISPATCHABLE_CONFERENCE_STATES.includes(conference.state)) {
        await manager.update(Wave, { id }, { state: 'cancelled', cancelledAt: now });
        this.logger.warn({ waveId: id, conferenceId: wave.conferenceId, conferenceState: conference.state }, 'scheduled wave cancelled: the conference no longer takes invitations');
        return false;
      }
      await this.markDispatching(manager, wave, now);
      return true;
    });
    if (!dispatched) return;
    const wave = await this.find(id);
    const conference = await this.conferences.find(wave.conferenceId);
    if (conference.state === 'planning') {
      await this.conferences
        .transition(conference.id, { to: 'inviting', actor: 'system', trigger: 'automatic', reason: `scheduled wave "${wave.name}" dispatched` })
        .catch((error: Error) => this.logger.warn({ conferenceId: conference.id, err: error.message }, 'conference could not open its invitation period'));
    }
    await this.queueExpansion(id);
  }

  private async markDispatching(manager: EntityManager, wave: Wave, now: Date): Promise<void> {
    await manager.update(Wave, { id: wave.id }, { state: 'dispatching', dispatchedAt: now });
  }

  async queueExpansion(waveId: string): Promise<void> {
    await enqueueWithin(this.queue.add(INVITATION_JOBS.expand, { waveId }, { jobId: expandJobId(waveId) }), INVITATION_JOBS.expand);
  }

  /**
   * Writes one invitation per matching contact not yet invited to the conference (the unique
   * constraint makes a contact of two waves, or a repeated expansion, count once), numbered into
   * send batches, then queues the batches. Safe to run again: it only adds what is missing.
   */
  async expand(waveId: string): Promise<{ inserted: number; batches: number } | null> {
    const result = await this.dataSource.transaction(async (manager) => {
      const wave = await manager.findOne(Wave, { where: { id: waveId }, lock: { mode: 'pessimistic_write' } });
      if (!wave || wave.state !== 'dispatching') return null;
      const now = await this.clock.now();
      const audience = this.contacts.audienceSubquery(wave.audience, 6, { withDeliverable: true });
      const [{ next_batch }]: Array<{ next_batch: number }> = await manager.query(`SELECT coalesce(max(batch_no) + 1, 0) AS next_batch FROM invitations WHERE wave_id = $1`, [waveId]);
      const inserted: Array<{ n: number }> = await manager.query(
        `WITH audience AS (${audience.sql}),
         fresh AS (
           SELECT a.id FROM audience a
           WHERE (a.deliverable OR $4::boolean)
             AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.conference_id = $1 AND i.contact_id = a.id)
           ORDER BY a.id
         ),
         inserted AS (
           INSERT INTO invitations (conference_id, contact_id, wave_id, batch_no, created_at)
           SELECT $1, f.id, $2, $3 + (row_number() OVER () - 1) / ${BATCH_SIZE}, $5::timestamptz FROM fresh f
           ON CONFLICT ON CONSTRAINT one_invitation_per_contact DO NOTHING
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM inserted`,
        [wave.conferenceId, waveId, next_batch, wave.includeUndeliverable, now.toISOString(), ...audience.params],
      );
      const added = inserted[0].n;
      // Contacts marked undeliverable are left out of the wave unless it asked for them, and counted apart.
      const matched = this.contacts.audienceSubquery(wave.audience, 4, { withDeliverable: true });
      const [counts]: Array<{ targeted: number; mine: number; skipped: number }> = await manager.query(
        `WITH audience AS (${matched.sql})
         SELECT count(*) FILTER (WHERE a.deliverable OR $3::boolean)::int AS targeted,
                count(*) FILTER (WHERE i.wave_id = $1)::int AS mine,
                count(*) FILTER (WHERE NOT (a.deliverable OR $3::boolean))::int AS skipped
         FROM audience a LEFT JOIN invitations i ON i.conference_id = $2 AND i.contact_id = a.id`,
        [waveId, wave.conferenceId, wave.includeUndeliverable, ...matched.params],
      );
      await manager.update(Wave, { id: waveId }, { targeted: counts.targeted, alreadyInvited: counts.targeted - counts.mine, skippedUndeliverable: counts.skipped, expandedAt: now });
      await this.stats.bump(manager, wave.conferenceId, { invited: added });
      const batches: Array<{ batch_no: number }> = await manager.query(
        `SELECT DISTINCT batch_no FROM invitations WHERE wave_id = $1 AND delivery = 'queued' ORDER BY batch_no`,
        [waveId],
      );
      return { inserted: added, batchNos: batches.map((b) => b.batch_no), conferenceId: wave.conferenceId };
    });
    if (!result) return null;
    await this.queueBatches(waveId, result.batchNos);
    if (result.batchNos.length === 0) await this.completeIfDone(waveId);
    this.logger.log({ waveId, conferenceId: result.conferenceId, inserted: result.inserted, batches: result.batchNos.length }, 'wave expanded');
    return { inserted: result.inserted, batches: result.batchNos.length };
  }

  async queueBatches(waveId: string, batchNos: number[]): Promise<void> {
    for (let i = 0; i < batchNos.length; i += 500) {
      await this.queue.addBulk(
        batchNos.slice(i, i + 500).map((batchNo) => ({ name: INVITATION_JOBS.sendBatch, data: { waveId, batchNo }, opts: { ...SEND_BATCH_JOB_OPTIONS, jobId: sendBatchJobId(waveId, batchNo) } })),
      );
    }
  }

  /** Closes a wave whose invitations have all been sent or have failed, and announces it once. */
  async completeIfDone(waveId: string): Promise<boolean> {
    const now = await this.clock.now();
    const completed = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ conference_id: string; state: string; targeted: number; already_invited: number; sent: number; failed: number }> = await manager.query(
        // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
        `WITH done AS (
           UPDATE waves SET state = CASE WHEN failed > 0 THEN 'completed_with_failures' ELSE 'completed' END, completed_at = $2
           WHERE id = $1 AND state = 'dispatching' AND expanded_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM invitations WHERE wave_id = $1 AND delivery = 'queued')
           RETURNING conference_id, state, targeted, already_invited, sent, failed
         ) SELECT * FROM done`,
        [waveId, now.toISOString()],
      );
      const row = rows[0];
      if (!row) return false;
      await this.outbox.record(manager, {
        type: 'wave.completed',
        aggregateId: waveId,
        occurredAt: now,
        data: {
          waveId,
          conferenceId: row.conference_id,
          state: row.state as 'completed' | 'completed_with_failures',
          counts: { targeted: row.targeted, alreadyInvited: row.already_invited, sent: row.sent, failed: row.failed },
        },
      });
      return true;
    });
    if (completed) this.outbox.committed();
    return completed;
  }

  /** Waves that are dispatching, with what PostgreSQL says remains to do, for the reconciler. */
  async unfinishedWork(olderThanSeconds: number): Promise<{ unexpanded: string[]; queuedBatches: Array<{ waveId: string; batchNo: number }> }> {
    // A wave's and its invitations' times come from the service's clock (the manual one in a dry run), so their age is reckoned on that clock.
    const now = await this.clock.now();
    const unexpanded: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM waves WHERE state = 'dispatching' AND expanded_at IS NULL AND dispatched_at IS NOT NULL
       AND dispatched_at <= $2::timestamptz - make_interval(secs => $1)`,
      [olderThanSeconds, now.toISOString()],
    );
    const batches: Array<{ wave_id: string; batch_no: number }> = await this.dataSource.query(
      `SELECT DISTINCT i.wave_id, i.batch_no FROM invitations i JOIN waves w ON w.id = i.wave_id
       WHERE w.state = 'dispatching' AND i.delivery = 'queued' AND i.created_at <= $2::timestamptz - make_interval(secs => $1)`,
      [olderThanSeconds, now.toISOString()],
    );
    return { unexpanded: unexpanded.map((r) => r.id), queuedBatches: batches.map((b) => ({ waveId: b.wave_id, batchNo: b.batch_no })) };
  }
}
