import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import * as ical from 'node-ical';
import { Client } from 'pg';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { OFFER_JOBS } from '../src/modules/places/offers.jobs';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink, SinkMessage, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.test';

const waveDone = (api: ApiClient, waveId: string) =>
  waitFor(async () => {
    const wave = await api.get(`/api/waves/${waveId}`);
    return ['completed', 'completed_with_failures'].includes(wave.body.state) ? wave.body : null;
  }, `wave ${waveId} to complete`, 60000);

const kindOf = (m: SinkMessage) => /^<([a-z_]+)\./.exec(m.messageId ?? '')?.[1];
const mailsOfKind = (sink: MailSink, kind: string, to?: string) =>
  sink.messages.filter((m) => kindOf(m) === kind && (!to || m.envelope.to.some((t) => t.toLowerCase() === to.toLowerCase())));

const minimalPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('confirmations: RSVP, delegations, capacity and waiting list', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let publicApi: ApiClient;
  let db: Client;
  let tokens: InvitationTokens;
  let series: any;
  let abuDhabi: any;
  let minsk: any;
  const invitationOf: Record<string, string> = {};

  /** Invites contacts (by e-mail) to a conference and waits until the wave is sent. */
  async function invite(conferenceId: string, contacts: Array<Record<string, unknown>>, name = 'Wave') {
    const imported = await api.post('/api/contacts/import', contacts);
    expect(imported.status).toBe(200);
    const { rows: found } = await db.query(`SELECT id FROM contacts WHERE lower(email) = ANY($1::text[])`, [contacts.map((c) => String(c.email).toLowerCase())]);
    const contactIds = found.map((r: { id: string }) => r.id);
    expect(contactIds).toHaveLength(contacts.length);
    const wave = await api.post(`/api/conferences/${conferenceId}/waves`, { name, audience: { contactIds } });
    expect(wave.status).toBe(201);
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waveDone(api, wave.body.id);
    const { rows } = await db.query(`SELECT i.id, c.email FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.wave_id = $1`, [wave.body.id]);
    for (const row of rows) invitationOf[row.email.toLowerCase()] = row.id;
    return rows.map((r: { id: string }) => r.id);
  }

  const tokenOf = (email: string) => tokens.tokenFor(invitationOf[email.toLowerCase()]);
  const invitationResponse = async (email: string) => (await db.query(`SELECT response FROM invitations WHERE id = $1`, [invitationOf[email.toLowerCase()]])).rows[0].response;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    publicApi = api.as(null);
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const model = await createModelSeries(api);
    series = model.series;
    abuDhabi = model.regionals.find((c: any) => c.city === 'Abu Dhabi');
    minsk = model.regionals.find((c: any) => c.city === 'Minsk');
    await invite(abuDhabi.id, [
      { email: 'mission.uae@example.org', fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar' },
      { email: 'mission.france@example.org', fullName: 'Claire Dubois', honorific: 'Mme', stakeholderType: 'member_state', country: 'FR', language: 'fr' },
      { email: 'osce@example.org', fullName: 'Jane Smith', stakeholderType: 'regional_org', country: 'AT', language: 'en', organisation: 'OSCE' },
      { email: 'scholar@example.org', fullName: 'Sam Scholar', stakeholderType: 'academia', country: 'GB', language: 'en' },
      { email: 'mission.oman@example.org', fullName: 'Aisha Al Said', stakeholderType: 'member_state', country: 'OM', language: 'en' },
    ]);
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  it('opens the page in the invitee language (English, French, Arabic right-to-left) and records nothing', async () => {
    const english = await publicApi.get(`/rsvp/${tokenOf('osce@example.org')}`, { accept: 'text/html' });
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toMatch(/text\/html/);
    expect(english.headers.get('referrer-policy')).toBe('no-referrer');
    expect(english.headers.get('cache-control')).toBe('no-store');
    expect(english.text).toMatch(/<html lang="en" dir="ltr">/);
    expect(english.text).toContain('Countering terrorism with new technologies — Abu Dhabi');
    expect(english.text).toContain('Reply by');
    expect(english.text).toMatch(/<form method="post"/);
    expect(english.text).not.toMatch(/<script/);

    const french = await publicApi.get(`/rsvp/${tokenOf('mission.france@example.org')}`, { accept: 'text/html' });
    expect(french.text).toMatch(/<html lang="fr" dir="ltr">/);
    expect(french.text).toContain('Réponse attendue au plus tard le');
    expect(french.text).toContain('Note verbale');

    const arabic = await publicApi.get(`/rsvp/${tokenOf('mission.uae@example.org')}`, { accept: 'text/html' });
    expect(arabic.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic.text).toContain('الرد على الدعوة');
    expect(arabic.text).toContain('الإمارات العربية المتحدة');

    const head = await fetch(`${api.baseUrl}/rsvp/${tokenOf('osce@example.org')}`, { method: 'HEAD' });
    expect(head.status).toBe(200);

    const json = await publicApi.get(`/rsvp/${tokenOf('osce@example.org')}`, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      language: 'en',
      direction: 'ltr',
      response: 'none',
      open: true,
      delegationQuota: 4,
      conference: { id: abuDhabi.id, city: 'Abu Dhabi', timezone: 'Asia/Dubai', startsOn: replay('2020-02-17') },
      invitee: { fullName: 'Jane Smith', organisation: 'OSCE' },
      credentials: { kind: 'nomination_letter', documents: [] },
    });
    expect(json.body.deadline).toBe(new Date(abuDhabi.rsvpDeadline).toISOString());

    // Scanners and people opened every link: nothing was answered.
    for (const email of ['osce@example.org', 'mission.france@example.org', 'mission.uae@example.org']) expect(await invitationResponse(email)).toBe('none');
    expect((await db.query(`SELECT count(*)::int AS n FROM rsvp_parties`)).rows[0].n).toBe(0);
  });

  it('answers 404 with the same body for unknown, malformed and overlong tokens', async () => {
    const unknown = tokens.tokenFor('00000000-0000-4000-8000-000000000000');
    const answers = await Promise.all(
      [unknown, 'abc', 'x'.repeat(43), `${'%41'.repeat(20)}`, 'y'.repeat(500)].map((t) => publicApi.get(`/rsvp/${t}`, { accept: 'application/json' })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(answers[0].body);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(answers[0].body.message).toMatch(/link is not valid/);
    expect(JSON.stringify(answers[0].body)).not.toContain(unknown);
    const posted = await publicApi.post(`/rsvp/${unknown}`, { response: 'accept' });
    expect(posted.status).toBe(404);
    expect(posted.body).toEqual(answers[0].body);
    const page = await publicApi.get(`/rsvp/${unknown}`, { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(page.text).toContain('This invitation link is not valid');
  });

  it('accepts with named delegates, sends each participant a confirmation with the calendar file', async () => {
    const token = tokenOf('mission.france@example.org');
    const answer = await publicApi.post(`/rsvp/${token}`, {
      response: 'accept',
      needsVisaLetter: true,
      arrivalOn: replay('2020-02-16'),
      departureOn: replay('2020-02-19'),
      delegates: [
        { fullName: 'Luc Martin', email: 'luc.martin@diplomatie.example', capacity: 'alternate' },
        { fullName: 'Inès Moreau', email: 'ines.moreau@diplomatie.example', capacity: 'adviser', jobTitle: 'Conseillère' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response: 'accepted', changed: true, partySize: 3, waitlistPosition: null });
    expect(answer.body.participants.map((p: any) => [p.fullName, p.capacity])).toEqual([
      ['Claire Dubois', 'head'],
      ['Luc Martin', 'alternate'],
      ['Inès Moreau', 'adviser'],
    ]);
    expect(await invitationResponse('mission.france@example.org')).toBe('accepted');

    const participants = await api.get(`/api/conferences/${abuDhabi.id}/participants?country=FR`);
    expect(participants.status).toBe(200);
    expect(participants.body.items).toHaveLength(3);
    const head = participants.body.items.find((p: any) => p.fullName === 'Claire Dubois');
    expect(head).toMatchObject({ invitationId: invitationOf['mission.france@example.org'], country: 'FR', stakeholderType: 'member_state', capacity: 'head', badge: expect.stringMatching(/^(none|issued)$/), visaLetter: expect.stringMatching(/^(requested|issued)$/), checkedInAt: null, arrivalOn: replay('2020-02-16') });

    await waitFor(() => mailsOfKind(sink, 'rsvp_confirmation').length >= 3, 'three confirmations');
    const [confirmation] = mailsOfKind(sink, 'rsvp_confirmation', 'mission.france@example.org');
    expect(confirmation.headers.get('content-language')).toBe('fr');
    expect(confirmation.subject).toContain('Confirmation de participation');
    expect(String(confirmation.text)).toContain('Luc Martin');
    expect(String(confirmation.text)).toContain(`${PUBLIC_BASE_URL}/rsvp/${token}`);
    const ics = confirmation.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const events = Object.values(ical.sync.parseICS(ics!.content.toString('utf8'))).filter((e: any) => e.type === 'VEVENT') as any[];
    expect(events).toHaveLength(1);
    // A delegate's copy carries the calendar but not the invitee's personal link.
    const [delegateCopy] = mailsOfKind(sink, 'rsvp_confirmation', 'luc.martin@diplomatie.example');
    expect(delegateCopy.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
    expect(String(delegateCopy.text)).not.toContain('/rsvp/');

    // Sending the same answer again changes nothing and records nothing.
    const again = await publicApi.post(`/rsvp/${token}`, { response: 'accept' });
    expect(again.body).toMatchObject({ response: 'accepted', changed: false, partySize: 3 });
  });

  it('substitutes a member until the deadline: the substitute takes the place, the old badge is revoked, each change recorded', async () => {
    const email = 'mission.france@example.org';
    const token = tokenOf(email);
    const before = (await api.get(`/api/conferences/${abuDhabi.id}/participants?country=FR`)).body.items;
    const luc = before.find((p: any) => p.fullName === 'Luc Martin');
    const ines = before.find((p: any) => p.fullName === 'Inès Moreau');
    // Logistics issued Luc's badge meanwhile.
    await db.query(
      `INSERT INTO logistics_badges (participant_id, badge_id, conference_id, invitation_id, status) VALUES ($1, gen_random_uuid(), $2, $3, 'issued')
       ON CONFLICT (participant_id) DO UPDATE SET status = 'issued'`,
      [luc.id, abuDhabi.id, luc.invitationId],
    );

    const changed = await publicApi.post(`/rsvp/${token}`, {
      response: 'accept',
      delegates: [
        { fullName: 'Paul Bernard', email: 'paul.bernard@diplomatie.example', capacity: 'alternate', replaces: luc.id },
        { fullName: 'Inès Moreau', email: 'ines.moreau@diplomatie.example', capacity: 'adviser', jobTitle: 'Conseillère principale', replaces: ines.id },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ response: 'accepted', changed: true, partySize: 3 });

    const substituted = await api.get(`/api/conferences/${abuDhabi.id}/participants?status=substituted`);
    expect(substituted.body.items.map((p: any) => [p.id, p.badge])).toEqual([[luc.id, 'revoked']]);
    const now = (await api.get(`/api/conferences/${abuDhabi.id}/participants?country=FR`)).body.items;
    expect(now.map((p: any) => p.fullName).sort()).toEqual(['Claire Dubois', 'Inès Moreau', 'Paul Bernard']);
    expect(now.find((p: any) => p.fullName === 'Inès Moreau')).toMatchObject({ id: ines.id, jobTitle: 'Conseillère principale' });
    expect(now.find((p: any) => p.fullName === 'Paul Bernard').substitutes).toBe(luc.id);

    const history = await api.get(`/api/invitations/${invitationOf[email]}/answers`);
    expect(history.body.items.map((h: any) => [h.version, h.actor, h.from, h.to])).toEqual([
      [1, 'invitee', 'none', 'accepted'],
      [2, 'invitee', 'accepted', 'accepted'],
    ]);
    expect(history.body.items[1].change.substituted).toEqual([{ replaced: luc.id, by: expect.any(String) }]);
    expect(history.body.items[1].change.updated).toEqual([ines.id]);
    expect(JSON.stringify(history.body)).not.toContain('Paul Bernard');
    await waitFor(() => mailsOfKind(sink, 'rsvp_confirmation', 'paul.bernard@diplomatie.example').length === 1, "the substitute's confirmation");
  });

  it('refuses more delegates than the quota with 422 and the reason, and two heads of delegation', async () => {
    const token = tokenOf('mission.oman@example.org');
    const delegates = Array.from({ length: 5 }, (_, i) => ({ fullName: `Delegate ${i}`, email: `oman.delegate${i}@example.org` }));
    const refused = await publicApi.post(`/rsvp/${token}`, { response: 'accept', delegates });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'delegation_quota_exceeded', quota: 4, delegates: 5 });
    expect(refused.body.message).toMatch(/At most 4 delegate/);
    const twoHeads = await publicApi.post(`/rsvp/${token}`, { response: 'accept', delegates: [{ fullName: 'Other Head', email: 'head@example.org', capacity: 'head' }], capacity: 'head' });
    expect(twoHeads.status).toBe(422);
    expect(twoHeads.body.code).toBe('one_head_of_delegation');
    const bad = await publicApi.post(`/rsvp/${token}`, { response: 'maybe', delegates: [{ fullName: '', email: 'not-an-address' }], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/response/);
    expect(bad.body.message).toMatch(/delegates\.0\.email/);
    expect(bad.body.message).toMatch(/extra/);
    // PostgreSQL cannot store a NUL character in text: refused with the field, not a server error.
    const nul = await publicApi.post(`/rsvp/${token}`, { response: 'accept', delegates: [{ fullName: 'Nul\u0000Name', email: 'nul@example.org' }] });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toBe('delegates.0.fullName: may not contain the NUL character (\\u0000)');
    expect(await invitationResponse('mission.oman@example.org')).toBe('none');
  });

  it('records every answer of a burst once: a double submit, an unknown link and a quota refusal beside first answers', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => `burst${i}@mission.example`);
    await invite(
      minsk.id,
      emails.map((email, i) => ({ email, fullName: `Burst Delegate ${i}`, stakeholderType: 'member_state', country: 'AM' })),
      'Burst',
    );
    const statsBefore = (await db.query(`SELECT sum(accepted)::int AS accepted, sum(declined)::int AS declined FROM invitation_stats WHERE conference_id = $1`, [minsk.id])).rows[0];
    const recorded = async () => {
      const text = (await publicApi.get('/metrics')).text;
      const count = (how: string) => Number(new RegExp(`^convene_rsvp_answers_total\\{recorded="${how}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      return { together: count('together'), alone: count('one by one') };
    };
    const recordedBefore = await recorded();
    const twice = tokenOf(emails[0]);
    const tooMany = Array.from({ length: 5 }, (_, i) => ({ fullName: `Extra ${i}`, email: `extra${i}@mission.example` }));
    const answers = await Promise.all([
      // Whichever of the two lands second differs from the first: explicitly nobody, or one adviser.
      publicApi.post(`/rsvp/${twice}`, { response: 'accept', delegates: [] }),
      publicApi.post(`/rsvp/${twice}`, { response: 'accept', delegates: [{ fullName: 'Anna Sidorova', email: 'anna.sidorova@mission.example', capacity: 'adviser' }] }),
      publicApi.post(`/rsvp/${tokens.tokenFor('00000000-0000-4000-8000-000000000000')}`, { response: 'accept' }),
      publicApi.post(`/rsvp/${tokenOf(emails[1])}`, { response: 'accept', delegates: tooMany }),
      ...emails.slice(2).map((email, i) => publicApi.post(`/rsvp/${tokenOf(email)}`, { response: i % 2 ? 'decline' : 'accept' })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 422, 200, 200, 200, 200]);
    expect(answers[2].body.code).toBe('rsvp_link_unknown');
    expect(answers[3].body.code).toBe('delegation_quota_exceeded');
    // The same invitation twice: one is its first answer, the other a change on top of it.
    const [a, b] = [answers[0].body, answers[1].body];
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    const last = a.version === 2 ? a : b;
    const { rows: members } = await db.query(`SELECT full_name FROM participants WHERE invitation_id = $1 AND status = 'confirmed' ORDER BY is_invitee DESC`, [invitationOf[emails[0]]]);
    expect(members.map((m: any) => m.full_name)).toEqual(last.partySize === 2 ? ['Burst Delegate 0', 'Anna Sidorova'] : ['Burst Delegate 0']);
    const { rows: changes } = await db.query(`SELECT version, from_status, to_status FROM rsvp_changes WHERE invitation_id = $1 ORDER BY version`, [invitationOf[emails[0]]]);
    expect(changes).toEqual([
      { version: 1, from_status: 'none', to_status: 'accepted' },
      { version: 2, from_status: 'accepted', to_status: 'accepted' },
    ]);
    // Counters moved once per answer recorded: 3 accepted (the double submit counts once), 2 declined.
    expect(answers.slice(4).map((r) => r.body.response)).toEqual(['accepted', 'declined', 'accepted', 'declined']);
    expect(await invitationResponse(emails[1])).toBe('none');
    const statsAfter = (await db.query(`SELECT sum(accepted)::int AS accepted, sum(declined)::int AS declined FROM invitation_stats WHERE conference_id = $1`, [minsk.id])).rows[0];
    expect({ accepted: statsAfter.accepted - statsBefore.accepted, declined: statsAfter.declined - statsBefore.declined }).toEqual({ accepted: 3, declined: 2 });
    // Five first answers (the double submit's first among them) are recorded together, its second after them on its own.
    const recordedAfter = await recorded();
    expect({ together: recordedAfter.together - recordedBefore.together, alone: recordedAfter.alone - recordedBefore.alone }).toEqual({ together: 5, alone: 1 });
    const { rows: events } = await db.query(
      `SELECT type, count(*)::int AS n FROM outbox_events
       WHERE payload->>'conferenceId' = $1 AND payload->>'invitationId' = ANY($2::text[]) AND type IN ('rsvp.accepted', 'rsvp.declined', 'participant.confirmed')
       GROUP BY type ORDER BY type`,
      [minsk.id, emails.map((e) => invitationOf[e])],
    );
    // The double submit confirms its invitee and the adviser once each, in either order, and is accepted twice.
    expect(events).toEqual([
      { type: 'participant.confirmed', n: 4 },
      { type: 'rsvp.accepted', n: 4 },
      { type: 'rsvp.declined', n: 2 },
    ]);
  });

  it('hands the last places to the parties that fit, in order, when a larger party arrives first in the same burst', async () => {
    const created = await api.post(`/api/series/${series.id}/conferences`, {
      title: 'Side event on victims of terrorism',
      city: 'Vienna',
      country: 'AT',
      startsOn: replay('2020-05-11'),
      endsOn: replay('2020-05-11'),
      timezone: 'Europe/Vienna',
      capacity: 3,
      languages: ['en'],
      rsvpDeadline: replay('2020-05-01'),
      delegationQuota: 3,
    });
    expect(created.status).toBe(201);
    const emails = ['large@mission.example', 'pair@mission.example', 'single@mission.example'];
    await invite(
      created.body.id,
      emails.map((email, i) => ({ email, fullName: `Side Event ${i}`, stakeholderType: 'member_state', country: 'AT' })),
      'Side event',
    );
    const delegates = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ fullName: `${prefix} ${i}`, email: `${prefix}${i}@mission.example` }));
    const [large, pair, single] = await Promise.all([
      publicApi.post(`/rsvp/${tokenOf(emails[0])}`, { response: 'accept', delegates: delegates(3, 'large') }),
      publicApi.post(`/rsvp/${tokenOf(emails[1])}`, { response: 'accept', delegates: delegates(1, 'pair') }),
      publicApi.post(`/rsvp/${tokenOf(emails[2])}`, { response: 'accept' }),
    ]);
    expect(large.body).toMatchObject({ response: 'waitlisted', partySize: 4, waitlistPosition: 1 });
    expect(pair.body).toMatchObject({ response: 'accepted', partySize: 2 });
    expect(single.body).toMatchObject({ response: 'accepted', partySize: 1 });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM places WHERE conference_id = $1 AND invitation_id IS NOT NULL`, [created.body.id]);
    expect(rows[0].n).toBe(3);
    expect((await api.get(`/api/conferences/${created.body.id}/participants`)).body.items).toHaveLength(3);
  });

  it('takes the form post of the page, without JavaScript, and answers with the page', async () => {
    const token = tokenOf('mission.uae@example.org');
    const form = new URLSearchParams({
      response: 'accept',
      capacity: 'head',
      needsVisaLetter: 'true',
      accessibilityNeeds: 'Step-free access',
      arrivalOn: '',
      departureOn: '',
      'delegates[0][fullName]': 'Mariam Al Ali',
      'delegates[0][email]': 'mariam@mofa.example',
      'delegates[0][jobTitle]': '',
      'delegates[0][capacity]': 'delegate',
      'delegates[1][fullName]': '',
      'delegates[1][email]': '',
      'delegates[1][capacity]': 'delegate',
    });
    const response = await fetch(`${api.baseUrl}/rsvp/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form.toString() });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain('سُجّل ردكم');
    expect(html).toContain('data-response="accepted"');
    expect(html).toContain('value="Mariam Al Ali"');
    const members = (await api.get(`/api/conferences/${abuDhabi.id}/participants?country=AE`)).body.items;
    expect(members.map((p: any) => [p.fullName, p.capacity, p.visaLetter]).sort()).toEqual([
      ['Hamdan Al Mazrouei', 'head', expect.stringMatching(/^(requested|issued)$/)],
      ['Mariam Al Ali', 'delegate', 'none'],
    ]);
    expect(members.find((p: any) => p.capacity === 'head').accessibilityNeeds).toBe('Step-free access');

    // A refused form comes back as the page, with the problem in words.
    const tooMany = new URLSearchParams({ response: 'accept' });
    for (let i = 0; i < 5; i++) {
      tooMany.set(`delegates[${i}][fullName]`, `Member ${i}`);
      tooMany.set(`delegates[${i}][email]`, `member${i}@mofa.example`);
    }
    const refused = await fetch(`${api.baseUrl}/rsvp/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: tooMany.toString() });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('At most 4 delegate');
  });

  it('declines: participants leave, the decline is acknowledged, and the answer can change again until the deadline', async () => {
    const email = 'scholar@example.org';
    const token = tokenOf(email);
    const accepted = await publicApi.post(`/rsvp/${token}`, { response: 'accept' });
    expect(accepted.body).toMatchObject({ response: 'accepted', partySize: 1 });
    expect(accepted.body.participants[0].capacity).toBe('delegate');
    const declined = await publicApi.post(`/rsvp/${token}`, { response: 'decline' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ response: 'declined', changed: true });
    expect(await invitationResponse(email)).toBe('declined');
    const left = await api.get(`/api/conferences/${abuDhabi.id}/participants?country=GB&status=cancelled`);
    expect(left.body.items).toHaveLength(1);
    expect((await api.get(`/api/conferences/${abuDhabi.id}/participants?country=GB`)).body.items).toHaveLength(0);
    await waitFor(() => mailsOfKind(sink, 'decline_acknowledgement', email).length === 1, 'the decline acknowledgement');
    expect(mailsOfKind(sink, 'decline_acknowledgement', email)[0].subject).toContain('Reply received');
    const back = await publicApi.post(`/rsvp/${token}`, { response: 'accept' });
    expect(back.body.response).toBe('accepted');
    const history = await api.get(`/api/invitations/${invitationOf[email]}/answers`);
    expect(history.body.items.map((h: any) => h.to)).toEqual(['accepted', 'declined', 'accepted']);
  });

  it('stores a delegation document (PDF only, size-limited) for the secretariat to verify', async () => {
    const token = tokenOf('mission.uae@example.org');
    const upload = (content: Buffer, filename: string) => {
      const body = new FormData();
      body.append('file', new Blob([content], { type: 'application/pdf' }), filename);
      return fetch(`${api.baseUrl}/rsvp/${token}/credentials`, { method: 'POST', body, headers: { accept: 'application/json' } });
    };
    const stored = await upload(minimalPdf, '../../etc/note verbale.pdf');
    expect(stored.status).toBe(201);
    const document = (await stored.json()) as any;
    expect(document).toMatchObject({ kind: 'note_verbale', filename: 'note verbale.pdf', status: 'pending', size: minimalPdf.length });
    const notPdf = await upload(Buffer.from('<html>not a pdf</html>'), 'letter.pdf');
    expect(notPdf.status).toBe(415);
    const tooLarge = await upload(Buffer.concat([minimalPdf, Buffer.alloc(10 * 1024 * 1024)]), 'big.pdf');
    expect(tooLarge.status).toBe(413);

    const listed = await api.get(`/api/conferences/${abuDhabi.id}/credentials`);
    expect(listed.body.items).toHaveLength(1);
    const file = await fetch(`${api.baseUrl}/api/credentials/${document.id}/document`, { headers: { authorization: `Bearer ${(api as any).key}` } });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(minimalPdf)).toBe(true);
    expect((await api.patch(`/api/credentials/${document.id}`, { status: 'rejected' })).status).toBe(400);
    const verified = await api.patch(`/api/credentials/${document.id}`, { status: 'verified' });
    expect(verified.body).toMatchObject({ status: 'verified', reviewedBy: 'admin' });
    const view = await publicApi.get(`/rsvp/${token}`, { accept: 'application/json' });
    expect(view.body.credentials.documents).toEqual([expect.objectContaining({ id: document.id, status: 'verified' })]);
  });

  it('exports the participants as CSV and pages the list', async () => {
    const csv = await api.get(`/api/conferences/${abuDhabi.id}/participants?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,invitationId,fullName,email,jobTitle,organisation,country,stakeholderType,capacity,status,badge,visaLetter,accessibilityNeeds,arrivalOn,departureOn,checkedInAt');
    expect(lines).toHaveLength(1 + 6);
    const first = await api.get(`/api/conferences/${abuDhabi.id}/participants?limit=4`);
    const rest = await api.get(`/api/conferences/${abuDhabi.id}/participants?limit=4&cursor=${first.body.nextCursor}`);
    expect(first.body.items.length + rest.body.items.length).toBe(6);
    expect(rest.body.nextCursor).toBeNull();
    expect((await api.get(`/api/conferences/${abuDhabi.id}/participants?stakeholderType=member_state`)).body.items).toHaveLength(5);
    expect((await api.get(`/api/conferences/${abuDhabi.id}/participants?stakeholderType=diplomats`)).status).toBe(400);
  });

  it('scrubs the participants of an erased contact, keeping the counts', async () => {
    const contact = (await db.query(`SELECT id FROM contacts WHERE email = 'scholar@example.org'`)).rows[0];
    expect((await api.delete(`/api/contacts/${contact.id}`)).status).toBe(204);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM participants WHERE invitation_id = $1 AND erased_at IS NOT NULL`, [invitationOf['scholar@example.org']])).rows[0].n === 2, 'the scrub');
    const { rows } = await db.query(`SELECT full_name, email FROM participants WHERE invitation_id = $1`, [invitationOf['scholar@example.org']]);
    expect(rows.every((r: any) => r.full_name === null && r.email === null)).toBe(true);
    expect((await api.get(`/api/conferences/${abuDhabi.id}/participants?country=GB`)).body.items).toHaveLength(1);
    expect((await publicApi.get(`/rsvp/${tokenOf('scholar@example.org')}`, { accept: 'application/json' })).status).toBe(404);
  });

  describe('capacity and the waiting list', () => {
    let small: any;
    const emails = Array.from({ length: 200 }, (_, i) => `delegate${String(i).padStart(3, '0')}@mission.example`);

    beforeAll(async () => {
      const created = await api.post(`/api/series/${series.id}/conferences`, {
        title: 'Expert meeting on countering terrorist use of new technologies',
        city: 'Astana',
        country: 'KZ',
        startsOn: replay('2020-04-20'),
        endsOn: replay('2020-04-21'),
        timezone: 'Asia/Almaty',
        capacity: 12,
        languages: ['en', 'ru'],
        rsvpDeadline: replay('2020-04-01'),
        delegationQuota: 2,
      });
      expect(created.status).toBe(201);
      small = created.body;
      await invite(
        small.id,
        [
          { email: 'early.one@mission.example', fullName: 'Early One', stakeholderType: 'member_state', country: 'KZ' },
          { email: 'early.two@mission.example', fullName: 'Early Two', stakeholderType: 'member_state', country: 'KG' },
          ...emails.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'UZ' })),
        ],
        'Central Asia',
      );
      for (const email of ['early.one@mission.example', 'early.two@mission.example']) {
        expect((await publicApi.post(`/rsvp/${tokenOf(email)}`, { response: 'accept' })).body.response).toBe('accepted');
      }
      sink.clear();
    });

    it('200 answers at once for the last 10 places: exactly 10 accepted, 190 waitlisted in arrival order, none lost', async () => {
      const answers = await Promise.all(emails.map((email) => publicApi.post(`/rsvp/${tokenOf(email)}`, { response: 'accept' })));
      expect(answers.map((a) => a.status)).toEqual(emails.map(() => 200));
      const accepted = answers.filter((a) => a.body.response === 'accepted');
      const waitlisted = answers.filter((a) => a.body.response === 'waitlisted');
      expect(accepted).toHaveLength(10);
      expect(waitlisted).toHaveLength(190);
      // Each was told a distinct position, and the list is in that order.
      expect(waitlisted.map((a) => a.body.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
      const list = await api.get(`/api/conferences/${small.id}/waitlist?limit=500`);
      expect(list.body.items.map((e: any) => e.position)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
      const told = new Map(emails.map((email, i) => [invitationOf[email], answers[i].body.waitlistPosition]));
      for (const entry of list.body.items) expect(told.get(entry.invitationId)).toBe(entry.position);

      expect((await api.get(`/api/conferences/${small.id}/participants?limit=500`)).body.items).toHaveLength(12);
      const counts = await db.query(`SELECT response, count(*)::int AS n FROM invitations WHERE conference_id = $1 GROUP BY response ORDER BY response`, [small.id]);
      expect(counts.rows).toEqual([
        { response: 'accepted', n: 12 },
        { response: 'waitlisted', n: 190 },
      ]);
      const stats = await db.query(`SELECT sum(accepted)::int AS accepted, sum(waitlisted)::int AS waitlisted FROM invitation_stats WHERE conference_id = $1`, [small.id]);
      expect(stats.rows[0]).toEqual({ accepted: 12, waitlisted: 190 });
      await waitFor(
        () => mailsOfKind(sink, 'waitlisted').length === 190 && mailsOfKind(sink, 'rsvp_confirmation').filter((m) => emails.includes(m.envelope.to[0])).length === 10,
        'the waiting list and confirmation mails',
        40000,
      );
      const position = (email: string) => told.get(invitationOf[email]);
      const someone = emails.find((e) => position(e) === 7)!;
      expect(String(mailsOfKind(sink, 'waitlisted', someone)[0].text)).toMatch(/position 7\b/);
    });

    it('three declines promote exactly the first three waitlisted, each told once', async () => {
      const list = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body.items;
      const emailOf = new Map(Object.entries(invitationOf).map(([email, id]) => [id, email]));
      const firstThree = list.slice(0, 3).map((e: any) => emailOf.get(e.invitationId)!);
      const acceptedEmails = emails.filter((e) => !list.some((w: any) => w.invitationId === invitationOf[e]));
      sink.clear();
      const declines = await Promise.all(acceptedEmails.slice(0, 3).map((email) => publicApi.post(`/rsvp/${tokenOf(email)}`, { response: 'decline' })));
      expect(declines.map((d) => d.body.response)).toEqual(['declined', 'declined', 'declined']);

      const offers = await waitFor(async () => {
        const w = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body;
        return w.offers.length === 3 ? w : null;
      }, 'three offers');
      expect(offers.offers.map((o: any) => emailOf.get(o.invitationId)).sort()).toEqual([...firstThree].sort());
      expect(offers.items).toHaveLength(187);
      expect(offers.items[0].position).toBe(1);
      await waitFor(() => mailsOfKind(sink, 'waitlist_offer').length >= 3, 'three offer mails');
      for (const email of firstThree) {
        expect(mailsOfKind(sink, 'waitlist_offer', email)).toHaveLength(1);
        expect(await invitationResponse(email)).toBe('offered');
      }
      expect(mailsOfKind(sink, 'waitlist_offer')).toHaveLength(3);

      // The first confirms through its link; the second lets the window pass and the place moves on.
      const view = await publicApi.get(`/rsvp/${tokenOf(firstThree[0])}`, { accept: 'application/json' });
      expect(view.body).toMatchObject({ response: 'offered', open: true });
      const taken = await publicApi.post(`/rsvp/${tokenOf(firstThree[0])}`, { response: 'accept' });
      expect(taken.body).toMatchObject({ response: 'accepted', partySize: 1 });
      await api.post('/api/admin/clock', { advance: 'PT49H' });
      await waitFor(async () => (await invitationResponse(firstThree[1])) === 'cancelled', 'the lapse');
      const after = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body;
      expect(after.offers).toHaveLength(2);
      expect(after.offers.map((o: any) => o.invitationId)).toContain(list[3].invitationId);
      expect(after.offers.map((o: any) => o.invitationId)).not.toContain(invitationOf[firstThree[1]]);
      const participants = (await api.get(`/api/conferences/${small.id}/participants?limit=500`)).body.items;
      expect(participants.length).toBeLessThanOrEqual(12);
    });

    it('a higher capacity offers the new places in order; the secretariat reorders only with a reason', async () => {
      const before = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body.items;
      const noReason = await api.patch(`/api/conferences/${small.id}/waitlist/${before[5].invitationId}`, { position: 1 });
      expect(noReason.status).toBe(400);
      const moved = await api.patch(`/api/conferences/${small.id}/waitlist/${before[5].invitationId}`, { position: 1, reason: 'Host country request: head of agency' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ previousPosition: 6, position: 1, actor: 'admin' });
      const reordered = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body.items;
      expect(reordered[0].invitationId).toBe(before[5].invitationId);
      expect(reordered[1].invitationId).toBe(before[0].invitationId);
      const history = await api.get(`/api/invitations/${before[5].invitationId}/answers`);
      expect(history.body.items.at(-1)).toMatchObject({ actor: 'admin', reason: 'Host country request: head of agency', change: { fromPosition: 6, toPosition: 1 } });

      const offersBefore = (await api.get(`/api/conferences/${small.id}/waitlist`)).body.offers.length;
      expect((await api.patch(`/api/conferences/${small.id}`, { capacity: 14 })).status).toBe(200);
      const after = await waitFor(async () => {
        const w = (await api.get(`/api/conferences/${small.id}/waitlist?limit=500`)).body;
        return w.offers.length === offersBefore + 2 ? w : null;
      }, 'two more offers');
      const offered = after.offers.map((o: any) => o.invitationId);
      expect(offered).toContain(reordered[0].invitationId);
      expect(offered).toContain(reordered[1].invitationId);
    });
  });

  it('refuses answers after the RSVP deadline (conference time) with 410, and still shows the page', async () => {
    await invite(minsk.id, [{ email: 'mission.belarus@example.org', fullName: 'Ivan Petrov', stakeholderType: 'member_state', country: 'BY', language: 'ru' }], 'Minsk');
    const token = tokenOf('mission.belarus@example.org');
    expect((await publicApi.post(`/rsvp/${token}`, { response: 'accept' })).status).toBe(200);
    // Minsk's deadline is the end of 15 September in Minsk (UTC+3): 20:59 UTC is still before it.
    await api.post('/api/admin/clock', { to: replay('2019-09-15T20:59:00Z') });
    expect((await publicApi.post(`/rsvp/${token}`, { response: 'decline' })).status).toBe(200);
    await api.post('/api/admin/clock', { to: replay('2019-09-15T21:00:00Z') });
    const late = await publicApi.post(`/rsvp/${token}`, { response: 'accept' });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('rsvp_deadline_passed');
    expect(await invitationResponse('mission.belarus@example.org')).toBe('declined');
    const page = await publicApi.get(`/rsvp/${token}`, { accept: 'text/html' });
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/<html lang="ru" dir="ltr">/);
    expect(page.text).toContain('data-response="declined"');
    expect(page.text).not.toMatch(/<form/);
  });

  it('gives the link its headers however its path is spelled, and the same 404 to an overlong token', async () => {
    const token = tokenOf('osce@example.org');
    for (const path of [`/%72svp/${token}`, `/rsv%70/${token}`, `/rsvp/${encodeURIComponent(token).replace(/A/g, '%41')}`]) {
      const page = await publicApi.get(path, { accept: 'text/html' });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    const overlong = await publicApi.get(`/%72svp/${'x'.repeat(200)}`, { accept: 'application/json' });
    expect(overlong.status).toBe(404);
    expect(overlong.body.code).toBe('rsvp_link_unknown');
    expect(overlong.headers.get('cache-control')).toBe('no-store');
  });

  it('limits requests per client address on /rsvp, whatever the link and the route, and counts what it answered', async () => {
    const limited = await env.startHttp({ RSVP_RATE_LIMIT: '3', APP_ROLE: 'api' });
    try {
      const visitor = limited.api.as(null);
      // The RSVP link has no request log line: its responses are counted by method and status instead.
      const responsesCounted = async () => {
        const metrics = (await visitor.get('/metrics')).text;
        const counted = (method: string, status: number) =>
          Number(new RegExp(`^convene_rsvp_responses_total\\{method="${method}",status="${status}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
        return [counted('GET', 200), counted('POST', 404), counted('GET', 429), counted('POST', 429)];
      };
      const before = await responsesCounted();
      const statuses = [];
      for (let i = 0; i < 2; i++) statuses.push((await visitor.get(`/rsvp/${tokenOf('osce@example.org')}`, { accept: 'application/json' })).status);
      statuses.push((await visitor.post(`/rsvp/${'x'.repeat(43)}`, { response: 'decline' })).status);
      statuses.push((await visitor.get(`/rsvp/${tokenOf('osce@example.org')}`, { accept: 'application/json' })).status);
      statuses.push((await visitor.post(`/rsvp/${tokenOf('osce@example.org')}`, { response: 'decline' })).status);
      expect(statuses).toEqual([200, 200, 404, 429, 429]);
      const after = await responsesCounted();
      expect(after.map((count, i) => count - before[i])).toEqual([2, 1, 1, 1]);
    } finally {
      await limited.close();
    }
  });

  it('never writes a token into the logs', async () => {
    // Request lines name the route matched, or only the shape of a path that matched none (see logging.ts).
    const { loggedPath } = await import('../src/platform/observability/logging');
    const token = tokenOf('osce@example.org');
    expect(loggedPath('/rsvp/:token/credentials', `/rsvp/${token}/credentials`)).toBe('/rsvp/:token/credentials');
    for (const spelling of [`/rsvp/${token}/x`, `/%72svp/${token}/x`, `//RSVP/${token}/x?y=1`]) {
      expect(loggedPath(undefined, spelling)).toBe('/rsvp/*/*');
    }
    expect(loggedPath(undefined, `/${token}`)).toBe('/*');
  });

  it('fails an offers job with a malformed payload once, naming the field, without retrying it', async () => {
    const worker = await env.startWorker();
    try {
      const queue = worker.app.get<Queue>(getQueueToken(QUEUES.confirmations));
      // Through the module's producer this payload would not compile; a raw queue takes anything.
      const job = await queue.add(OFFER_JOBS.offerPlaces, { conferenceId: 'not-a-conference' });
      // The state first, then the job: read the other way round, the job may be the copy from before it failed.
      const failed = await waitFor(async () => ((await queue.getJobState(job.id!)) === 'failed' ? queue.getJob(job.id!) : null), 'the malformed job to fail');
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toBe('job offer-places: malformed payload: conferenceId must be a UUID');
    } finally {
      await worker.close();
    }
  });
});
