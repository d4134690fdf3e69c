import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { typeOrmOptions } from '../src/platform/database/typeorm-options';
import { runMigrations } from '../src/platform/database/migrate';
import { badgesIssued, inviteAll } from './support/delegations';
import { createModelSeries } from './support/fixtures';
import { TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** The migration that moved badge, visa-letter and check-in state off the participants table keeps that state both ways; later ones fill in what answers left out. */
describe('migrations keep logistics state', () => {
  const MOVED = 'ParticipantsWithoutLogistics1766700000000';
  let env: TestEnvironment;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '0' });
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  it('moves badges, visa letters and check-ins back to participants on down and forward again on up', async () => {
    const http = await env.startHttp();
    const tokens = new InvitationTokens(env.config());
    const model = await createModelSeries(http.api);
    const budapest = model.regionals.find((c: any) => c.city === 'Budapest');
    const invitationOf = await inviteAll(http.api, db, budapest.id, [
      { email: 'mission.at@example.org', fullName: 'Anna Huber', stakeholderType: 'member_state', country: 'AT', language: 'en' },
      { email: 'unodc@example.org', fullName: 'Li Wei', stakeholderType: 'regional_org', country: 'AT', language: 'zh', organisation: 'UNODC' },
    ]);
    const accept = (email: string, body: object = {}) => http.api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf[email])}`, { response: 'accept', ...body });
    expect((await accept('mission.at@example.org', { needsVisaLetter: true })).status).toBe(200);
    expect((await accept('unodc@example.org')).status).toBe(200);
    await badgesIssued(http.api, budapest.id, 2);
    await waitFor(async () => (await db.query(`SELECT 1 FROM logistics_visa_letters WHERE status = 'issued'`)).rows.length === 1, 'the visa letter');
    const { rows: people } = await db.query(`SELECT id, full_name FROM participants ORDER BY full_name`);
    const anna = people.find((p) => p.full_name === 'Anna Huber').id;
    const li = people.find((p) => p.full_name === 'Li Wei').id;
    const checkedInAt = new Date('2027-11-02T08:30:00Z');
    await db.query(`INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor) VALUES ($1, $2, $3, 'Door 1')`, [li, budapest.id, checkedInAt]);
    // Badges printed before the move carried a hash of their code; the way back must keep it.
    await db.query(`UPDATE logistics_badges SET legacy_code_hash = decode(md5(participant_id::text), 'hex')`);
    const before = await logisticsState(db);
    expect(before.badges).toHaveLength(2);
    expect(before.visaLetters).toEqual([{ participant_id: anna, status: 'issued' }]);
    await http.close();

    const dataSource = new DataSource(typeOrmOptions({ databaseUrl: env.databaseUrl }));
    await dataSource.initialize();
    try {
      const applied = async () => (await dataSource.query(`SELECT 1 FROM schema_migrations WHERE name = $1`, [MOVED])).length > 0;
      while (await applied()) await dataSource.undoLastMigration({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }

    const { rows: columns } = await db.query(`SELECT id, badge, visa_letter, check_in_hash, checked_in_at FROM participants ORDER BY full_name`);
    expect(columns).toEqual([
      { id: anna, badge: 'issued', visa_letter: before.visaLetters[0].status, check_in_hash: before.badges.find((b) => b.participant_id === anna).legacy_code_hash, checked_in_at: null },
      { id: li, badge: 'issued', visa_letter: 'none', check_in_hash: before.badges.find((b) => b.participant_id === li).legacy_code_hash, checked_in_at: checkedInAt },
    ]);

    // Up must carry what only the participants table knows, so the logistics tables start empty.
    await db.query(`DELETE FROM logistics_check_ins; DELETE FROM logistics_visa_letters; DELETE FROM logistics_badges`);
    await runMigrations(env.databaseUrl);
    const after = await logisticsState(db);
    expect(after.checkIns).toEqual(before.checkIns.map((c) => ({ ...c, actor: 'system' })));
    expect(after.visaLetters).toEqual(before.visaLetters);
    expect(after.badges.map(({ participant_id, status, legacy_code_hash }) => ({ participant_id, status, legacy_code_hash }))).toEqual(
      before.badges.map(({ participant_id, status, legacy_code_hash }) => ({ participant_id, status, legacy_code_hash })),
    );
  });

  it("gives invitees answered before titles were copied their contact's title, and keeps a title already held", async () => {
    await db.query(`UPDATE contacts SET job_title = CASE WHEN email = 'mission.at@example.org' THEN 'Ambassador' ELSE 'Director' END`);
    await db.query(`UPDATE participants SET job_title = CASE WHEN full_name = 'Li Wei' THEN 'Head of office' END`);
    await db.query(`DELETE FROM schema_migrations WHERE name = 'InviteeJobTitles1767220000001'`);
    await runMigrations(env.databaseUrl);
    const { rows } = await db.query(`SELECT full_name, job_title FROM participants ORDER BY full_name`);
    expect(rows).toEqual([
      { full_name: 'Anna Huber', job_title: 'Ambassador' },
      { full_name: 'Li Wei', job_title: 'Head of office' },
    ]);
  });
});

async function logisticsState(db: Client) {
  const { rows: badges } = await db.query(`SELECT participant_id, status, legacy_code_hash FROM logistics_badges ORDER BY participant_id`);
  const { rows: visaLetters } = await db.query(`SELECT participant_id, status FROM logistics_visa_letters ORDER BY participant_id`);
  const { rows: checkIns } = await db.query(`SELECT participant_id, checked_in_at, actor FROM logistics_check_ins ORDER BY participant_id`);
  return { badges, visaLetters, checkIns };
}
