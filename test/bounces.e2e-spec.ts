import { Client } from 'pg';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { createModelSeries } from './support/fixtures';
import { MailSink, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';
import { WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver';

const PUBLIC_BASE_URL = 'https://convene.test';

/** A delivery status notification as a mail server writes it (RFC 3464), about one message. */
function deliveryReport(messageId: string, recipient: string, options: { action?: string; status?: string; headers?: boolean } = {}): string {
  const head = [
    'From: Mail Delivery System <MAILER-DAEMON@mx.mfa.example>',
    'To: secretariat@convene.test',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="RPT"',
    '',
  ];
  const body = [
    '--RPT',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered to one or more recipients.',
    '',
    '--RPT',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.mfa.example',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status ?? '5.1.1'}`,
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected:`,
    '    User unknown in virtual mailbox table',
    '',
    '--RPT',
    'Content-Type: text/rfc822-headers',
    '',
    'From: Convene Secretariat <secretariat@convene.local>',
    `To: ${recipient}`,
    `Message-ID: ${messageId}`,
    '',
    '--RPT--',
    '',
  ];
  return [...(options.headers === false ? [] : head), ...body].join('\r\n');
}

const waveDone = (api: ApiClient, waveId: string) =>
  waitFor(async () => {
    const wave = await api.get(`/api/waves/${waveId}`);
    return ['completed', 'completed_with_failures'].includes(wave.body.state) ? wave.body : null;
  }, `wave ${waveId} to complete`, 30000);

describe('bounces', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let db: Client;
  let regionals: any[];
  const ids: Record<string, string> = {};
  const emails = ['mission.a@bounces.example', 'mission.b@bounces.example', 'mission.c@bounces.example', 'mission.d@bounces.example', 'mission.e@bounces.example'];

  beforeAll(async () => {
    sink = await startMailSink();
    receiver = await startWebhookReceiver();
    // The refusals provoked here are logged as warnings by the sender; this file checks them through the API.
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    ({ regionals } = await createModelSeries(api));
    for (const [i, email] of emails.entries()) {
      const created = await api.post('/api/contacts', { email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: ['AT', 'CH', 'DE', 'FR', 'IT'][i] });
      ids[email] = created.body.id;
    }
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await receiver?.close();
    await sink?.close();
  });

  it('marks 5xx refusals failed at once, a reported bounce bounced, flags the contact, and skips it in the next wave', async () => {
    const hook = await api.post('/api/webhooks', { url: `${receiver.url}/bounces`, events: ['invitation.bounced'] });
    expect(hook.status).toBe(201);
    const [first, second, third] = regionals;
    sink.refuse(2, 550);
    const wave = await api.post(`/api/conferences/${first.id}/waves`, { name: 'Europe', audience: { contactIds: Object.values(ids) } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    const done = await waveDone(api, wave.body.id);
    expect(done.counts).toMatchObject({ targeted: 5, sent: 3, failed: 2, bounced: 0 });
    expect(sink.refused).toBe(2);
    const failed = (await api.get(`/api/conferences/${first.id}/invitations?delivery=failed`)).body.items;
    expect(failed).toHaveLength(2);
    for (const invitation of failed) expect(invitation.deliveryError).toMatch(/^SMTP server answered: 550 5\.1\.1 <<address>>: Recipient address rejected/);

    // A mailbox that accepted the message at first reports later that it does not exist.
    const sent = (await api.get(`/api/conferences/${first.id}/invitations?delivery=sent`)).body.items;
    const target = sent[0];
    const address = emails.find((e) => ids[e] === target.contactId)!;
    const messageId = `<invitation.${target.id}@convene.test>`;
    expect(sink.messagesTo(address)[0].messageId).toBe(messageId);
    const report = deliveryReport(messageId, address);
    const posted = await api.post('/api/mail/bounces', report, { 'content-type': 'message/rfc822' });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ messageId, matched: true, kind: 'invitation', recipients: [{ action: 'failed', status: '5.1.1', permanent: true, recorded: true }] });
    expect(JSON.stringify(posted.body)).not.toContain(address);

    const bounced = await waitFor(async () => (await api.get(`/api/conferences/${first.id}/invitations?delivery=bounced`)).body.items[0], 'the invitation to bounce');
    expect(bounced).toMatchObject({ id: target.id, delivery: 'bounced', deliveryError: expect.stringMatching(/^bounced: 5\.1\.1 smtp; 550 5\.1\.1 <<address>>: Recipient address rejected: User unknown/) });
    expect((await api.get(`/api/waves/${wave.body.id}`)).body.counts).toMatchObject({ targeted: 5, queued: 0, sent: 2, failed: 2, bounced: 1 });
    const pipeline = (await api.get('/api/pipeline')).body;
    const row = pipeline.conferences.find((c: any) => c.city === first.city && c.seriesId === first.seriesId);
    expect(row.counts).toMatchObject({ invited: 5, sent: 2, failed: 3 });

    const contact = await waitFor(async () => {
      const c = (await api.get(`/api/contacts/${target.contactId}`)).body;
      return c.deliverable === false ? c : null;
    }, 'the contact to be flagged');
    expect(contact.undeliverableReason).toMatch(/^Invitation bounced: 5\.1\.1 smtp; 550/);
    // The two the server refused as they were sent are flagged too, with its reply; the rest are not.
    const refusedContacts = failed.map((i: any) => i.contactId);
    for (const id of refusedContacts) {
      const refusedContact = await waitFor(async () => {
        const c = (await api.get(`/api/contacts/${id}`)).body;
        return c.deliverable === false ? c : null;
      }, 'a refused contact to be flagged');
      expect(refusedContact.undeliverableReason).toMatch(/^Invitation refused: SMTP server answered: 550 5\.1\.1 <<address>>: Recipient address rejected/);
    }
    for (const other of Object.values(ids).filter((id) => id !== target.contactId && !refusedContacts.includes(id))) expect((await api.get(`/api/contacts/${other}`)).body.deliverable).toBe(true);

    // The event goes to the webhook once, whatever the number of reports.
    const again = await api.post('/api/mail/bounces', report, { 'content-type': 'message/rfc822' });
    expect(again.body.recipients[0].recorded).toBe(false);
    await waitFor(() => receiver.unique('invitation.bounced').length === 1, 'invitation.bounced webhook');
    expect(receiver.unique('invitation.bounced')[0].body.data).toMatchObject({ invitationId: target.id, conferenceId: first.id, contactId: target.contactId, status: '5.1.1', permanent: true });
    expect((await api.get(`/api/waves/${wave.body.id}`)).body.counts).toMatchObject({ sent: 2, bounced: 1 });

    // The next wave leaves the flagged contact out, and says so.
    sink.clear();
    const next = await api.post(`/api/conferences/${second.id}/waves`, { name: 'Europe again', audience: { contactIds: Object.values(ids) } });
    await api.post(`/api/waves/${next.body.id}/dispatch`);
    const nextDone = await waveDone(api, next.body.id);
    expect(nextDone.counts).toMatchObject({ targeted: 2, skippedUndeliverable: 3, sent: 2, failed: 0 });
    expect(sink.messagesTo(address)).toHaveLength(0);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE conference_id = $1 AND contact_id = $2`, [second.id, target.contactId]);
    expect(rows[0].n).toBe(0);

    // Unless a wave asks for them; and a corrected address is deliverable again.
    const forced = await api.post(`/api/conferences/${third.id}/waves`, { name: 'Everyone', audience: { contactIds: [target.contactId] }, includeUndeliverable: true });
    await api.post(`/api/waves/${forced.body.id}/dispatch`);
    expect((await waveDone(api, forced.body.id)).counts).toMatchObject({ targeted: 1, skippedUndeliverable: 0, sent: 1 });
    const corrected = await api.patch(`/api/contacts/${target.contactId}`, { email: 'new.address@bounces.example' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ email: 'new.address@bounces.example', deliverable: true, undeliverableReason: null });
    expect((await api.patch(`/api/contacts/${target.contactId}`, { email: emails.find((e) => e !== address) })).status).toBe(409);
  });

  it('bounces a reminder like its invitation, and marks participants whose mail was refused at sending or reported bounced', async () => {
    const conference = regionals[3];
    const [remindedEmail, headEmail, delegateEmail, movedEmail] = ['reminded@bounces.example', 'head@bounces.example', 'gone.delegate@bounces.example', 'moved.delegate@bounces.example'];
    const contactOf: Record<string, string> = {};
    for (const [i, email] of [remindedEmail, headEmail].entries()) {
      contactOf[email] = (await api.post('/api/contacts', { email, fullName: `Head ${i}`, stakeholderType: 'member_state', country: ['ES', 'PT'][i] })).body.id;
    }
    // Both delegates are in the directory too (not invited themselves), under their address in another case.
    const delegateContactOf: Record<string, string> = {};
    for (const [i, email] of [delegateEmail, movedEmail].entries()) {
      delegateContactOf[email] = (await api.post('/api/contacts', { email: email.toUpperCase(), fullName: `Expert ${i}`, stakeholderType: 'member_state', country: 'PT' })).body.id;
    }
    const wave = await api.post(`/api/conferences/${conference.id}/waves`, { name: 'Iberia', audience: { contactIds: Object.values(contactOf) } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    expect((await waveDone(api, wave.body.id)).counts).toMatchObject({ sent: 2, failed: 0 });
    const { rows } = await db.query(`SELECT id, contact_id FROM invitations WHERE wave_id = $1`, [wave.body.id]);
    const invitationOf = (email: string) => rows.find((r) => r.contact_id === contactOf[email]).id as string;

    // A reminder to answer that bounces: the invitation is bounced, announced, and its contact flagged.
    const reminded = invitationOf(remindedEmail);
    const reminder = await api.post('/api/mail/bounces', deliveryReport(`<reminder-non_responders.7.${reminded}@convene.test>`, remindedEmail), { 'content-type': 'message/rfc822' });
    expect(reminder.body).toMatchObject({ matched: true, kind: 'reminder-non_responders', recipients: [{ recorded: true }] });
    const bounced = await waitFor(async () => (await api.get(`/api/conferences/${conference.id}/invitations?delivery=bounced`)).body.items.find((i: any) => i.id === reminded), 'the reminded invitation to bounce');
    expect(bounced.deliveryError).toMatch(/^bounced: 5\.1\.1 smtp; 550/);
    await waitFor(() => receiver.unique('invitation.bounced').some((r) => r.body.data.invitationId === reminded), 'invitation.bounced for the reminder');
    const remindedContact = await waitFor(async () => {
      const c = (await api.get(`/api/contacts/${contactOf[remindedEmail]}`)).body;
      return c.deliverable === false ? c : null;
    }, 'the reminded contact to be flagged');
    expect(remindedContact.undeliverableReason).toMatch(/^Invitation bounced: 5\.1\.1/);
    expect((await api.get(`/api/waves/${wave.body.id}`)).body.counts).toMatchObject({ sent: 1, bounced: 1 });

    // A head accepts with a delegate whose address the mail server refuses: that confirmation fails at sending.
    sink.refuseTo(delegateEmail);
    const token = new InvitationTokens(env.config()).tokenFor(invitationOf(headEmail));
    const answer = await api.as(null).post(`/rsvp/${token}`, {
      response: 'accept',
      delegates: [
        { fullName: 'Gone Delegate', email: delegateEmail },
        { fullName: 'Moved Delegate', email: movedEmail },
      ],
    });
    expect(answer.body).toMatchObject({ response: 'accepted' });
    const participants = async () => (await api.get(`/api/conferences/${conference.id}/participants`)).body.items as any[];
    const delegate = await waitFor(async () => (await participants()).find((p) => p.email === delegateEmail && p.deliverable === false), 'the delegate to show the refusal');
    expect(delegate.undeliverableReason).toMatch(/^Mail \(rsvp_confirmation\) bounced: 5\.1\.1 SMTP server answered: 550 5\.1\.1 <<address>>/);
    sink.refuseTo(delegateEmail, null);
    // The refused delegate's directory contact is flagged with the same reason, so the next wave skips it.
    const delegateContact = await waitFor(async () => {
      const c = (await api.get(`/api/contacts/${delegateContactOf[delegateEmail]}`)).body;
      return c.deliverable === false ? c : null;
    }, "the refused delegate's contact to be flagged");
    expect(delegateContact.undeliverableReason).toBe(delegate.undeliverableReason);

    // The other delegate's confirmation is delivered, then reported bounced: the delegate and the contact show it.
    const movedConfirmation = await waitFor(() => sink.messagesTo(movedEmail).find((m) => m.messageId?.startsWith('<rsvp_confirmation.participant.')), "the moved delegate's confirmation");
    expect((await participants()).find((p) => p.email === movedEmail)).toMatchObject({ isInvitee: false, deliverable: true });
    expect((await api.get(`/api/contacts/${delegateContactOf[movedEmail]}`)).body.deliverable).toBe(true);
    const movedReport = await api.post('/api/mail/bounces', deliveryReport(movedConfirmation.messageId!, movedEmail), { 'content-type': 'message/rfc822' });
    expect(movedReport.body).toMatchObject({ matched: true, kind: 'rsvp_confirmation', recipients: [{ recorded: true }] });
    const moved = await waitFor(async () => (await participants()).find((p) => p.email === movedEmail && p.deliverable === false), 'the moved delegate to show the bounce');
    expect(moved.undeliverableReason).toMatch(/^Mail \(rsvp_confirmation\) bounced: 5\.1\.1 smtp; 550/);
    const movedContact = await waitFor(async () => {
      const c = (await api.get(`/api/contacts/${delegateContactOf[movedEmail]}`)).body;
      return c.deliverable === false ? c : null;
    }, "the moved delegate's contact to be flagged");
    expect(movedContact.undeliverableReason).toBe(moved.undeliverableReason);
    const skipping = await api.post(`/api/conferences/${regionals[4].id}/waves`, { name: 'Experts', audience: { contactIds: Object.values(delegateContactOf) } });
    await api.post(`/api/waves/${skipping.body.id}/dispatch`);
    expect((await waveDone(api, skipping.body.id)).counts).toMatchObject({ targeted: 0, skippedUndeliverable: 2, sent: 0 });

    // The delegates' bounces leave the head, and the head's contact, as they were.
    expect((await participants()).find((p) => p.email === headEmail)).toMatchObject({ isInvitee: true, deliverable: true, undeliverableReason: null });
    expect((await api.get(`/api/contacts/${contactOf[headEmail]}`)).body.deliverable).toBe(true);

    // Then the head's own confirmation is reported bounced: the head shows it, and the contact is flagged.
    const confirmation = await waitFor(() => sink.messagesTo(headEmail).find((m) => m.messageId?.startsWith('<rsvp_confirmation.')), "the head's confirmation");
    await api.post('/api/mail/bounces', deliveryReport(confirmation.messageId!, headEmail), { 'content-type': 'message/rfc822' });
    const head = await waitFor(async () => (await participants()).find((p) => p.email === headEmail && p.deliverable === false), 'the head to show the bounce');
    expect(head.undeliverableReason).toMatch(/^Mail \(rsvp_confirmation\) bounced: 5\.1\.1 smtp; 550/);
    const headContact = await waitFor(async () => {
      const c = (await api.get(`/api/contacts/${contactOf[headEmail]}`)).body;
      return c.deliverable === false ? c : null;
    }, 'the head contact to be flagged');
    expect(headContact.undeliverableReason).toMatch(/^Mail \(rsvp_confirmation\) bounced: 5\.1\.1/);
    // The invitation itself reached the head: it stays sent and accepted.
    const stillSent = (await api.get(`/api/conferences/${conference.id}/invitations?delivery=sent`)).body.items.find((i: any) => i.id === invitationOf(headEmail));
    expect(stillSent).toMatchObject({ delivery: 'sent', response: 'accepted' });
  });

  it('records a delay without changing anything, and answers reports about unknown messages and bad bodies', async () => {
    const [first] = regionals;
    const sent = (await api.get(`/api/conferences/${first.id}/invitations?delivery=sent`)).body.items[0];
    const delayed = await api.post('/api/mail/bounces', deliveryReport(`<invitation.${sent.id}@convene.test>`, 'x@bounces.example', { action: 'delayed', status: '4.4.7', headers: false }), {
      'content-type': 'multipart/report; report-type=delivery-status; boundary="RPT"',
    });
    expect(delayed.status).toBe(202);
    expect(delayed.body).toMatchObject({ matched: true, recipients: [{ action: 'delayed', status: '4.4.7', permanent: false, recorded: true }] });
    expect((await api.get(`/api/conferences/${first.id}/invitations?delivery=sent`)).body.items.map((i: any) => i.id)).toContain(sent.id);

    const foreign = await api.post('/api/mail/bounces', deliveryReport('<abc@elsewhere.example>', 'x@bounces.example'), { 'content-type': 'text/plain' });
    expect(foreign.status).toBe(202);
    expect(foreign.body).toMatchObject({ matched: false, kind: null });

    const notReport = await api.post('/api/mail/bounces', 'Subject: hello\r\n\r\nJust a message.\r\n', { 'content-type': 'message/rfc822' });
    expect(notReport).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining('not a delivery status notification') } });
    expect((await api.post('/api/mail/bounces', {})).status).toBe(400);
    const coordinator = await api.post('/api/keys', { name: 'bounce-desk', role: 'coordinator' });
    expect((await api.as(coordinator.body.key).post('/api/mail/bounces', deliveryReport('<a@b>', 'x@y'), { 'content-type': 'message/rfc822' })).status).toBe(403);
  });
});
