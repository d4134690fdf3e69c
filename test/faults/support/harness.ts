import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort, freshDatabase } from '../../../bench/support';
import { POSTGRES_URL, databaseUrl, withAdminClient } from '../../support/databases';
import { FaultSink } from './fault-sink';
import { PrivateRedis } from './private-redis';
import { ServiceProcess } from './service';
import { TcpProxy } from './tcp-proxy';

export const ADMIN_KEY = `faults-admin-${randomBytes(12).toString('hex')}`;
/** Known to the suite, so it can rebuild an invitee's personal link as the invitation carries it. */
export const TOKEN_SECRET = randomBytes(32).toString('hex');
export const WAVE_SIZE = Number(process.env.FAULTS_WAVE_SIZE ?? 5000);

export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` holds; returns performance.now() at that moment. */
export async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 5 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return performance.now();
    } catch {
      // a probe may fail while a fault is on
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(25);
  }
}

export interface Figures {
  scenario: string;
  invited: number;
  delivered: number;
  lost: number;
  duplicated: number;
  failed: number;
  /** Dispatch to the wave's completion, s. */
  totalS: number;
  /** From the fault (or its end) to delivery going on again, s; see each scenario. */
  recoveryS?: number;
  note?: string;
}

export const results: Figures[] = [];

export function printTable(): void {
  const rows = results.map((r) => [r.scenario, r.invited, r.delivered, r.lost, r.duplicated, r.failed, r.totalS.toFixed(1), r.recoveryS === undefined ? '-' : r.recoveryS.toFixed(1), r.note ?? '']);
  const head = ['scenario', 'invited', 'delivered', 'lost', 'duplicated', 'failed', 'total s', 'recovery s', 'note'];
  const lines = [head, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${head.map(() => ' --- ').join('|')}|`);
  process.stdout.write(`\nFault suite, waves of ${WAVE_SIZE}:\n${lines.join('\n')}\n\n`);
}

/** What every scenario shares: the private Redis, the proxy before PostgreSQL, the sink, a migrated template. */
export class FaultWorld {
  readonly logDir = join(tmpdir(), `convene-faults-${Date.now()}`);
  private template = `convene_faults_tpl_${randomBytes(4).toString('hex')}`;
  private databases: string[] = [];

  private constructor(
    readonly redis: PrivateRedis,
    readonly proxy: TcpProxy,
    readonly sink: FaultSink,
  ) {}

  static async create(): Promise<FaultWorld> {
    const pg = new URL(POSTGRES_URL);
    const world = new FaultWorld(new PrivateRedis(await freePort()), new TcpProxy(await freePort(), { host: pg.hostname, port: Number(pg.port || 5432) }), new FaultSink(await freePort()));
    mkdirSync(world.logDir, { recursive: true });
    await world.redis.start();
    await world.proxy.start();
    await world.sink.start();
    const url = await freshDatabase(world.template);
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query(
      `INSERT INTO contacts (email, full_name, honorific, stakeholder_type, country, language)
       SELECT 'invitee' || g || '@example.org', 'Invitee ' || g, (ARRAY['H.E. Mr.', 'Ms.', 'Dr.'])[1 + g % 3], 'member_state',
              (ARRAY['AT', 'FR', 'RU', 'AE', 'CN', 'ES'])[1 + g % 6], (ARRAY['en', 'fr', 'ru', 'ar', 'zh', 'es'])[1 + g % 6]
       FROM generate_series(1, $1) g`,
      [WAVE_SIZE],
    );
    await db.end();
    return world;
  }

