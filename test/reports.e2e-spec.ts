import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PNG } from 'pngjs';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { BadgeCodes } from '../src/modules/accreditation/badge-codes';
import { MODEL_REGIONALS, MODEL_SUMMIT, replay } from './support/fixtures';
import { allTasksDone, badgesIssued, uploadCredential } from './support/delegations';
import { MailSink, SinkMessage, startMailSink } from './support/mail-sink';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.example.org';

/** The people of the series: who they are is what the reports count. */
const CONTACTS = [
  { key: 'by', email: 'mission.belarus@example.org', fullName: 'Alena Kovalenko', stakeholderType: 'member_state', country: 'BY', language: 'ru', gender: 'female', organisation: 'Ministry of Foreign Affairs of Belarus' },
  { key: 'fr', email: 'interieur.france@example.org', fullName: 'Marc Dubois', stakeholderType: 'member_state', country: 'FR', language: 'fr', gender: 'male', organisation: 'Ministère de l’Intérieur' },
  { key: 'ke', email: 'network.kenya@example.org', fullName: 'Wanjiru Otieno', stakeholderType: 'civil_society', country: 'KE', language: 'en', organisation: 'Hedayah Network' },
  { key: 'ae', email: 'mission.uae@example.org', fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar', gender: 'male', organisation: 'UAE Mission' },
  { key: 'osce', email: 'osce@example.org', fullName: 'Jane Smith', stakeholderType: 'regional_org', country: 'AT', language: 'en', gender: 'female', organisation: 'OSCE' },
  { key: 'tt', email: 'ministry.tt@example.org', fullName: 'Carla Ramírez', stakeholderType: 'member_state', country: 'TT', language: 'es', gender: 'female', organisation: 'Ministry of National Security' },
  { key: 'gb', email: 'scholar@example.org', fullName: 'Sam Scholar', stakeholderType: 'academia', country: 'GB', language: 'en', organisation: 'University of Leeds' },
] as const;
type Key = (typeof CONTACTS)[number]['key'];
const emailOf = (key: Key) => CONTACTS.find((c) => c.key === key)!.email;
const DELEGATE = { fullName: 'Pavel Ivanov', email: 'pavel.ivanov@mission.example', capacity: 'delegate' };

const cityOf = (city: string) => MODEL_REGIONALS.find((c) => c.city === city)!;

describe('follow-up reports and the summit, across a series of three regional conferences', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let door: ApiClient;
  let sink: MailSink;
  let db: Client;
  let tokens: InvitationTokens;
  let codes: BadgeCodes;
  let folder: string;
  let seriesId: string;
  let summitId: string;
  const conf: Record<'minsk' | 'pos' | 'abuDhabi', string> = { minsk: '', pos: '', abuDhabi: '' };
  const contactId: Partial<Record<Key, string>> = {};
  const feedbackLink: Record<string, string> = {};

  const clock = async (to: string) => {
    const moved = await api.post('/api/admin/clock', { to: replay(to) });
    expect(moved.status).toBe(200);
  };
  const state = async (id: string) => (await api.get(`/api/conferences/${id}`)).body.state;

  async function invite(conferenceId: string, keys: Key[]) {
    const wave = await api.post(`/api/conferences/${conferenceId}/waves`, { name: 'Delegations', audience: { contactIds: keys.map((k) => contactId[k]) } });
    expect(wave.status).toBe(201);
    expect((await api.post(`/api/waves/${wave.body.id}/dispatch`)).status).toBeLessThan(300);
    await waitFor(async () => (await api.get(`/api/waves/${wave.body.id}`)).body.state === 'completed', 'the wave to be sent', 60000);
  }

  async function answer(conferenceId: string, key: Key, body: object) {
    const { rows } = await db.query(`SELECT id FROM invitations WHERE conference_id = $1 AND contact_id = $2`, [conferenceId, contactId[key]]);
    const answered = await api.as(null).post(`/rsvp/${tokens.tokenFor(rows[0].id)}`, body);
    expect(answered.status).toBe(200);
    if ((body as { response: string }).response !== 'accept') return;
    // Badges are printed for delegations whose credentials the secretariat verified.
    const document = await uploadCredential(api.baseUrl, tokens, rows[0].id);
    expect((await api.patch(`/api/credentials/${document.id}`, { status: 'verified' })).status).toBe(200);
  }

  /** What logistics asks before the doors open: the checklist done, every badge printed. */
  async function ready(conferenceId: string, badges: number) {
    await allTasksDone(api, conferenceId);
    await badgesIssued(api, conferenceId, badges);
    const moved = await api.post(`/api/conferences/${conferenceId}/transitions`, { to: 'ready' });
    expect(moved.body).toMatchObject({ state: 'ready' });
  }

  async function checkIn(conferenceId: string, names: string[]) {
    const { rows } = await db.query(`SELECT id, full_name FROM participants WHERE conference_id = $1 AND status = 'confirmed'`, [conferenceId]);
    for (const name of names) {
      const participant = rows.find((r) => r.full_name === name);
      expect(participant).toBeDefined();
      const { rows: [badge] } = await db.query(`SELECT badge_id FROM logistics_badges WHERE participant_id = $1 AND status = 'issued'`, [participant.id]);
      const scanned = await door.post('/api/checkin', { code: codes.codeFor(badge.badge_id) });
      expect(scanned.status).toBe(200);
    }
  }

  /** The thank-you mails of one conference, by recipient, once they have all arrived. */
  async function thankYous(title: string, count: number): Promise<SinkMessage[]> {
    return waitFor(() => {
      const found = sink.messages.filter((m) => (m.text ?? '').includes('/feedback/') && (m.text ?? '').includes(title));
      return found.length >= count ? found : null;
    }, `${count} thank-you mails for ${title}`, 30000);
  }

  async function generated(conferenceId: string, generation: number) {
    return waitFor(async () => {
      const report = await api.get(`/api/conferences/${conferenceId}/report`);
      return report.status === 200 && report.body.generation === generation ? report.body : null;
    }, `generation ${generation} of the report`, 30000);
  }

  /** The stored summit report once the worker has caught up with what `settled` expects of it. */
  async function summitReport(settled: (report: any) => boolean, what: string) {
    return waitFor(async () => {
      const report = await api.get(`/api/series/${seriesId}/summit-report`);
      return report.status === 200 && settled(report.body) ? report.body : null;
    }, `the summit report ${what}`, 30000);
  }
  const lineOf = (report: any, conferenceId: string) => report.conferences.find((c: any) => c.conferenceId === conferenceId);

  const outcomes = (city: string, recommendations: Array<[string, string]>) => ({
    summary: `The ${city} conference reviewed national practice and agreed on regional follow-up.`,
    keyOutcomes: [`A network of ${city} focal points`, 'A shared training calendar'],
    recommendations: recommendations.map(([theme, text]) => ({ theme, text })),
  });

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, RSVP_RATE_LIMIT: '0', FEEDBACK_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    tokens = new InvitationTokens(env.config());
    codes = new BadgeCodes(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    folder = mkdtempSync(join(tmpdir(), 'convene-reports-'));
    await clock('2019-08-01T00:00:00Z');

    const series = await api.post('/api/series', { name: 'Reports series', summit: MODEL_SUMMIT });
    expect(series.status).toBe(201);
    seriesId = series.body.id;
    summitId = series.body.summit.id;
    for (const [key, city] of [['minsk', 'Minsk'], ['pos', 'Port of Spain'], ['abuDhabi', 'Abu Dhabi']] as const) {
      const created = await api.post(`/api/series/${seriesId}/conferences`, cityOf(city));
      expect(created.status).toBe(201);
      conf[key] = created.body.id;
    }
    expect((await api.post('/api/contacts/import', CONTACTS.map(({ key: _key, ...c }) => c))).status).toBe(200);
    const { rows } = await db.query(`SELECT id, email FROM contacts`);
    for (const c of CONTACTS) contactId[c.key] = rows.find((r) => r.email === c.email).id;
    const key = await api.post('/api/keys', { name: 'Door', role: 'checkin' });
    door = api.as(key.body.key);
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('invites, takes the answers, checks people in and concludes each conference on the manual clock', async () => {
    await invite(conf.minsk, ['by', 'fr', 'ke', 'osce', 'gb']);
    await invite(conf.pos, ['tt', 'osce', 'ke']);
    await invite(conf.abuDhabi, ['ae', 'by', 'osce']);
    await answer(conf.minsk, 'by', { response: 'accept', delegates: [DELEGATE] });
    for (const k of ['fr', 'ke', 'osce'] as const) await answer(conf.minsk, k, { response: 'accept' });
    await answer(conf.minsk, 'gb', { response: 'decline' });
    for (const k of ['tt', 'osce'] as const) await answer(conf.pos, k, { response: 'accept' });
    for (const k of ['ae', 'by', 'osce'] as const) await answer(conf.abuDhabi, k, { response: 'accept' });

    // Nothing to report before the conference has met.
    const early = await api.post(`/api/conferences/${conf.minsk}/report`);
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/it is inviting/);

    await clock('2019-09-20T00:00:00Z');
    expect(await state(conf.minsk)).toBe('registration_closed');
    await ready(conf.minsk, 5);
    await clock('2019-10-03T09:00:00Z');
    expect(await state(conf.minsk)).toBe('in_session');
    // The Kenyan network accepted but did not come.
    await checkIn(conf.minsk, ['Alena Kovalenko', 'Pavel Ivanov', 'Marc Dubois', 'Jane Smith']);
    await clock('2019-10-06T00:00:00Z');
    expect(await state(conf.minsk)).toBe('concluded');

    await clock('2019-10-25T00:00:00Z');
    await ready(conf.pos, 2);
    await clock('2019-11-06T15:00:00Z');
    await checkIn(conf.pos, ['Carla Ramírez', 'Jane Smith']);
    await clock('2019-11-09T00:00:00Z');
    expect(await state(conf.pos)).toBe('concluded');

    await clock('2020-02-01T00:00:00Z');
    await ready(conf.abuDhabi, 3);
    await clock('2020-02-17T08:00:00Z');
    await checkIn(conf.abuDhabi, ['Hamdan Al Mazrouei', 'Alena Kovalenko', 'Jane Smith']);
    await clock('2020-02-20T00:00:00Z');
    expect(await state(conf.abuDhabi)).toBe('concluded');
  });

  it('thanks each attended participant once, in their language, with a personal feedback link', async () => {
    const minsk = await thankYous(cityOf('Minsk').title, 4);
    await thankYous(cityOf('Port of Spain').title, 2);
    const abuDhabi = await thankYous(cityOf('Abu Dhabi').title, 3);
    const to = (messages: SinkMessage[], address: string) => messages.filter((m) => m.envelope.to.includes(address));
    expect(minsk.map((m) => m.envelope.to[0]).sort()).toEqual([DELEGATE.email, emailOf('by'), emailOf('fr'), emailOf('osce')].sort());
    // Invited, accepted, absent: no thank-you.
    expect(sink.messages.filter((m) => m.envelope.to.includes(emailOf('ke')) && (m.text ?? '').includes('/feedback/'))).toHaveLength(0);
    expect(to(minsk, emailOf('by'))[0].subject).toContain('Благодарим за участие');
    // Minsk works in English and Russian: French is not among them.
    expect(to(minsk, emailOf('fr'))[0].subject).toContain('Thank you for taking part');
    const arabic = to(abuDhabi, emailOf('ae'))[0];
    expect(arabic.subject).toContain('شكرًا على مشاركتكم');
    expect(arabic.html).toContain('dir="rtl"');

    for (const message of sink.messages.filter((m) => (m.text ?? '').includes('/feedback/'))) {
      const link = /https:\/\/convene\.example\.org\/feedback\/([A-Za-z0-9_-]{43})/.exec(message.text ?? '');
      expect(link).not.toBeNull();
      const conference = [cityOf('Minsk'), cityOf('Port of Spain'), cityOf('Abu Dhabi')].find((c) => message.text!.includes(c.title))!.city;
      feedbackLink[`${conference}:${message.envelope.to[0]}`] = link![1];
    }
    expect(Object.keys(feedbackLink)).toHaveLength(9);
    // Time moving on sends nothing twice.
    const before = sink.messages.length;
    await clock('2020-02-21T00:00:00Z');
    expect(sink.messages.length).toBe(before);
  });

  it('takes feedback on a public page that works without JavaScript, right-to-left in Arabic', async () => {
    const publicApi = api.as(null);
    const arabic = await publicApi.get(`/feedback/${feedbackLink[`Abu Dhabi:${emailOf('ae')}`]}`, { accept: 'text/html' });
    expect(arabic.status).toBe(200);
    expect(arabic.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic.text).toMatch(/<form method="post" action="\/feedback\/[A-Za-z0-9_-]{43}">/);
    expect(arabic.headers.get('cache-control')).toBe('no-store');
    const form = await publicApi.request('POST', `/feedback/${feedbackLink[`Abu Dhabi:${emailOf('ae')}`]}`, 'rating=5&comment=', { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' });
    expect(form.status).toBe(200);
    expect(form.text).toContain('سُجل رأيكم');

    const rate = (link: string, body: object) => publicApi.post(`/feedback/${link}`, body, { accept: 'application/json' });
    expect((await rate(feedbackLink[`Minsk:${emailOf('by')}`], { rating: 2 })).status).toBe(200);
    // Changed before the report is submitted: the later answer counts.
    const changed = await rate(feedbackLink[`Minsk:${emailOf('by')}`], { rating: 5, comment: 'Very useful exchanges' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ rating: 5, comment: 'Very useful exchanges', open: true });
    expect((await rate(feedbackLink[`Minsk:${emailOf('fr')}`], { rating: 4 })).status).toBe(200);
    expect((await rate(feedbackLink[`Minsk:${DELEGATE.email}`], { rating: 3 })).status).toBe(200);
    expect((await rate(feedbackLink[`Port of Spain:${emailOf('tt')}`], { rating: 4 })).status).toBe(200);

    const bad = await rate(feedbackLink[`Minsk:${emailOf('osce')}`], { rating: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('rating must be a whole number from 1 to 5');
    expect((await rate(feedbackLink[`Minsk:${emailOf('osce')}`], { rating: 4, stars: 4 })).status).toBe(400);
    const unknown = await rate('A'.repeat(43), { rating: 4 });
    const malformed = await rate('not-a-token', { rating: 4 });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual(unknown.body);
  });

  it('records outcomes with themes from a list the secretariat can extend', async () => {
    const themes = await api.get('/api/report-themes');
    expect(themes.body.map((t: any) => t.code)).toEqual(expect.arrayContaining(['biometrics_terrorist_travel', 'human_rights', 'victims_of_terrorism', 'multi_stakeholder_cooperation']));
    const unknown = await api.put(`/api/conferences/${conf.minsk}/outcomes`, outcomes('Minsk', [['border_security', 'Train border guards']]));
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toContain('border_security');
    expect((await api.post('/api/report-themes', { code: 'border_security', label: 'Border security and management' })).status).toBe(201);
    expect((await api.post('/api/report-themes', { code: 'border_security', label: 'again' })).status).toBe(409);
    expect((await api.put(`/api/conferences/${conf.minsk}/outcomes`, { ...outcomes('Minsk', []), extra: true })).status).toBe(400);

    const minsk = await api.put(
      `/api/conferences/${conf.minsk}/outcomes`,
      outcomes('Minsk', [
        ['biometrics_terrorist_travel', 'Use API and PNR data in line with Security Council resolution 2396'],
        ['border_security', 'Train border guards in biometric checks'],
      ]),
    );
    expect(minsk.status).toBe(200);
    expect((await api.put(`/api/conferences/${conf.pos}/outcomes`, outcomes('Port of Spain', [['biometrics_terrorist_travel', 'Share watch lists across CARICOM'], ['human_rights', 'Keep screening within human rights law']]))).status).toBe(200);
    expect((await api.put(`/api/conferences/${conf.abuDhabi}/outcomes`, outcomes('Abu Dhabi', [['terrorist_use_of_internet', 'Work with platforms on terrorist content']]))).status).toBe(200);
  });

  it('refuses to submit until a report is generated, then generates it in a worker with exact numbers', async () => {
    expect((await api.get(`/api/conferences/${conf.minsk}/report`)).status).toBe(404);
    const refused = await api.post(`/api/conferences/${conf.minsk}/report/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.failedGuards).toEqual([{ guard: 'report_generated', message: expect.stringContaining('Generate the report first') }]);
    const pipeline = (await api.get('/api/pipeline')).body.conferences.find((c: any) => c.id === conf.minsk);
    expect(pipeline.blockers.map((b: any) => b.guard)).toEqual(['report_generated']);

    const first = await api.post(`/api/conferences/${conf.minsk}/report`);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ generation: 1, state: 'generating' });
    await generated(conf.minsk, 1);
    // A newer generation replaces the older.
    expect((await api.post(`/api/conferences/${conf.minsk}/report`)).body.generation).toBe(2);
    const report = await generated(conf.minsk, 2);

    expect(report.funnel).toEqual({ invited: 5, accepted: 4, declined: 1, noAnswer: 0, attended: 4 });
    const counts = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.code, r.count]));
    expect(counts(report.byCountry)).toEqual({ BY: 2, FR: 1, AT: 1 });
    expect(counts(report.byRegion)).toEqual({ '150': 4 });
    expect(counts(report.byRegionalGroup)).toEqual({ EASTERN_EUROPEAN: 2, WEOG: 2 });
    expect(counts(report.byStakeholderType)).toEqual({ member_state: 3, regional_org: 1 });
    // The delegate was not asked for a gender; heads of delegation are the three invitees.
    expect(report.gender).toEqual({ overall: { female: 2, male: 1, other: 0, notGiven: 1 }, headsOfDelegation: { female: 2, male: 1, other: 0, notGiven: 0 } });
    expect(counts(report.organisations)).toEqual({ 'ministry of foreign affairs of belarus': 2, 'ministère de l’intérieur': 1, osce: 1 });
    expect(report.feedback).toEqual({ responses: 3, averageRating: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } });
    expect(report.outcomes.keyOutcomes).toEqual(['A network of Minsk focal points', 'A shared training calendar']);
    expect(report.recommendationsByTheme).toEqual([
      { theme: 'biometrics_terrorist_travel', label: 'Biometrics and terrorist travel', items: [{ text: 'Use API and PNR data in line with Security Council resolution 2396', conferenceId: conf.minsk }] },
      { theme: 'border_security', label: 'Border security and management', items: [{ text: 'Train border guards in biometric checks', conferenceId: conf.minsk }] },
    ]);
  });

  it('gives the report as Markdown, CSV and a PDF with a title page, the numbers and a chart', async () => {
    const md = await api.get(`/api/conferences/${conf.minsk}/report?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    const table = (heading: string) => {
      const section = md.text.split(`### ${heading}\n\n`)[1].split('\n\n')[0];
      return Object.fromEntries(section.split('\n').slice(2).map((line) => line.split('|').map((c) => c.trim()).filter(Boolean)).map(([k, v]) => [k, Number(v)]));
    };
    expect(table('By country')).toEqual({ Belarus: 2, France: 1, Austria: 1 });
    expect(table('By UN regional group')).toEqual({ 'Eastern European Group': 2, 'Western European and Others Group': 2 });
    expect(md.text).toContain('- Train border guards in biometric checks');

    const csv = await api.get(`/api/conferences/${conf.minsk}/report?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows: string[][] = parse(csv.text);
    expect(rows[0]).toEqual(['dimension', 'code', 'name', 'attended']);
    const cell = (dimension: string, code: string) => Number(rows.find((r) => r[0] === dimension && r[1] === code)?.[3]);
    expect(cell('country', 'BY')).toBe(2);
    expect(cell('stakeholder_type', 'member_state')).toBe(3);
    expect(cell('gender', 'female')).toBe(2);
    expect(cell('gender_heads_of_delegation', 'male')).toBe(1);
    expect(cell('funnel', 'attended')).toBe(4);

    const pdf = await fetch(`${api.baseUrl}/api/conferences/${conf.minsk}/report?format=pdf`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = join(folder, 'minsk.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1])).toBeGreaterThanOrEqual(2);
    const titlePage = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-']).toString();
    expect(titlePage).toContain('Follow-up report');
    expect(titlePage).toContain('Attended: 4');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toMatch(/Invited\s+5/);
    expect(text).toMatch(/Belarus\s+2/);
    expect(text).toMatch(/Member State\s+3/);
    expect(text).toContain('Attended participants by stakeholder type');
    execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', file, join(folder, 'minsk')]);
    const png = PNG.sync.read(readFileSync(join(folder, 'minsk-1.png')));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 128 && png.data[i + 1] < 128) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('submits: the conference becomes reported, outcomes and feedback close, the summit waits for the rest', async () => {
    const submitted = await api.post(`/api/conferences/${conf.minsk}/report/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('reported');
    // The announcement committed with the transition: it is there the moment the answer is, with the transition's time.
    const { rows: announced } = await db.query(
      `SELECT type, occurred_at FROM outbox_events WHERE aggregate_id = $1 AND (type = 'report.submitted' OR (type = 'conference.transitioned' AND payload->>'to' = 'reported'))`,
      [conf.minsk],
    );
    expect(announced.map((r) => r.type).sort()).toEqual(['conference.transitioned', 'report.submitted']);
    expect(announced[0].occurred_at).toEqual(announced[1].occurred_at);
    expect((await api.post(`/api/conferences/${conf.minsk}/report/submit`)).status).toBe(409);
    expect((await api.put(`/api/conferences/${conf.minsk}/outcomes`, outcomes('Minsk', []))).status).toBe(409);
    expect((await api.post(`/api/conferences/${conf.minsk}/report`)).status).toBe(409);
    const late = await api.as(null).post(`/feedback/${feedbackLink[`Minsk:${emailOf('osce')}`]}`, { rating: 1 }, { accept: 'application/json' });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/submitted/);

    // Outcomes changed after generation: the report must be generated again before submitting.
    await api.post(`/api/conferences/${conf.pos}/report`);
    await generated(conf.pos, 1);
    await api.put(`/api/conferences/${conf.pos}/outcomes`, outcomes('Port of Spain', [['biometrics_terrorist_travel', 'Share watch lists across CARICOM'], ['human_rights', 'Keep screening within human rights law']]));
    const stale = await api.post(`/api/conferences/${conf.pos}/report/submit`);
    expect(stale.status).toBe(409);
    expect(stale.body.failedGuards.map((g: any) => g.guard)).toEqual(['report_generated']);
    await api.post(`/api/conferences/${conf.pos}/report`);
    const pos = await generated(conf.pos, 2);
    expect(pos.funnel).toEqual({ invited: 3, accepted: 2, declined: 0, noAnswer: 1, attended: 2 });
    expect(pos.feedback).toMatchObject({ responses: 1, averageRating: 4 });
    expect((await api.post(`/api/conferences/${conf.pos}/report/submit`)).body.state).toBe('reported');

    await api.patch(`/api/conferences/${summitId}`, { rsvpDeadline: replay('2020-06-01') });
    await api.post(`/api/conferences/${summitId}/transitions`, { to: 'inviting' });
    await api.post(`/api/conferences/${summitId}/transitions`, { to: 'registration_closed' });
    await allTasksDone(api, summitId);
    const blocked = await api.post(`/api/conferences/${summitId}/transitions`, { to: 'ready' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.failedGuards).toEqual([{ guard: 'regional_reports_in', message: expect.stringContaining(conf.abuDhabi) }]);
    const pipeline = await api.get('/api/pipeline');
    const card = (id: string) => pipeline.body.conferences.find((c: any) => c.id === id);
    expect(card(conf.minsk).report).toMatchObject({ state: 'submitted', generation: 2, downloads: { pdf: `/api/conferences/${conf.minsk}/report?format=pdf` } });
    expect(card(conf.abuDhabi).report).toMatchObject({ state: 'none', downloads: {} });
    expect(card(conf.abuDhabi).blockers.map((b: any) => b.guard)).toEqual(['report_generated']);
    const lane = pipeline.body.series.find((s: any) => s.id === seriesId);
    expect(lane.missingReportTitles).toEqual([cityOf('Abu Dhabi').title]);
    expect(lane.summitReport).toBe(`/api/series/${seriesId}/summit-report`);
    const summary = await summitReport((r) => lineOf(r, conf.pos).report === 'submitted', 'with Port of Spain');
    expect(summary.missingReports).toEqual([conf.abuDhabi]);
    expect(summary.totals).toEqual({ invited: 8, accepted: 6, attended: 6, countries: 4, organisations: 4 });
  });

  it('consolidates the series for the summit: distinct countries and organisations, regions, themes, waivers', async () => {
    const waived = await api.post(`/api/conferences/${summitId}/waivers`, { conferenceId: conf.abuDhabi, reason: 'The host will send its report after the summit' });
    expect(waived.status).toBe(201);
    expect((await api.get(`/api/series/${seriesId}`)).body.summitReadiness).toMatchObject({ ready: true, missingReports: [] });
    // Submitted after all, it counts: Belarus and the OSCE, present twice or three times, count once.
    await api.post(`/api/conferences/${conf.abuDhabi}/report`);
    const abuDhabi = await generated(conf.abuDhabi, 1);
    expect(abuDhabi.feedback).toMatchObject({ responses: 1, averageRating: 5 });
    expect(abuDhabi.gender.headsOfDelegation).toEqual({ female: 2, male: 1, other: 0, notGiven: 0 });
    expect((await api.post(`/api/conferences/${conf.abuDhabi}/report/submit`)).status).toBe(200);

    const summit = await summitReport((r) => lineOf(r, conf.abuDhabi).report === 'submitted', 'with Abu Dhabi');
    expect(summit.totals).toEqual({ invited: 11, accepted: 9, attended: 9, countries: 5, organisations: 5 });
    expect(Object.fromEntries(summit.byRegion.map((r: any) => [r.code, r.count]))).toEqual({ '150': 7, '019': 1, '142': 1 });
    expect(summit.missingReports).toEqual([]);
    expect(summit.waivers).toEqual([expect.objectContaining({ conferenceId: conf.abuDhabi, reason: 'The host will send its report after the summit', actor: 'admin' })]);
    const biometrics = summit.recommendationsByTheme.find((g: any) => g.theme === 'biometrics_terrorist_travel');
    expect(biometrics.items.map((i: any) => i.conferenceId)).toEqual([conf.minsk, conf.pos]);
    expect(summit.recommendationsByTheme.map((g: any) => g.theme)).toEqual(['biometrics_terrorist_travel', 'terrorist_use_of_internet', 'human_rights', 'border_security']);

    const md = await api.get(`/api/series/${seriesId}/summit-report?format=md`);
    expect(md.text).toMatch(/\| Countries \(distinct\) \| 5 \|/);
    expect(md.text).toContain('- Abu Dhabi: The host will send its report after the summit');
    const pdf = await fetch(`${api.baseUrl}/api/series/${seriesId}/summit-report?format=pdf`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const file = join(folder, 'summit.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toMatch(/Countries \(distinct\)\s+5/);
    expect(text).toMatch(/Organisations \(distinct\)\s+5/);

    // Stored, not computed per request: asked again, a newer generation replaces it.
    const again = await api.post(`/api/series/${seriesId}/summit-report`);
    expect(again.status).toBe(202);
    expect(again.body.generation).toBeGreaterThan(summit.generation);
    expect((await summitReport((r) => r.generation === again.body.generation, `generation ${again.body.generation}`)).totals).toEqual(summit.totals);
    expect((await api.post(`/api/series/00000000-0000-4000-8000-000000000000/summit-report`)).status).toBe(404);

    const ready = await api.post(`/api/conferences/${summitId}/transitions`, { to: 'ready' });
    expect(ready.status).toBe(200);
    await waitFor(async () => (await db.query(`SELECT 1 FROM outbox_events WHERE type = 'summit.ready'`)).rowCount === 1, 'summit.ready');
    const { rows } = await db.query(`SELECT type, count(*)::int AS n FROM outbox_events WHERE type IN ('report.generated', 'report.submitted', 'feedback.received', 'summit.ready') GROUP BY type ORDER BY type`);
    expect(rows).toEqual([
      { type: 'feedback.received', n: 6 },
      { type: 'report.generated', n: 5 },
      { type: 'report.submitted', n: 3 },
      { type: 'summit.ready', n: 1 },
    ]);
  });

  it('says that a series without regional conferences has nothing to make its summit ready', async () => {
    const lonely = await api.post('/api/series', { name: 'Summit alone', summit: MODEL_SUMMIT });
    const id = lonely.body.summit.id;
    await api.patch(`/api/conferences/${id}`, { rsvpDeadline: replay('2020-06-01') });
    await api.post(`/api/conferences/${id}/transitions`, { to: 'inviting' });
    await api.post(`/api/conferences/${id}/transitions`, { to: 'registration_closed' });
    await allTasksDone(api, id);
    const refused = await api.post(`/api/conferences/${id}/transitions`, { to: 'ready' });
    expect(refused.status).toBe(409);
    expect(refused.body.failedGuards).toEqual([{ guard: 'regional_reports_in', message: expect.stringContaining('no regional conference') }]);
  });
});
