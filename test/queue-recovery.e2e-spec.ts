import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JobSchedulers } from '../src/platform/messaging/job-schedulers';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { deleteRedisKeys } from './support/databases';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink } from './support/mail-sink';
import { ApiClient, MailDeployment, TestEnvironment, startMailDeployment, waitFor } from './support/test-app';

const INVITEES = 450;

describe('Redis emptied mid-wave', () => {
  let world: MailDeployment;
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let app: MailDeployment['app'];

  beforeAll(async () => {
    // Deferrals and the repair are reported as warnings, expected here.
    world = await startMailDeployment({ env: { LOG_LEVEL: 'error' } });
    ({ env, sink, api, app } = world);
  });

  afterAll(async () => {
    await world?.teardown();
  });

  const schedulers = async () => {
    const found = await Promise.all([
      app.get<Queue>(getQueueToken(QUEUES.clock)).getJobScheduler('tick'),
      app.get<Queue>(getQueueToken(QUEUES.invitations)).getJobScheduler('reconcile'),
      app.get<Queue>(getQueueToken(QUEUES.reminders)).getJobScheduler('reconcile'),
      app.get<Queue>(getQueueToken(QUEUES.confirmations)).getJobScheduler('offer-sweep'),
    ]);
    return found.map(Boolean);
  };

  it('rebuilds the schedulers and the lost batches from PostgreSQL at the next tick, sending nobody twice', async () => {
    const { regionals } = await createModelSeries(api);
    const emails = Array.from({ length: INVITEES }, (_, i) => `delegate${i}@example.org`);
    const imported = await api.post('/api/contacts/import', emails.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'HU' })));
    expect(imported.body.created).toBe(INVITEES);
    const scheduled = await api.post(`/api/conferences/${regionals[2].id}/waves`, { name: 'Later', audience: { countries: ['HU'] }, sendAt: replay('2019-12-20T09:00:00Z') });
    await api.post('/api/admin/clock', { to: replay('2019-12-01T00:00:00Z') });
    expect((await api.post(`/api/waves/${scheduled.body.id}/dispatch`)).body.state).toBe('scheduled');

    // The mail server defers two thirds of the wave, retries included, so its batches are still being retried when Redis loses everything.
    const deferred = emails.slice(INVITEES - 300);
    for (const email of deferred) sink.refuseTo(email, 451);
    const wave = await api.post(`/api/conferences/${regionals[2].id}/waves`, { name: 'Now', audience: { countries: ['HU'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(() => sink.refused >= 300, 'the deferred part of the wave');
    await waitFor(async () => (await api.get(`/api/waves/${wave.body.id}`)).body.counts.sent >= INVITEES - 300, 'the accepted part recorded');
    await deleteRedisKeys(env.queuePrefix);
    expect(await schedulers()).toEqual([false, false, false, false]);
    expect((await api.get(`/api/waves/${wave.body.id}`)).body.state).toBe('dispatching');
    for (const email of deferred) sink.refuseTo(email, null);

    // One tick (here: the manual clock moved) finds the schedulers gone and rebuilds the queue from the database.
    await api.post('/api/admin/clock', { advance: 'PT1M' });
    expect(await schedulers()).toEqual([true, true, true, true]);
    const done = await waitFor(async () => {
      const body = (await api.get(`/api/waves/${wave.body.id}`)).body;
      return body.state === 'completed' ? body : null;
    }, 'the wave to complete after the flush');
    expect(done.counts).toMatchObject({ targeted: INVITEES, sent: INVITEES, failed: 0 });
    await waitFor(() => sink.count >= INVITEES, 'every message');
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(INVITEES);
    expect(ids).toHaveLength(INVITEES);

    // The scheduled wave, known only to PostgreSQL, still goes out when its time comes.
    sink.clear();
    await api.post('/api/admin/clock', { to: replay('2019-12-20T09:00:00Z') });
    const later = await waitFor(async () => {
      const body = (await api.get(`/api/waves/${scheduled.body.id}`)).body;
      return ['completed', 'completed_with_failures'].includes(body.state) ? body : null;
    }, 'the scheduled wave');
    expect(later.counts).toMatchObject({ sent: 0, alreadyInvited: INVITEES });
  });

  it('is repaired by the worker itself, without a tick, when Redis loses its data again', async () => {
    await deleteRedisKeys(env.queuePrefix);
    expect(await schedulers()).toEqual([false, false, false, false]);
    expect(await app.get(JobSchedulers).check()).toBe(true);
    expect(await schedulers()).toEqual([true, true, true, true]);
    expect(await app.get(JobSchedulers).check()).toBe(false);
  });
});

describe('a worker restarted after Redis was emptied', () => {
  let world: MailDeployment;

  beforeAll(async () => {
    // Deferrals and the recovery are reported as warnings, expected here.
    world = await startMailDeployment({ env: { LOG_LEVEL: 'error' }, http: { APP_ROLE: 'api' }, worker: {} });
  });

  afterAll(async () => {
    await world?.teardown();
  });

  it('finds the recovery epoch gone at start and rebuilds the wave from PostgreSQL, though its schedulers were created again at boot', async () => {
    const { env, sink, api } = world;
    const first = world.worker!;
    const { regionals } = await createModelSeries(api);
    const emails = Array.from({ length: INVITEES }, (_, i) => `restart${i}@example.org`);
    expect((await api.post('/api/contacts/import', emails.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'HU' })))).body.created).toBe(INVITEES);

    // Two thirds of the wave are deferred, retries included, so their batches wait in Redis for a retry when the worker stops.
    const deferred = emails.slice(INVITEES - 300);
    for (const email of deferred) sink.refuseTo(email, 451);
    const wave = await api.post(`/api/conferences/${regionals[0].id}/waves`, { name: 'Now', audience: { countries: ['HU'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(() => sink.refused >= 300, 'the deferred part of the wave');
    await waitFor(async () => (await api.get(`/api/waves/${wave.body.id}`)).body.counts.sent >= INVITEES - 300, 'the accepted part recorded');
    await first.close();
    await deleteRedisKeys(env.queuePrefix);
    for (const email of deferred) sink.refuseTo(email, null);
    expect((await api.get(`/api/waves/${wave.body.id}`)).body.state).toBe('dispatching');

    // The new worker's schedulers are all there as soon as it has started: only the missing epoch tells it Redis lost the wave.
    await env.startWorker();
    const done = await waitFor(async () => {
      const body = (await api.get(`/api/waves/${wave.body.id}`)).body;
      return body.state === 'completed' ? body : null;
    }, 'the wave to complete after the restart');
    expect(done.counts).toMatchObject({ targeted: INVITEES, sent: INVITEES, failed: 0 });
    await waitFor(() => sink.count >= INVITEES, 'every message');
    const ids = sink.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(INVITEES);
    expect(new Set(ids).size).toBe(INVITEES);
  });
});