  /** A fresh deployment: its own database (copied from the template), queue prefix, one API and `workers` workers. */
  async deployment(name: string, workers = 2): Promise<Deployment> {
    const database = `convene_faults_${randomBytes(5).toString('hex')}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${this.template}`));
    this.databases.push(database);
    this.sink.reset();
    const viaProxy = new URL(databaseUrl(database));
    viaProxy.port = String(this.proxy.port);
    const env = {
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: `f${randomBytes(4).toString('hex')}`,
      SMTP_URL: this.sink.url,
      ADMIN_API_KEY: ADMIN_KEY,
      TOKEN_SECRET,
      CONVENE_CLOCK: 'system',
      PUBLIC_BASE_URL: 'https://convene.example',
    };
    const deployment = new Deployment(name, this, env, database, await freePort());
    await deployment.start(workers);
    return deployment;
  }

  /** Drops a finished deployment's database: ten copies of the wave would fill a small disk. */
  async dropDatabase(name: string): Promise<void> {
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    this.databases = this.databases.filter((d) => d !== name);
  }

  async close(): Promise<void> {
    await this.sink.close();
    await this.proxy.close();
    await this.redis.close();
    await withAdminClient(async (c) => {
      for (const name of [...this.databases, this.template]) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

export class Deployment {
  readonly db: Client;
  api!: ServiceProcess;
  readonly workers: ServiceProcess[] = [];
  waveId = '';
  conferenceId = '';
  dispatchedAt = 0;
  private serial = 0;

  constructor(
    readonly name: string,
    readonly world: FaultWorld,
    readonly env: Record<string, string>,
    readonly database: string,
    readonly port: number,
  ) {
    this.db = new Client({ connectionString: databaseUrl(database) });
  }

  private logFile(role: string) {
    return join(this.world.logDir, `${this.name.replace(/[^a-z0-9]+/gi, '-')}-${role}-${this.serial++}.log`);
  }

  async start(workers: number): Promise<void> {
    await this.db.connect();
    this.api = new ServiceProcess('api', this.env, this.logFile('api'), this.port);
    await this.api.start();
    for (let i = 0; i < workers; i++) await this.addWorker();
  }

  /** A new API process on the same port, as after a deploy. */
  async restartApi(): Promise<void> {
    if (this.api.running) await this.api.stop();
    this.api = new ServiceProcess('api', this.env, this.logFile('api'), this.port);
    await this.api.start();
  }

  async addWorker(): Promise<ServiceProcess> {
    const worker = new ServiceProcess('worker', this.env, this.logFile('worker'));
    await worker.start();
    this.workers.push(worker);
    return worker;
  }

  async request(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; body: any; ms: number }> {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, ms: performance.now() - started };
  }

  async api200(method: string, path: string, body?: unknown): Promise<any> {
    const answer = await this.request(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** The conference and a wave to every contact, not yet dispatched. */
  async prepareWave(): Promise<void> {
    const series = await this.api200('POST', '/api/series', { name: 'Fault series', summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: day(200), endsOn: day(204), timezone: 'America/New_York', capacity: 2000 } });
    const conference = await this.api200('POST', `/api/series/${series.id}/conferences`, {
      title: 'Regional conference — Vienna', city: 'Vienna', country: 'AT', startsOn: day(60), endsOn: day(61), timezone: 'Europe/Vienna',
      capacity: WAVE_SIZE, languages: ['ar', 'zh', 'en', 'fr', 'ru', 'es'], rsvpDeadline: day(30), delegationQuota: 4,
    });
    this.conferenceId = conference.id;
    const wave = await this.api200('POST', `/api/conferences/${conference.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
    if (wave.audienceSize !== WAVE_SIZE) throw new Error(`audience is ${wave.audienceSize}, expected ${WAVE_SIZE}`);
    this.waveId = wave.id;
  }

  async dispatch(): Promise<void> {
    this.dispatchedAt = performance.now();
    await this.api200('POST', `/api/waves/${this.waveId}/dispatch`);
  }

  /** The RSVP token of an invitation, as its personal link holds it. */
  tokenFor(invitationId: string): string {
    return createHmac('sha256', Buffer.from(TOKEN_SECRET, 'utf8')).update(`invitation:${invitationId}`).digest('base64url');
  }

  /** POSTs one RSVP answer as JSON, without the admin key. */
  async rsvp(token: string, body: unknown): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.port}/rsvp/${token}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    return response.status;
  }

  /** Share of the wave the sink has accepted. */
  progress(): number {
    return this.world.sink.distinct / WAVE_SIZE;
  }

  untilProgress(fraction: number, timeoutMs?: number): Promise<number> {
    return until(() => this.progress() >= fraction, `${Math.round(fraction * 100)} % of the wave`, timeoutMs);
  }

  async waveRow(): Promise<{ state: string; sent: number; failed: number; queued: number }> {
    const { rows } = await this.db.query(
      `SELECT w.state, w.sent, w.failed, (SELECT count(*)::int FROM invitations i WHERE i.wave_id = w.id AND i.delivery = 'queued') AS queued FROM waves w WHERE w.id = $1`,
      [this.waveId],
    );
    return rows[0];
  }

  /** Waits for the wave to complete; returns the moment. */
  async untilComplete(timeoutMs = 6 * 60_000): Promise<number> {
    return until(async () => ['completed', 'completed_with_failures'].includes((await this.waveRow()).state), `wave ${this.waveId} to complete`, timeoutMs);
  }

  /** invited, delivered (distinct Message-IDs), lost (neither delivered nor failed), duplicated (messages beyond the first per Message-ID). */
  async figures(scenario: string, completedAt: number, extra: Partial<Figures> = {}): Promise<Figures> {
    // Acceptances still in flight when the wave completed reach the sink a moment later.
    await sleep(500);
    const { rows: [counts] } = await this.db.query(
      `SELECT count(*)::int AS invited, count(*) FILTER (WHERE delivery = 'failed')::int AS failed FROM invitations WHERE wave_id = $1`,
      [this.waveId],
    );
    const sink = this.world.sink;
    const figures: Figures = {
      scenario,
      invited: counts.invited,
      delivered: sink.distinct,
      lost: Math.max(0, counts.invited - sink.distinct - counts.failed),
      duplicated: sink.duplicates,
      failed: counts.failed,
      totalS: (completedAt - this.dispatchedAt) / 1000,
      ...extra,
    };
    results.push(figures);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return figures;
  }

  async hasScheduler(queueName: string, id: string): Promise<boolean> {
    const { Queue } = await import('bullmq');
    const queue = new Queue(queueName, { connection: { url: this.env.REDIS_URL }, prefix: this.env.QUEUE_PREFIX });
    try {
      return Boolean(await queue.getJobScheduler(id));
    } finally {
      await queue.close();
    }
  }

  /** Domain-event jobs the relay queued: how many events they carry, and how many events appear in two. */
  async eventJobs(): Promise<{ jobs: number; events: number; repeated: number }> {
    const { Queue } = await import('bullmq');
    const queue = new Queue('domain-events', { connection: { url: this.env.REDIS_URL }, prefix: this.env.QUEUE_PREFIX });
    try {
      const jobs = await queue.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized']);
      const seen = new Map<string, number>();
      for (const job of jobs) {
        const data = job.data as { id?: string | number; events?: Array<{ id: string | number }> };
        const ids = Array.isArray(data.events) ? data.events.map((e) => String(e.id)) : [String(data.id)];
        for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return { jobs: jobs.length, events: seen.size, repeated: [...seen.values()].filter((n) => n > 1).length };
    } finally {
      await queue.close();
    }
  }

  /** Jobs BullMQ ended as failed, and why (stalled ones say so). */
  async failedJobs(): Promise<string[]> {
    const { Queue } = await import('bullmq');
    const reasons: string[] = [];
    for (const name of ['invitations', 'mail', 'domain-events']) {
      const queue = new Queue(name, { connection: { url: this.env.REDIS_URL }, prefix: this.env.QUEUE_PREFIX });
      for (const job of await queue.getFailed()) reasons.push(`${name}/${job.id}: ${job.failedReason}`);
      await queue.close();
    }
    return reasons;
  }

  async close(): Promise<void> {
    for (const worker of this.workers) await worker.kill9();
    await this.api?.kill9();
    await this.db.end();
    await this.world.dropDatabase(this.database);
  }
}
