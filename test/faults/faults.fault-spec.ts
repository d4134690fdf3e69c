import { Deployment, FaultWorld, Figures, WAVE_SIZE, printTable, sleep, until } from './support/harness';

/**
 * Each scenario: a wave to WAVE_SIZE contacts through the built service (one API, two workers) on a
 * private Redis, PostgreSQL behind a proxy and an SMTP sink counting Message-IDs, with one fault.
 * T0 is the same wave without a fault; "recovery" is the time the fault cost against T0 unless a
 * scenario says otherwise.
 */
describe('fault suite', () => {
  let world: FaultWorld;
  let current: Deployment | undefined;
  let t0: Figures;

  beforeAll(async () => {
    world = await FaultWorld.create();
  });

  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  afterAll(async () => {
    printTable();
    process.stdout.write(`Service logs: ${world?.logDir}\n`);
    await world?.close();
  });

  const deploy = async (name: string, workers = 2) => {
    current = await world.deployment(name, workers);
    await current.prepareWave();
    return current;
  };

  const againstT0 = (figures: Figures) => Math.max(0, figures.totalS - t0.totalS);

  it('T0: the wave without faults', async () => {
    const d = await deploy('T0');
    await d.dispatch();
    t0 = await d.figures('T0 (no fault)', await d.untilComplete());
    expect(t0).toMatchObject({ invited: WAVE_SIZE, delivered: WAVE_SIZE, lost: 0, duplicated: 0 });
  });

  it('1. kill -9 of a worker at 20 %, 50 % and 80 %, restarted: lost 0, at most 50 duplicates a kill, same Message-ID', async () => {
    const d = await deploy('1 kill -9');
    await d.dispatch();
    let kills = 0;
    for (const [i, share] of [0.2, 0.5, 0.8].entries()) {
      await d.untilProgress(share);
      const victim = d.workers[i % d.workers.length];
      await victim.kill9();
      d.workers.splice(d.workers.indexOf(victim), 1, await d.addWorker());
      kills++;
    }
    const figures = await d.figures('1. kill -9 worker at 20/50/80 %', await d.untilComplete());
    figures.recoveryS = againstT0(figures);
    figures.note = `${kills} kills, ${(figures.duplicated / kills).toFixed(0)} duplicates a kill on average`;
    expect(figures.lost).toBe(0);
    // Every message counted carried one of the wave's Message-IDs: a resend used the first one.
    expect(figures.delivered).toBe(WAVE_SIZE);
    expect(figures.duplicated).toBeLessThanOrEqual(50 * kills);
  });

  it('3. SIGTERM of every process mid-wave (a deploy): lost 0, duplicates 0, each exits within 30 s', async () => {
    const d = await deploy('3 SIGTERM');
    await d.dispatch();
    await d.untilProgress(0.5);
    const exits = await Promise.all([d.api, ...d.workers].map((p) => p.stop()));
    const stoppedAt = performance.now();
    d.workers.length = 0;
    await d.restartApi();
    await d.addWorker();
    await d.addWorker();
    // A small wave may have been finished by the draining workers: then there is nothing to resume.
    const resumedAt = await until(() => world.sink.lastAcceptedAt > stoppedAt || world.sink.distinct >= WAVE_SIZE, 'delivery after the deploy');
    const figures = await d.figures('3. SIGTERM (deploy) at 50 %', await d.untilComplete(), {
      recoveryS: (resumedAt - stoppedAt) / 1000,
      note: `slowest exit ${(Math.max(...exits) / 1000).toFixed(1)} s; recovery = restart to first delivery`,
    });
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, delivered: WAVE_SIZE });
    exits.forEach((ms) => expect(ms).toBeLessThan(30_000));
  });

  it('5. Redis emptied (FLUSHALL) at 30 %: lost 0, nothing twice, schedulers and open work rebuilt within a minute', async () => {
    const d = await deploy('5 FLUSHALL');
    await d.dispatch();
    await d.untilProgress(0.3);
    await world.redis.flushAll();
    const flushedAt = performance.now();
    const delivered = world.sink.distinct;
    // Sends under way finish; what comes after them comes from work rebuilt out of PostgreSQL.
    const rebuiltAt = await until(async () => (await d.hasScheduler('clock', 'tick')) && (await d.hasScheduler('invitations', 'reconcile')), 'the schedulers to be re-created', 60_000);
    const completedAt = await d.untilComplete(3 * 60_000);
    const figures = await d.figures('5. FLUSHALL at 30 %', completedAt, {
      recoveryS: (rebuiltAt - flushedAt) / 1000,
      note: `${delivered} delivered before; recovery = flush to schedulers back`,
    });
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, delivered: WAVE_SIZE });
    expect(figures.recoveryS).toBeLessThan(60);
    expect((completedAt - flushedAt) / 1000).toBeLessThan(120);
  });

  it('4. Redis kill -9 and restart at 50 %: lost 0; workers resume within 30 s; the API answers meanwhile, never a hang or a 500', async () => {
    const d = await deploy('4 Redis kill -9');
    await d.dispatch();
    await d.untilProgress(0.5);
    await world.redis.kill9();
    const killedAt = performance.now();
    // While Redis is down: reads, a write through the outbox, and a dispatch that needs the queue.
    const answers: Array<{ what: string; status: number | string; ms: number }> = [];
    const probe = async (what: string, method: string, path: string, body?: unknown) => {
      const started = performance.now();
      try {
        const answer = await d.request(method, path, body, 10_000);
        answers.push({ what, status: answer.status, ms: answer.ms });
      } catch (error) {
        answers.push({ what, status: (error as Error).name, ms: performance.now() - started });
      }
    };
    await probe('health', 'GET', '/health');
    await probe('read wave', 'GET', `/api/waves/${d.waveId}`);
    const other = await d.request('POST', `/api/conferences/${d.conferenceId}/waves`, { name: 'During the outage', audience: { stakeholderTypes: ['member_state'] } }, 10_000).catch(() => null);
    if (other?.body?.id) await probe('dispatch', 'POST', `/api/waves/${other.body.id}/dispatch`);
    await sleep(Math.max(0, 5_000 - (performance.now() - killedAt)));
    await world.redis.start();
    const restartedAt = performance.now();
    const resumedAt = await until(() => world.sink.lastAcceptedAt > restartedAt || world.sink.distinct >= WAVE_SIZE, 'delivery after Redis came back', 120_000);
    const figures = await d.figures('4. Redis kill -9 + restart at 50 %', await d.untilComplete(), {
      recoveryS: (resumedAt - restartedAt) / 1000,
      note: `down 5 s; recovery = restart to first delivery; meanwhile ${answers.map((a) => `${a.what} ${a.status} in ${(a.ms / 1000).toFixed(1)} s`).join(', ')}`,
    });
    expect(figures.lost).toBe(0);
    expect(figures.recoveryS).toBeLessThan(30);
    for (const answer of answers) {
      expect(answer.status === 503 ? answer.ms < 2_000 : typeof answer.status === 'number' && answer.status < 500).toBe(true);
    }
  });

  it('2. every worker down (kill -9) for 60 s mid-wave: lost 0, no job ends failed as stalled', async () => {
    const d = await deploy('2 workers down');
    await d.dispatch();
    await d.untilProgress(0.4);
    await Promise.all(d.workers.map((w) => w.kill9()));
    d.workers.length = 0;
    await sleep(60_000);
    const restartedAt = performance.now();
    await d.addWorker();
    await d.addWorker();
    const resumedAt = await until(() => world.sink.lastAcceptedAt > restartedAt || world.sink.distinct >= WAVE_SIZE, 'delivery after the workers came back');
    const figures = await d.figures('2. all workers down 60 s at 40 %', await d.untilComplete(), { recoveryS: (resumedAt - restartedAt) / 1000, note: 'recovery = restart to first delivery' });
    const failed = await d.failedJobs();
    expect(failed).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, delivered: WAVE_SIZE });
  });

  it('6. Redis frozen (SIGSTOP) for 45 s at 50 %, then resumed: lost 0, no worker stuck', async () => {
    const d = await deploy('6 Redis frozen');
    await d.dispatch();
    await d.untilProgress(0.5);
    world.redis.freeze();
    await sleep(45_000);
    world.redis.thaw();
    const thawedAt = performance.now();
    const resumedAt = await until(() => world.sink.lastAcceptedAt > thawedAt || world.sink.distinct >= WAVE_SIZE, 'delivery after Redis resumed', 120_000);
    const completedAt = await d.untilComplete(4 * 60_000);
    const figures = await d.figures('6. Redis SIGSTOP 45 s at 50 %', completedAt, { recoveryS: (resumedAt - thawedAt) / 1000, note: `recovery = resume to first delivery; complete ${((completedAt - thawedAt) / 1000).toFixed(1)} s after` });
    expect(figures).toMatchObject({ lost: 0, delivered: WAVE_SIZE });
    expect(await d.failedJobs()).toEqual([]);
  });

  it('9. one wave dispatched by 50 concurrent requests, and again after completion: one message per invitee; one token answered by 50 concurrent requests: one change per distinct answer', async () => {
    const d = await deploy('9 concurrent dispatch');
    d.dispatchedAt = performance.now();
    const first = await Promise.all(Array.from({ length: 50 }, () => d.request('POST', `/api/waves/${d.waveId}/dispatch`)));
    const completedAt = await d.untilComplete();
    const again = await Promise.all(Array.from({ length: 50 }, () => d.request('POST', `/api/waves/${d.waveId}/dispatch`)));
    // Anything a second dispatch queued would reach the sink within a few seconds.
    await sleep(5_000);
    const statuses = [...first, ...again].map((a) => a.status);
    const figures = await d.figures('9. dispatch x50 concurrent, twice; RSVP x50 concurrent', completedAt);
    expect(statuses.every((s) => s < 500)).toBe(true);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, delivered: WAVE_SIZE });
    expect(world.sink.total).toBe(WAVE_SIZE);

    const { rows: [invitation] } = await d.db.query(`SELECT id FROM invitations WHERE wave_id = $1 AND delivery = 'sent' LIMIT 1`, [d.waveId]);
    const token = d.tokenFor(invitation.id);
    const changes = async () => (await d.db.query(`SELECT count(*)::int AS n FROM rsvp_changes WHERE invitation_id = $1`, [invitation.id])).rows[0].n as number;
    const accepts = await Promise.all(Array.from({ length: 50 }, () => d.rsvp(token, { response: 'accept' })));
    const afterAccepts = await changes();
    const declines = await Promise.all(Array.from({ length: 50 }, () => d.rsvp(token, { response: 'decline' })));
    const afterDeclines = await changes();
    const rsvpStatuses = [...accepts, ...declines];
    figures.note = `dispatch answers ${[...new Set(statuses)].sort().join('/')}; RSVP answers ${[...new Set(rsvpStatuses)].sort().join('/')}, changes recorded ${afterAccepts} after 50 accepts, ${afterDeclines} after 50 declines`;
    expect(rsvpStatuses.every((s) => s < 500)).toBe(true);
    expect(afterAccepts).toBe(1);
    expect(afterDeclines).toBe(2);
  });

  it('10. processes killed between commits and the outbox relay\'s publish: each event goes out after restart, once', async () => {
    const d = await deploy('10 commit before publish', 1);
    await d.dispatch();
    await d.untilProgress(0.5);
    // Redis frozen: batches still commit their outbox events, the relay's publish hangs inside its claim.
    world.redis.freeze();
    await sleep(3_000);
    await Promise.all([d.api, ...d.workers].map((p) => p.kill9()));
    d.workers.length = 0;
    const { rows: [pending] } = await d.db.query(`SELECT count(*)::int AS n, max(id) AS last FROM outbox_events WHERE published_at IS NULL`);
    world.redis.thaw();
    const restartedAt = performance.now();
    await d.restartApi();
    await d.addWorker();
    const publishedAt = await until(async () => (await d.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND id <= $1`, [pending.last ?? 0])).rows[0].n === 0, 'the events pending at the kill published');
    const completedAt = await d.untilComplete();
    await until(async () => (await d.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`)).rows[0].n === 0, 'every event published');
    const { rows: [events] } = await d.db.query(`SELECT count(*)::int AS n FROM outbox_events`);
    const jobs = await d.eventJobs();
    const figures = await d.figures('10. kill -9 between commit and publish', completedAt, {
      recoveryS: (publishedAt - restartedAt) / 1000,
      note: `${pending.n} events unpublished at the kill; ${events.n} events, ${jobs.events} carried by ${jobs.jobs} jobs, ${jobs.repeated} twice; recovery = restart to the pending ones published`,
    });
    expect(pending.n).toBeGreaterThan(0);
    expect(jobs.repeated).toBe(0);
    expect(jobs.events).toBe(events.n);
    expect(figures).toMatchObject({ lost: 0, delivered: WAVE_SIZE });
  });

  it('8. SMTP 451 for 60 s then gone for 30 s, 50 addresses answered 550, a tar pit: all delivered once, the 550s failed after one try, no stalled job', async () => {
    const d = await deploy('8 SMTP faults');
    const refused = Array.from({ length: 50 }, (_, i) => `invitee${1 + i * 97}@example.org`);
    world.sink.refuseAlways(refused, 550);
    await d.dispatch();
    await d.untilProgress(0.2);
    world.sink.refuse(451);
    await sleep(60_000);
    await world.sink.goAway();
    await sleep(30_000);
    await world.sink.comeBack();
    world.sink.refuse(null);
    const backAt = performance.now();
    const resumedAt = await until(() => world.sink.lastAcceptedAt > backAt, 'delivery after the mail server came back', 120_000);
    await d.untilProgress(0.6);
    // A tar pit: ten seconds a message, for half a minute, longer than a job's lock.
    world.sink.delayMs = 10_000;
    await sleep(30_000);
    world.sink.delayMs = 0;
    const completedAt = await d.untilComplete(6 * 60_000);
    const { rows: reasons } = await d.db.query(`SELECT delivery_error FROM invitations WHERE wave_id = $1 AND delivery = 'failed'`, [d.waveId]);
    const onceEach = refused.every((a) => world.sink.refusedTo.get(a) === 1);
    const figures = await d.figures('8. SMTP 451 60 s, gone 30 s, 50 x 550, tar pit 30 s', completedAt, {
      recoveryS: (resumedAt - backAt) / 1000,
      note: `recovery = server back to first delivery; ${reasons.length} failed, each 550 address tried ${onceEach ? 'once' : 'more than once'}`,
    });
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, failed: 50, delivered: WAVE_SIZE - 50 });
    expect(onceEach).toBe(true);
    reasons.forEach((r) => expect(r.delivery_error).toMatch(/550/));
    expect(await d.failedJobs()).toEqual([]);
  });

  it('7. PostgreSQL connections cut mid-wave, then sessions terminated five times: lost 0, pools reconnect, requests in the gap 503 without a stack', async () => {
    const d = await deploy('7 PostgreSQL cut');
    await d.dispatch();
    const answers: Array<{ status: number | string; stack: boolean }> = [];
    const probe = async () => {
      const started = performance.now();
      try {
        const answer = await d.request('GET', `/api/waves/${d.waveId}`, undefined, 10_000);
        answers.push({ status: answer.status, stack: /\n\s+at /.test(JSON.stringify(answer.body ?? '')) });
      } catch (error) {
        answers.push({ status: `${(error as Error).name} after ${((performance.now() - started) / 1000).toFixed(1)} s`, stack: false });
      }
    };
    await d.untilProgress(0.3);
    // RSVP load throughout: invitees already invited answer, five a second, below the per-address limit.
    const { rows: invited } = await d.db.query(`SELECT id FROM invitations WHERE wave_id = $1 AND delivery = 'sent' LIMIT 10`, [d.waveId]);
    const rsvpStatuses: Array<number | string> = [];
    let loading = true;
    const load = (async () => {
      for (let i = 0; loading; i++) {
        const status = await d.rsvp(d.tokenFor(invited[i % invited.length].id), { response: i % 2 ? 'decline' : 'accept' }).catch((error: Error) => error.name);
        rsvpStatuses.push(status);
        await sleep(200);
      }
    })();
    world.proxy.cut();
    await Promise.all([probe(), probe(), probe()]);
    for (let i = 0; i < 5; i++) {
      await sleep(3_000);
      await d.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'convene'`);
      await Promise.all([probe(), probe(), probe()]);
    }
    loading = false;
    await load;
    const lastFaultAt = performance.now();
    const resumedAt = await until(() => world.sink.lastAcceptedAt > lastFaultAt || world.sink.distinct >= WAVE_SIZE, 'delivery after the last termination', 120_000);
    const completedAt = await d.untilComplete();
    const statuses = answers.map((a) => a.status);
    const figures = await d.figures('7. PostgreSQL cut + 5 x pg_terminate_backend', completedAt, {
      recoveryS: (resumedAt - lastFaultAt) / 1000,
      note: `recovery = last termination to next delivery; answers in the gaps ${[...new Set(statuses)].join('/')}; ${rsvpStatuses.length} RSVP answers meanwhile: ${[...new Set(rsvpStatuses)].join('/')}`,
    });
    expect(figures.lost).toBe(0);
    expect(figures.delivered).toBe(WAVE_SIZE);
    expect(answers.every((a) => !a.stack)).toBe(true);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(rsvpStatuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(d.workers.every((w) => w.running) && d.api.running).toBe(true);
  });
});
