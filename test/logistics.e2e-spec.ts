import jsQR from 'jsqr';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PNG } from 'pngjs';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { VisaLettersService } from '../src/modules/accreditation/visa-letters.service';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { allTasksDone, badgesIssued, inviteAll, uploadCredential } from './support/delegations';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

describe('venue logistics: agenda, checklist, badges, visa letters, readiness', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let app: INestApplicationContext;
  let db: Client;
  let tokens: InvitationTokens;
  let folder: string;
  let abuDhabi: any;
  let vienna: any;
  let invitationOf: Record<string, string>;
  const participantOf: Record<string, string> = {};

  const fetchPdf = async (path: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${(api as any).key}` } });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const textOf = (pdf: Buffer, name: string) => {
    const file = join(folder, `${name}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  };
  /** The page as a reader sees it: rendered by poppler, its QR code read back by jsQR. */
  const renderedQr = (pdf: Buffer, name: string) => {
    const file = join(folder, `${name}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', file, join(folder, name)]);
    const png = PNG.sync.read(readFileSync(join(folder, `${name}-1.png`)));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 128) dark++;
    return { dark: dark / (png.width * png.height), code: jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data };
  };
  const accept = (email: string, body: object = {}) => api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf[email])}`, { response: 'accept', ...body });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'convene-logistics-'));
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, RSVP_RATE_LIMIT: '0' });
    ({ api, app } = await env.startHttp());
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const model = await createModelSeries(api);
    abuDhabi = model.regionals.find((c: any) => c.city === 'Abu Dhabi');
    vienna = model.regionals.find((c: any) => c.city === 'Vienna');
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('seeds each new conference with a checklist relative to its start, editable and deletable', async () => {
    const tasks = await waitFor(async () => {
      const { body } = await api.get(`/api/conferences/${abuDhabi.id}/tasks`);
      return body.items.length ? body.items : null;
    }, 'the checklist to be seeded');
    const byTitle = Object.fromEntries(tasks.map((t: any) => [t.title, t]));
    expect(Object.keys(byTitle)).toEqual(
      expect.arrayContaining(['Venue contract signed', 'Host-country agreement signed', 'Security plan', 'Catering', 'Accreditation desk', 'Interpretation: Arabic', 'Interpretation: English', 'Interpretation: French']),
    );
    expect(byTitle['Security plan'].dueOn).toBe(replay('2020-01-18'));
    expect(byTitle['Accreditation desk']).toMatchObject({ dueOn: replay('2020-02-10'), done: false });

    const added = await api.post(`/api/conferences/${abuDhabi.id}/tasks`, { title: 'Shuttle buses', dueOn: replay('2020-02-14') });
    expect(added.status).toBe(201);
    const patched = await api.patch(`/api/tasks/${added.body.id}`, { dueOn: replay('2020-02-15') });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Shuttle buses', dueOn: replay('2020-02-15'), done: false });
    expect((await api.post(`/api/conferences/${abuDhabi.id}/tasks`, { title: 'x', dueOn: 'soon', colour: 'red' })).status).toBe(400);
    expect((await api.delete(`/api/tasks/${byTitle['Catering'].id}`)).status).toBe(204);
    expect((await api.patch(`/api/tasks/${byTitle['Catering'].id}`, { done: true })).status).toBe(404);
  });

  it('books rooms: a double booking is refused naming the clashing session, a crowd larger than the room too', async () => {
    const venue = await api.put(`/api/conferences/${abuDhabi.id}/venue`, {
      name: 'Emirates Palace',
      address: 'West Corniche Road, Abu Dhabi',
      rooms: [{ name: 'Plenary hall', capacity: 400 }, { name: 'Room B', capacity: 40 }],
    });
    expect(venue.status).toBe(200);
    const opening = await api.post(`/api/conferences/${abuDhabi.id}/sessions`, { title: 'Opening plenary', room: 'Plenary hall', startsAt: `${replay('2020-02-17')}T09:00`, endsAt: `${replay('2020-02-17')}T10:30` });
    expect(opening.status).toBe(201);
    expect(opening.body).toMatchObject({ room: 'Plenary hall', startsAt: `${replay('2020-02-17')}T09:00`, startsAtUtc: `${replay('2020-02-17')}T05:00:00.000Z` });
    const clash = await api.post(`/api/conferences/${abuDhabi.id}/sessions`, { title: 'Panel 1', room: 'Plenary hall', startsAt: `${replay('2020-02-17')}T10:00`, endsAt: `${replay('2020-02-17')}T11:00` });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain('"Opening plenary"');
    expect(clash.body.clashingSession).toEqual({ id: opening.body.id, title: 'Opening plenary' });
    const after = await api.post(`/api/conferences/${abuDhabi.id}/sessions`, { title: 'Panel 1', room: 'Plenary hall', startsAt: `${replay('2020-02-17')}T10:30`, endsAt: `${replay('2020-02-17')}T12:00` });
    expect(after.status).toBe(201);
    const crowd = await api.post(`/api/conferences/${abuDhabi.id}/sessions`, { title: 'Side event', room: 'Room B', startsAt: `${replay('2020-02-17')}T13:00`, endsAt: `${replay('2020-02-17')}T14:00`, headcount: 60 });
    expect(crowd.status).toBe(400);
    expect(crowd.body.message).toMatch(/60 people do not fit in "Room B", which seats 40/);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/sessions`, { title: 'X', room: 'Attic', startsAt: `${replay('2020-02-17')}T13:00`, endsAt: `${replay('2020-02-17')}T14:00` })).status).toBe(400);
    const removing = await api.put(`/api/conferences/${abuDhabi.id}/venue`, { name: 'Emirates Palace', address: 'West Corniche Road', rooms: [{ name: 'Room B', capacity: 40 }] });
    expect(removing.status).toBe(409);
    const logistics = await api.get(`/api/conferences/${abuDhabi.id}/logistics`);
    expect(logistics.body.rooms).toEqual([{ name: 'Plenary hall', capacity: 400, booked: 2 }, { name: 'Room B', capacity: 40, booked: 0 }]);
  });

  it('has the worker produce badges and visa letters that open in a reader with every script and a QR code the door accepts', async () => {
    invitationOf = await inviteAll(api, db, abuDhabi.id, [
      { email: 'mission.uae@example.org', fullName: 'حمدان المزروعي', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar', jobTitle: 'سفير' },
      { email: 'mission.china@example.org', fullName: '王小明', stakeholderType: 'member_state', country: 'CN', language: 'zh' },
      { email: 'osce@example.org', fullName: 'Jane Smith', stakeholderType: 'regional_org', country: 'AT', language: 'en', organisation: 'OSCE' },
      { email: 'scholar@example.org', fullName: 'Sam Scholar', stakeholderType: 'academia', country: 'GB', language: 'en', organisation: 'University of Leeds' },
    ]);
    expect((await accept('mission.uae@example.org', { needsVisaLetter: true, delegates: [{ fullName: 'Мария Иванова', email: 'maria@mission.example', capacity: 'adviser' }] })).status).toBe(200);
    expect((await accept('mission.china@example.org', { needsVisaLetter: true })).status).toBe(200);
    expect((await accept('osce@example.org')).status).toBe(200);
    expect((await accept('scholar@example.org')).status).toBe(200);
    for (const row of (await db.query(`SELECT id, full_name FROM participants`)).rows) participantOf[row.full_name] = row.id;

    const overview = await badgesIssued(api, abuDhabi.id, 5);
    expect(overview).toMatchObject({ headcount: 5, capacity: 400, badges: { issued: 5, pending: 0 } });
    await waitFor(async () => (await api.get(`/api/conferences/${abuDhabi.id}/logistics`)).body.visaLetters.issued === 2, 'the visa letters');

    const unverified = await fetchPdf(`/api/participants/${participantOf['حمدان المزروعي']}/badge.pdf`);
    expect(unverified.status).toBe(409);
    const document = await uploadCredential(api.baseUrl, tokens, invitationOf['mission.uae@example.org']);
    expect((await api.patch(`/api/credentials/${document.id}`, { status: 'verified' })).status).toBe(200);

    const badge = await fetchPdf(`/api/participants/${participantOf['حمدان المزروعي']}/badge.pdf`);
    expect(badge.status).toBe(200);
    expect(badge.type).toBe('application/pdf');
    const text = textOf(badge.bytes, 'badge-uae');
    // The job title is the contact's: the invitee gives none in the answer.
    for (const word of ['حمدان', 'المزروعي', 'سفير', 'United Arab Emirates', 'HEAD OF DELEGATION', 'Countering terrorism with new technologies']) expect(text).toContain(word);
    // The invitee's honorific comes before the name, on the name's own line; a delegate (not asked for one) has none.
    const nameLine = text.split('\n').find((line) => line.includes('حمدان'))!;
    expect(nameLine).toContain('H.E. Mr.');
    const rendered = renderedQr(badge.bytes, 'badge-uae');
    expect(rendered.dark).toBeGreaterThan(0.02);
    expect(rendered.code).toMatch(/^cvn1\./);
    expect(rendered.code).not.toContain(participantOf['حمدان المزروعي']);

    const adviser = textOf((await fetchPdf(`/api/participants/${participantOf['Мария Иванова']}/badge.pdf`)).bytes, 'badge-adviser');
    expect(adviser).toContain('Мария Иванова');
    expect(adviser).not.toContain('H.E.');
    expect(adviser).toContain('ADVISER');

    const chinaDocument = await uploadCredential(api.baseUrl, tokens, invitationOf['mission.china@example.org']);
    expect((await api.patch(`/api/credentials/${chinaDocument.id}`, { status: 'verified' })).status).toBe(200);
    const china = await fetchPdf(`/api/participants/${participantOf['王小明']}/badge.pdf`);
    expect(textOf(china.bytes, 'badge-china')).toContain('王小明');
    expect(renderedQr(china.bytes, 'badge-china').code).toMatch(/^cvn1\./);

    // The conference works in Arabic: the UAE letter is in Arabic; it does not work in Chinese: that one is in English.
    const arabicLetter = textOf((await fetchPdf(`/api/participants/${participantOf['حمدان المزروعي']}/visa-letter.pdf`)).bytes, 'visa-ar');
    for (const word of ['سفارة', 'التأشيرة', 'حمدان', 'سفير']) expect(arabicLetter).toContain(word);
    const englishLetter = textOf((await fetchPdf(`/api/participants/${participantOf['王小明']}/visa-letter.pdf`)).bytes, 'visa-zh');
    expect(englishLetter).toContain('To the Embassy or Consulate of United Arab Emirates');
    expect(englishLetter).toContain('王小明');
    expect(englishLetter).toMatch(/Abu Dhabi/);
    expect((await fetchPdf(`/api/participants/${participantOf['Jane Smith']}/visa-letter.pdf`)).status).toBe(404);

    const { rows: events } = await db.query(`SELECT type, count(*)::int AS n FROM outbox_events WHERE type IN ('badge.issued', 'visa_letter.issued') GROUP BY type ORDER BY type`);
    expect(events).toEqual([{ type: 'badge.issued', n: 5 }, { type: 'visa_letter.issued', n: 2 }]);
  });

  it('revokes the badge of a participant who declines or is substituted, and reissues one with a new code', async () => {
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf['scholar@example.org'])}`, { response: 'decline' })).status).toBe(200);
    const maria = participantOf['Мария Иванова'];
    const substituted = await accept('mission.uae@example.org', { delegates: [{ fullName: '=Omar Haddad', email: 'omar@mission.example', capacity: 'adviser', jobTitle: 'Legal adviser', replaces: maria }] });
    expect(substituted.status).toBe(200);
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM logistics_badges WHERE status = 'revoked'`);
      return rows[0].n === 2;
    }, 'two badges revoked');
    expect((await fetchPdf(`/api/participants/${participantOf['Sam Scholar']}/badge.pdf`)).status).toBe(410);
    expect((await fetchPdf(`/api/participants/${maria}/badge.pdf`)).status).toBe(410);
    const { rows: revoked } = await db.query(`SELECT payload->>'reason' AS reason FROM outbox_events WHERE type = 'badge.revoked' ORDER BY id`);
    expect(revoked.map((r) => r.reason).sort()).toEqual(['declined', 'substituted']);
    // The substitute gets a badge of their own.
    await badgesIssued(api, abuDhabi.id, 4);
  });

  it('draws a visa letter again, once, when what it prints of its holder changes, and only then', async () => {
    const hamdan = participantOf['حمدان المزروعي'];
    const wang = participantOf['王小明'];
    const lettersIssued = async (id: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'visa_letter.issued' AND aggregate_id = $1`, [id])).rows[0].n;
    const updatesHandled = (id: string, count: number) =>
      waitFor(async () => {
        const { rows } = await db.query(`SELECT id, payload, handled_at FROM outbox_events WHERE type = 'participant.updated' AND aggregate_id = $1 ORDER BY id`, [id]);
        return rows.length === count && rows.every((r) => r.handled_at) ? rows : null;
      }, `${count} update(s) of ${id} to be handled`);

    // A new capacity shows on the badge, not in the letter: the badge is printed again, the letter is not.
    expect((await accept('mission.china@example.org', { capacity: 'delegate' })).status).toBe(200);
    const [capacity] = await updatesHandled(wang, 1);
    expect(capacity.payload.fields).toEqual(['capacity']);
    expect(await lettersIssued(wang)).toBe(1);

    // The invitee's title and ministry change in the contacts directory: the letter names them in place of the old ones.
    const csv = 'email,fullName,stakeholderType,country,jobTitle,organisation\r\nmission.uae@example.org,حمدان المزروعي,member_state,AE,وزير الدولة,Ministry of Foreign Affairs\r\n';
    expect((await api.post('/api/contacts/import', csv, { 'content-type': 'text/csv' })).body).toMatchObject({ updated: 1 });
    const [update] = await updatesHandled(hamdan, 1);
    expect(update.payload.fields).toEqual(['jobTitle', 'organisation']);
    expect(await lettersIssued(hamdan)).toBe(2);
    const { rows: letters } = await db.query(`SELECT status, language FROM logistics_visa_letters WHERE participant_id = $1`, [hamdan]);
    expect(letters).toEqual([{ status: 'issued', language: 'ar' }]);
    const letter = textOf((await fetchPdf(`/api/participants/${hamdan}/visa-letter.pdf`)).bytes, 'visa-ar-reissued');
    for (const word of ['سفارة', 'حمدان', 'وزير الدولة', 'Ministry of Foreign Affairs']) expect(letter).toContain(word);
    expect(letter).not.toContain('سفير');

    // The same event delivered again draws nothing more.
    expect(await app.get(VisaLettersService).reissue(hamdan, String(update.id))).toBe('skipped');
    expect(await lettersIssued(hamdan)).toBe(2);
    await badgesIssued(api, abuDhabi.id, 4);
  });

  it('refuses the ready transition listing every blocker, then allows it once they are cleared; the door takes reissued codes only', async () => {
    // OSCE's first letter is rejected; it sends another before registration closes, still to be reviewed.
    const osce = await uploadCredential(api.baseUrl, tokens, invitationOf['osce@example.org']);
    const rejected = await api.patch(`/api/credentials/${osce.id}`, { status: 'rejected', reason: 'Unsigned' });
    expect(rejected.status).toBe(200);
    const again = await uploadCredential(api.baseUrl, tokens, invitationOf['osce@example.org']);
    // The UAE mission's second letter, sent by mistake, is rejected too: each contact is told in its language.
    const extra = await uploadCredential(api.baseUrl, tokens, invitationOf['mission.uae@example.org']);
    expect((await api.patch(`/api/credentials/${extra.id}`, { status: 'rejected', reason: 'نسخة مكررة' })).status).toBe(200);
    expect((await api.patch(`/api/credentials/${osce.id}`, { status: 'rejected', reason: 'Unsigned' })).status).toBe(200);
    const rejectionTo = (address: string) => sink.messagesTo(address).filter((m) => (m.text ?? '').includes(`/rsvp/${tokens.tokenFor(invitationOf[address])}`) && /Credentials not accepted|لم تُقبل/.test(m.subject ?? ''));
    const [english] = await waitFor(async () => (rejectionTo('osce@example.org').length ? rejectionTo('osce@example.org') : null), 'the OSCE to be told');
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.subject).toContain('Credentials not accepted');
    expect(english.text).toContain('Unsigned');
    expect(english.text).toMatch(/upload a new note verbale or nomination letter \(PDF\)/);
    const [arabic] = await waitFor(async () => (rejectionTo('mission.uae@example.org').length ? rejectionTo('mission.uae@example.org') : null), 'the UAE mission to be told');
    expect(arabic.headers.get('content-language')).toBe('ar');
    expect(arabic.text).toContain('نسخة مكررة');
    expect(arabic.text).toContain('تحميل مذكرة شفوية');
    const early = await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'registration_closed' });
    expect(early.status).toBe(200);
    const logistics = await api.get(`/api/conferences/${abuDhabi.id}/logistics`);
    expect(logistics.body.ready).toBe(false);
    const refused = await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'ready' });
    expect(refused.status).toBe(409);
    const messages = refused.body.failedGuards.map((g: any) => g.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`task 'Security plan' due ${replay('2020-01-18')} not done`),
        "1 delegation's credentials not verified",
      ]),
    );
    expect(messages.join(' ')).toContain(`task 'Shuttle buses' due ${replay('2020-02-15')} not done`);
    expect(logistics.body.blockers.map((b: any) => b.message)).toEqual(expect.arrayContaining(messages));
    const pipeline = await api.get('/api/pipeline');
    const inPipeline = pipeline.body.conferences.find((c: any) => c.id === abuDhabi.id);
    expect(inPipeline.blockers.map((b: any) => b.message)).toEqual(expect.arrayContaining(messages));

    await allTasksDone(api, abuDhabi.id);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'ready' })).status).toBe(409);
    expect((await api.patch(`/api/credentials/${again.id}`, { status: 'verified' })).status).toBe(200);
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'logistics.ready'`)).rows[0].n).toBe(0);
    expect((await api.get(`/api/conferences/${abuDhabi.id}/logistics`)).body).toMatchObject({ ready: true, blockers: [] });
    await api.get(`/api/conferences/${abuDhabi.id}/logistics`);
    const announced = await db.query(`SELECT aggregate_id FROM outbox_events WHERE type = 'logistics.ready'`);
    expect(announced.rows).toEqual([{ aggregate_id: abuDhabi.id }]);
    const ready = await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'ready' });
    expect(ready.status).toBe(200);
    // Rejected twice, the OSCE's first letter was still told about once.
    expect(rejectionTo('osce@example.org')).toHaveLength(1);

    const jane = participantOf['Jane Smith'];
    const oldCode = renderedQr((await fetchPdf(`/api/participants/${jane}/badge.pdf`)).bytes, 'jane-old').code;
    expect((await api.post(`/api/participants/${jane}/badge/reissue`)).status).toBe(202);
    expect((await api.post('/api/checkin', { code: oldCode })).status).toBe(404);
    const reissued = await waitFor(async () => {
      const badge = await fetchPdf(`/api/participants/${jane}/badge.pdf`);
      return badge.status === 200 ? badge.bytes : null;
    }, 'the reissued badge');
    const newCode = renderedQr(reissued, 'jane-new').code;
    expect(newCode).not.toBe(oldCode);
    const checkedIn = await api.post('/api/checkin', { code: newCode });
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body).toMatchObject({ participantId: jane, fullName: 'Jane Smith', delegation: 'OSCE' });
  });

  it('shows badge, visa letter and arrival in the participant lists', async () => {
    const { body } = await api.get(`/api/conferences/${abuDhabi.id}/participants`);
    const byName = Object.fromEntries(body.items.map((p: any) => [p.fullName, p]));
    expect(byName['حمدان المزروعي']).toMatchObject({ badge: 'issued', visaLetter: 'issued', checkedInAt: null });
    expect(byName['Jane Smith']).toMatchObject({ badge: 'issued', visaLetter: 'none', checkedInAt: expect.any(String) });
    const left = await api.get(`/api/conferences/${abuDhabi.id}/participants?status=substituted`);
    expect(left.body.items.map((p: any) => [p.fullName, p.badge])).toEqual([['Мария Иванова', 'revoked']]);
  });

  it('announces logistics.ready once, with nobody asking, when the badge printed last clears the last blocker', async () => {
    const invited = await inviteAll(api, db, vienna.id, [{ email: 'mission.swiss@example.org', fullName: 'Anna Keller', stakeholderType: 'member_state', country: 'CH', language: 'en' }]);
    const invitationId = invited['mission.swiss@example.org'];
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationId)}`, { response: 'accept' })).status).toBe(200);
    await badgesIssued(api, vienna.id, 1);
    const credential = await uploadCredential(api.baseUrl, tokens, invitationId);
    expect((await api.patch(`/api/credentials/${credential.id}`, { status: 'verified' })).status).toBe(200);
    expect((await api.post(`/api/conferences/${vienna.id}/transitions`, { to: 'registration_closed' })).status).toBe(200);
    // The checklist still holds it back when registration closes; that event is handled before the badge is held back.
    const unhandled = `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'conference.transitioned' AND aggregate_id = $1 AND handled_at IS NULL`;
    await waitFor(async () => (await db.query(unhandled, [vienna.id])).rows[0].n === 0, 'the closing of registration to be handled');
    const announced = async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'logistics.ready' AND aggregate_id = $1`, [vienna.id])).rows[0].n;
    expect(await announced()).toBe(0);

    const badges = app.get<Queue>(getQueueToken(QUEUES.badges));
    await badges.pause();
    const [{ id: anna }] = (await db.query(`SELECT id FROM participants WHERE conference_id = $1`, [vienna.id])).rows;
    expect((await api.post(`/api/participants/${anna}/badge/reissue`)).status).toBe(202);
    // Each task done looks for readiness at once: the badge being printed again is the blocker left.
    await allTasksDone(api, vienna.id);
    expect(await announced()).toBe(0);
    await badges.resume();
    await waitFor(async () => (await announced()) === 1, 'logistics.ready once the badge is printed again');
    const printed = `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'badge.issued' AND aggregate_id = $1 AND handled_at IS NOT NULL`;
    await waitFor(async () => (await db.query(printed, [anna])).rows[0].n === 2, 'both badge.issued events to be handled');
    expect(await announced()).toBe(1);
  });

  it('generates the list of participants in protocol order, provisional then final (attended only), as PDF and CSV', async () => {
    expect((await api.get(`/api/conferences/${abuDhabi.id}/participant-list?format=csv`)).status).toBe(404);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/participant-lists`, { kind: 'final' })).status).toBe(409);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/participant-lists`, { kind: 'provisional' })).status).toBe(202);
    const csv = await waitFor(async () => {
      const answer = await api.get(`/api/conferences/${abuDhabi.id}/participant-list?format=csv`);
      return answer.status === 200 ? answer.text : null;
    }, 'the provisional list');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('delegation,stakeholderType,capacity,honorific,fullName,jobTitle');
    expect(lines.slice(1)).toEqual([
      'China,member_state,Delegate,,王小明,',
      'United Arab Emirates,member_state,Head of delegation,H.E. Mr.,حمدان المزروعي,وزير الدولة',
      'United Arab Emirates,member_state,Adviser,,"\'=Omar Haddad",Legal adviser',
      'OSCE,regional_org,Head of delegation,,Jane Smith,',
    ]);
    const provisional = await fetchPdf(`/api/conferences/${abuDhabi.id}/participant-list`);
    const text = textOf(provisional.bytes, 'list-provisional');
    expect(text).toContain('Provisional list of participants');
    const order = ['China', 'United Arab Emirates', 'OSCE'].map((heading) => text.indexOf(heading));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(text).toContain('王小明');
    expect(text.split('\n').find((line) => line.includes('حمدان'))).toContain('H.E. Mr.');
    // Each member's title is printed under the name.
    for (const title of ['وزير الدولة', 'Legal adviser']) expect(text).toContain(title);

    await api.post('/api/admin/clock', { to: `${replay('2020-02-17')}T00:00:00+04:00` });
    await waitFor(async () => (await api.get(`/api/conferences/${abuDhabi.id}`)).body.state === 'in_session', 'the conference to open');
    expect((await api.post(`/api/conferences/${abuDhabi.id}/participant-lists`, { kind: 'final' })).status).toBe(202);
    const final = await waitFor(async () => {
      const answer = await api.get(`/api/conferences/${abuDhabi.id}/participant-list?kind=final&format=csv`);
      return answer.status === 200 ? answer.text : null;
    }, 'the final list');
    expect(final.trimEnd().split('\r\n').slice(1)).toEqual(['OSCE,regional_org,Head of delegation,,Jane Smith,']);
  });
});
