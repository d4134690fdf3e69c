import { INestApplicationContext, Provider } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { InvitationTokens } from '../../src/modules/invitations/invitation-tokens';
import { createHttpAdapter } from '../../src/bootstrap';
import { configureHttpApp } from '../../src/platform/http/http-app';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { REDIS_URL, createTestDatabase, deleteRedisKeys } from './databases';
import { MailSink, MailSinkOptions, startMailSink } from './mail-sink';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string | null = ADMIN_KEY,
  ) {}

  as(key: string | null): ApiClient {
    return new ApiClient(this.baseUrl, key);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export interface TestEnvironment {
  databaseUrl: string;
  queuePrefix: string;
  /** Config for one more process of the same deployment (same database and prefix). */
  config(overrides?: Record<string, string>): AppConfig;
  /** Starts an HTTP process (role all unless overridden) listening on a free port. */
  startHttp(overrides?: Record<string, string>, extra?: Extra): Promise<{ app: NestFastifyApplication; api: ApiClient; close: () => Promise<void> }>;
  startWorker(overrides?: Record<string, string>, extra?: Extra): Promise<{ app: INestApplicationContext; close: () => Promise<void> }>;
  teardown(): Promise<void>;
}

/** Test-only providers (e.g. a recorder of domain events) added beside the real modules. */
export interface Extra {
  providers?: Provider[];
  /** Where the process's log lines go instead of standard output. */
  logDestination?: DestinationStream;
  /** Told of every route the HTTP server registers (method and pattern), as Fastify registers it. */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

async function compile(config: AppConfig, extra: Extra = {}) {
  return Test.createTestingModule({ imports: [AppModule.forRoot(config, extra.logDestination)], providers: extra.providers ?? [] }).compile();
}

/** One test file's world: its own database, its own Redis key prefix, manual clock by default. */
export async function createTestEnvironment(baseEnv: Record<string, string> = {}): Promise<TestEnvironment> {
  const database = await createTestDatabase();
  const queuePrefix = `t${randomBytes(5).toString('hex')}`;
  const running: Array<{ close: () => Promise<void> }> = [];

  const config = (overrides: Record<string, string> = {}) =>
    loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      ADMIN_API_KEY: ADMIN_KEY,
      CONVENE_CLOCK: 'manual',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      TICK_INTERVAL_MS: '60000',
      OUTBOX_DIR: `/tmp/convene-test-outbox/${queuePrefix}`,
      ...baseEnv,
      ...overrides,
    });

  const track = <T extends { close: () => Promise<void> }>(handle: T): T => {
    running.push(handle);
    return handle;
  };

  return {
    databaseUrl: database.url,
    queuePrefix,
    config,
    async startHttp(overrides = {}, extra = {}) {
      const processConfig = config(overrides);
      const moduleRef = await compile(processConfig, extra);
      const built = { app: moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(processConfig), { bufferLogs: true }) };
      built.app.useLogger(built.app.get(Logger));
      if (extra.onRoute) built.app.getHttpAdapter().getInstance().addHook('onRoute', extra.onRoute);
      try {
        await configureHttpApp(built.app);
        await built.app.listen(0, '127.0.0.1');
      } catch (error) {
        // A half-started app still holds connections; close it so the test run can exit.
        await built.app.close().catch(() => undefined);
        throw error;
      }
      const address = built.app.getHttpServer().address() as { port: number };
      const baseUrl = `http://127.0.0.1:${address.port}`;
      let closed = false;
      return track({
        app: built.app,
        api: new ApiClient(baseUrl),
        close: async () => {
          if (closed) return;
          closed = true;
          await built.app.close();
        },
      });
    },
    async startWorker(overrides = {}, extra = {}) {
      const moduleRef = await compile(config({ APP_ROLE: 'worker', ...overrides }), extra);
      const built = { app: moduleRef };
      built.app.useLogger(built.app.get(Logger));
      try {
        await built.app.init();
      } catch (error) {
        await built.app.close().catch(() => undefined);
        throw error;
      }
      let closed = false;
      return track({
        app: built.app,
        close: async () => {
          if (closed) return;
          closed = true;
          await built.app.close();
        },
      });
    },
    async teardown() {
      for (const handle of running.reverse()) await handle.close().catch(() => undefined);
      await database.drop();
      await deleteRedisKeys(queuePrefix);
    },
  };
}

/** Polls until `probe` returns a truthy value; real job completion, never a fixed sleep. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface MailDeploymentOptions {
  /** Settings of every process, besides SMTP_URL (which points at the sink). */
  env?: Record<string, string>;
  /** Overrides for the HTTP process (APP_ROLE: 'api' with `worker` for separate processes). */
  http?: Record<string, string>;
  /** Test-only providers, a log destination or a route listener for the HTTP process. */
  extra?: Extra;
  /** Also starts a worker process, with these overrides. */
  worker?: Record<string, string>;
  sink?: MailSinkOptions;
}

/** The usual world of a mail-sending test file: its sink, its environment, an HTTP process, a worker if asked, a database client. */
export interface MailDeployment {
  sink: MailSink;
  env: TestEnvironment;
  api: ApiClient;
  app: NestFastifyApplication;
  worker: { app: INestApplicationContext; close: () => Promise<void> } | null;
  db: Client;
  /** Signs invitation links as the running processes do. */
  tokens: InvitationTokens;
  /** Closes the client, every process, the database and the Redis keys, then the sink; safe to call twice. */
  teardown(): Promise<void>;
}

/** Starts a MailDeployment; whatever started is stopped again if a later part fails. */
export async function startMailDeployment(options: MailDeploymentOptions = {}): Promise<MailDeployment> {
  const sink = await startMailSink(options.sink);
  let env: TestEnvironment | undefined;
  let db: Client | undefined;
  let done = false;
  const teardown = async () => {
    if (done) return;
    done = true;
    await db?.end().catch(() => undefined);
    await env?.teardown();
    await sink.close();
  };
  try {
    env = await createTestEnvironment({ ...options.env, SMTP_URL: sink.url });
    const { api, app } = await env.startHttp(options.http, options.extra);
    const worker = options.worker ? await env.startWorker(options.worker) : null;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    return { sink, env, api, app, worker, db, tokens: new InvitationTokens(env.config()), teardown };
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
}
