import { BeforeApplicationShutdown, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { preparedRows } from '../../platform/database/prepared';
import { withRetry } from '../../platform/database/retry';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { metricsRegistry } from '../../platform/observability/metrics';
import { ConferencesService } from '../conferences';
import { ParticipantsDirectory, PlainCard } from '../participants';
import { AttendanceReader } from './attendance-reader';
import { BadgeCodes } from './badge-codes';
import { Keyed, MAX_SCANS, ScanBatches } from './check-in-batches';
import { capacityLabel, delegationOf } from './participant-labels';

export interface CheckedIn {
  participantId: string;
  fullName: string;
  delegation: string;
  capacity: string;
  checkedInAt: string;
}

/** The states in which the door is open. */
const OPEN_STATES = ['ready', 'in_session'];

const batchScans = new Histogram({
  name: 'convene_checkin_batch_scans',
  help: 'Scans recorded together by one batch at the door',
  buckets: [1, 2, 5, 10, 25, 50, 100, MAX_SCANS],
  registers: [metricsRegistry],
});

const notValid = () =>
  new DomainError(HttpStatus.NOT_FOUND, 'badge_not_valid', 'This badge is not valid: it was revoked or never issued. Send the person to the accreditation desk.');

/** A scan received, waiting for its answer; keyed by the badge its code names (a forged code by its text). */
class Scan implements Keyed {
  constructor(
    readonly key: string,
    readonly badgeId: string | null,
    readonly legacyHash: Buffer | null,
    readonly actor: string,
    readonly resolve: (checkedIn: CheckedIn) => void,
    readonly reject: (error: unknown) => void,
  ) {}
}

/** A badge of the batch as the door read it: its holder and their conference's state. */
interface Scanned {
  card: PlainCard;
  state: string | null;
}

/**
 * Marks badge holders attended once, with the events announcing it in the same transaction. Scans
 * are group-committed (see ScanBatches): a batch reads its badges, holders and conference states in
 * one statement, then writes its check-ins and their events in one more, which also tells who was
 * checked in already (their time is read only for them).
 */
@Injectable()
export class CheckInService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('check-in');
  private readonly batches = new ScanBatches<Scan>((batch) => this.record(batch));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codes: BadgeCodes,
    private readonly attendance: AttendanceReader,
    private readonly directory: ParticipantsDirectory,
    private readonly conferences: ConferencesService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  beforeApplicationShutdown(): Promise<void> {
    return this.batches.drain();
  }

  async summary(): Promise<{ conferences: Array<{ id: string; title: string; state: string; attended: number; expected: number }> }> {
    const open = (await this.conferences.listBySeriesIds()).filter((c) => OPEN_STATES.includes(c.state));
    const attended = await this.attendance.attendedCounts(open.map((c) => c.id));
    const expected = await Promise.all(open.map((c) => this.directory.countConfirmed(c.id)));
    return { conferences: open.map((c, i) => ({ id: c.id, title: c.title, state: c.state, attended: attended.get(c.id) ?? 0, expected: expected[i] })) };
  }

  checkIn(code: string, actor: string): Promise<CheckedIn> {
    const badgeId = this.codes.badgeIdOf(code);
    const legacyHash = badgeId ? null : this.codes.legacyHashOf(code);
    return new Promise<CheckedIn>((resolve, reject) =>
      this.batches.submit(new Scan(badgeId ?? `legacy:${legacyHash!.toString('hex')}`, badgeId, legacyHash, actor, resolve, reject)),
    );
  }

  private async record(batch: Scan[]): Promise<void> {
    batchScans.observe(batch.length);
    const answered = new Set<Scan>();
    const answer = (scan: Scan, outcome: CheckedIn | Error) => {
      answered.add(scan);
      if (outcome instanceof Error) scan.reject(outcome);
      else scan.resolve(outcome);
    };
    try {
      const found = await this.read(batch);
      const now = await this.clock.now();
      const entering: Array<{ scan: Scan; card: PlainCard }> = [];
      // A holder whose badge is scanned in one batch by both its codes (the current one and a legacy one) enters once, announced once.
      const holders = new Set<string>();
      const again: Array<{ scan: Scan; card: PlainCard }> = [];
      for (const scan of batch) {
        const scanned = found.get(scan);
        if (!scanned) answer(scan, notValid());
        else if (!OPEN_STATES.includes(scanned.state ?? '')) {
          const state = scanned.state ?? 'unknown';
          answer(scan, DomainError.conflict('check_in_closed', `Check-in is open only while the conference is ready or in session; it is ${state}.`, { state }));
        } else if (holders.has(scanned.card.participantId)) again.push({ scan, card: scanned.card });
        else {
          holders.add(scanned.card.participantId);
          entering.push({ scan, card: scanned.card });
        }
      }
      if (entering.length === 0) return;
      const recorded = await withRetry(() => this.write(entering, now));
      if (recorded.size) this.outbox.committed();
      // Checked in before (by an earlier scan, another process or another code of the same badge): its time.
      const lost = entering.filter((e) => !recorded.has(e.card.participantId));
      const earlier = lost.length ? await this.checkedInTimes(lost.map((e) => e.card.participantId)) : new Map<string, Date>();
      for (const { scan, card } of entering) {
        if (recorded.has(card.participantId)) answer(scan, checkedIn(card, now));
        else answer(scan, alreadyCheckedIn(card, earlier.get(card.participantId) ?? now));
      }
      for (const { scan, card } of again) answer(scan, alreadyCheckedIn(card, earlier.get(card.participantId) ?? now));
    } catch (error) {
      this.logger.error(`A batch of ${batch.length} scans failed: ${(error as Error).message}`);
      for (const scan of batch) if (!answered.has(scan)) scan.reject(error);
    }
  }

  /**
   * The batch's badges that are issued, each with its holder (confirmed only) and their conference's
   * state. Every entry is looked up by key and read once (not inlined), so the plan costs a few index
   * lookups per code, never a pass over the conference's participants.
   */
  private async read(batch: Scan[]): Promise<Map<Scan, Scanned>> {
    const badgeIds = batch.flatMap((s) => (s.badgeId ? [s.badgeId] : []));
    const legacyHashes = batch.flatMap((s) => (s.legacyHash ? [s.legacyHash] : []));
    // Two lookups, one per unique index: an OR of the two would be planned as one scan of every issued badge.
    const badges: StatementPart = {
      with: [
        [
          'scanned_badges',
          `SELECT participant_id, badge_id, NULL::bytea AS legacy_code_hash FROM logistics_badges WHERE badge_id = ANY($1::uuid[]) AND status = 'issued'
           UNION ALL
           SELECT participant_id, badge_id, legacy_code_hash FROM logistics_badges WHERE legacy_code_hash = ANY($2::bytea[]) AND status = 'issued'`,
        ],
      ],
      values: [badgeIds, legacyHashes],
      yields: 'scanned_badges',
    };
    const cards = this.directory.plainCardsPart(badges, 'participant_id');
    const states = this.conferences.statePart(cards, 'conference_id');
    const { text, values } = composeStatement(
      [cards, states],
      `SELECT c.*, b.badge_id, encode(b.legacy_code_hash, 'hex') AS legacy_code, s.state
       FROM ${badges.yields} b
       JOIN ${cards.yields} c ON c.id = b.participant_id
       LEFT JOIN ${states.yields} s ON s.id = c.conference_id
       WHERE c.status = 'confirmed'`,
    );
    const rows = await preparedRows<Record<string, any>>(this.dataSource, text, values);
    const byKey = new Map<string, Scanned>();
    const named = new Set(badgeIds);
    for (const row of rows) {
      const scanned = { card: this.directory.plainCardOf(row), state: row.state ?? null };
      if (named.has(row.badge_id)) byKey.set(row.badge_id, scanned);
      if (row.legacy_code) byKey.set(`legacy:${row.legacy_code}`, scanned);
    }
    const found = new Map<Scan, Scanned>();
    for (const scan of batch) {
      const scanned = byKey.get(scan.key);
      if (scanned) found.set(scan, scanned);
    }
    return found;
  }

  /**
   * The check-ins and their events in one statement (one transaction): a participant already checked
   * in (before or meanwhile) records nothing and announces nothing: the check-ins' key finds them,
   * where a read of earlier check-ins could be planned as a scan of them all while the table is young.
   * Rows are taken in participant order, so two writers never wait on each other's rows in a cycle.
   * Answers whom it recorded.
   */
  private async write(entering: Array<{ scan: Scan; card: PlainCard }>, now: Date): Promise<Set<string>> {
    const at = now.toISOString();
    const wanted = entering.map(({ scan, card }) => ({
      participant_id: card.participantId,
      conference_id: card.conferenceId,
      actor: scan.actor,
      payload: { conferenceId: card.conferenceId, participantId: card.participantId, invitationId: card.invitationId, checkedInAt: at, actor: scan.actor },
    }));
    const text = `WITH check_ins_wanted AS (
        SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (participant_id uuid, conference_id uuid, actor text, payload jsonb)) WITH ORDINALITY AS w(participant_id, conference_id, actor, payload, n)
      ),
      check_ins_recorded AS (
        INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor)
        SELECT participant_id, conference_id, $2::timestamptz, actor FROM check_ins_wanted ORDER BY participant_id
        ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id
      ),
      check_ins_announced AS (
        ${this.outbox.recordSelectedSql(
          `SELECT 'participant.checked_in', w.participant_id::text, w.payload, $2::timestamptz FROM check_ins_wanted w JOIN check_ins_recorded r USING (participant_id) ORDER BY w.n`,
        )}
      )
      SELECT participant_id FROM check_ins_recorded`;
    const rows = await preparedRows<{ participant_id: string }>(this.dataSource, text, [JSON.stringify(wanted), at]);
    return new Set(rows.map((r) => r.participant_id));
  }

  private async checkedInTimes(participantIds: string[]): Promise<Map<string, Date>> {
    const rows: Array<{ participant_id: string; checked_in_at: Date }> = await this.dataSource.query(
      `SELECT participant_id, checked_in_at FROM logistics_check_ins WHERE participant_id = ANY($1::uuid[])`,
      [participantIds],
    );
    return new Map(rows.map((r) => [r.participant_id, new Date(r.checked_in_at)]));
  }
}

function checkedIn(card: PlainCard, at: Date): CheckedIn {
  return { participantId: card.participantId, fullName: card.fullName, delegation: delegationOf(card), capacity: capacityLabel(card.capacity), checkedInAt: at.toISOString() };
}

function alreadyCheckedIn(card: PlainCard, at: Date): DomainError {
  return DomainError.conflict('already_checked_in', `${card.fullName} was already checked in at ${at.toISOString()}.`, { ...checkedIn(card, at) });
}
