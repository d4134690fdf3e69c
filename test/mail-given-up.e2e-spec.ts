import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { mailJobId } from '../src/platform/mail/mail-queue';
import { JobSchedulers } from '../src/platform/messaging/job-schedulers';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '../src/platform/messaging/queue-catalog';
import { deleteRedisKeys } from './support/databases';
import { createModelSeries } from './support/fixtures';
import { MailDeployment, startMailDeployment, waitFor } from './support/test-app';

const EMAIL = 'amara@example.org';
const ATTEMPTS = DEFAULT_JOB_OPTIONS.attempts!;

describe('a one-off mail that used all its attempts', () => {
  let world: MailDeployment;

  beforeAll(async () => {
    // Every deferral is reported as a warning, expected here.
    world = await startMailDeployment({ env: { LOG_LEVEL: 'error' } });
  });

  afterAll(async () => {
    await world?.teardown();
  });

  it('ends failed with the last reason on the participant, leaves mail_requests, and no recovery sends it again', async () => {
    const { sink, env, api, app, db } = world;
    const mailQueue = app.get<Queue>(getQueueToken(QUEUES.mail));
    const { regionals } = await createModelSeries(api);
    await api.post('/api/contacts/import', [{ email: EMAIL, fullName: 'Amara Diallo', stakeholderType: 'member_state', country: 'HU' }]);
    const wave = await api.post(`/api/conferences/${regionals[0].id}/waves`, { name: 'All', audience: { countries: ['HU'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(async () => (await api.get(`/api/waves/${wave.body.id}`)).body.state === 'completed', 'the wave');
    const { rows: [invitation] } = await db.query(`SELECT id FROM invitations WHERE wave_id = $1`, [wave.body.id]);
    const token = world.tokens.tokenFor(invitation.id);
    const count = async (table: string) => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

    // The mail server defers everything: the confirmation goes through each of its attempts, the backoff skipped.
    sink.refuse('all', 451);
    expect((await api.as(null).post(`/rsvp/${token}`, { response: 'accept' })).status).toBe(200);
    const { rows: [request] } = await waitFor(async () => {
      const found = await db.query(`SELECT message_id FROM mail_requests`);
      return found.rows.length ? found : null;
    }, 'the confirmation requested');
    const jobId = mailJobId(request.message_id);
    for (;;) {
      const state = await waitFor(async () => {
        const current = await (await mailQueue.getJob(jobId))?.getState();
        return current === 'delayed' || current === 'failed' ? current : null;
      }, 'the next attempt to fail');
      if (state === 'failed') break;
      await (await mailQueue.getJob(jobId))!.promote();
    }
    expect((await mailQueue.getJob(jobId))!.attemptsMade).toBe(ATTEMPTS);
    expect(sink.refused).toBe(ATTEMPTS);

    expect(await count('mail_requests')).toBe(0);
    const { rows: failures } = await db.query(`SELECT message_id, composer, attempts, reason FROM mail_failures`);
    expect(failures).toEqual([{ message_id: request.message_id, composer: 'rsvp.confirmation', attempts: ATTEMPTS, reason: expect.stringMatching(/451/) }]);
    expect(failures[0].reason).not.toContain(EMAIL);
    const participant = await waitFor(async () => {
      const items = (await api.get(`/api/conferences/${regionals[0].id}/participants`)).body.items as any[];
      return items.find((p) => p.isInvitee && p.mailFailure);
    }, 'the participant to show the failure');
    expect(participant.mailFailure).toMatch(new RegExp(`^Mail \\(rsvp_confirmation\\) not delivered after ${ATTEMPTS} attempts: .*451`));
    // Not a bounce: the address is not what failed.
    expect(participant).toMatchObject({ deliverable: true, undeliverableReason: null });

    // Redis loses its data with the mail server back: the recovery from PostgreSQL has nothing of it to send.
    sink.refuse('none');
    await deleteRedisKeys(env.queuePrefix);
    expect(await app.get(JobSchedulers).check()).toBe(true);
    expect(await mailQueue.getJob(jobId)).toBeUndefined();
    // A later answer's mail goes out behind anything the recovery queued: once it arrived, nothing else is coming.
    expect((await api.as(null).post(`/rsvp/${token}`, { response: 'decline' })).status).toBe(200);
    await waitFor(() => sink.messagesTo(EMAIL).some((m) => /decline_acknowledgement/.test(m.messageId ?? '')), 'the decline acknowledged');
    expect(sink.messagesTo(EMAIL).filter((m) => /rsvp_confirmation/.test(m.messageId ?? ''))).toHaveLength(0);
    expect(await count('mail_failures')).toBe(1);
  });
});
