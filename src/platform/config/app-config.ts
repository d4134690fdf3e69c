import { KeyObject, createSecretKey, hkdfSync } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** One address or a CIDR block: `10.0.0.7`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrBlock(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `host:port` of one Redis Cluster node; an IPv6 address goes in brackets (`[fd00::7]:7000`). */
function clusterNode(entry: string): RedisNode | null {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) return null;
  return { host: match[1] ?? match[2], port };
}

const clusterNodeList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .refine((entries) => entries.length > 0 && entries.every((entry) => clusterNode(entry) !== null), {
    message: 'must be a comma-separated list of host:port (e.g. 10.0.0.1:7000,10.0.0.2:7000)',
  })
  .transform((entries) => entries.map((entry) => clusterNode(entry)!));

/** REDIS_CLUSTER_NODES read as the service reads it, for tools that take the same list. */
export const parseClusterNodes = (value: string): RedisNode[] => clusterNodeList.parse(value);

/**
 * Whether a key prefix carries a Redis Cluster hash tag: the text between its first `{` and the
 * next `}`, not empty, is what the cluster hashes, so every key under the prefix lands in one slot.
 */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
}

const addressList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .refine((entries) => entries.every(isAddressOrBlock), {
    message: 'must be a comma-separated list of IP addresses or CIDR blocks (e.g. 10.0.0.7,10.1.0.0/16)',
  });

/** The one place the environment is read; everything else receives a typed AppConfig. */
const envFields = z.object({
  APP_ROLE: z.enum(APP_ROLES, { message: `must be one of ${APP_ROLES.join(', ')}` }).default('all'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_CLUSTER_NODES: clusterNodeList.optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]+$/, { message: 'may hold letters, digits, _ . - and a {hash tag} only' })
    .default('convene'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().default('Convene Secretariat <secretariat@convene.local>'),
  SECRETARIAT_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
  OUTBOX_DIR: z.string().default('./outbox'),
  ADMIN_API_KEY: z.string().min(16, { message: 'must be at least 16 characters' }),
  /** Where invitees' links point; by default this service on its own port. */
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters of random text' }).optional(),
  CONVENE_CLOCK: z.enum(['system', 'manual'], { message: 'must be system or manual' }).default('system'),
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  WEBHOOK_RETENTION_DAYS: z.coerce.number({ message: 'must be a number of days' }).int({ message: 'must be a whole number of days' }).min(1, { message: 'must be at least 1 day' }).max(3650, { message: 'must be at most 3650 days' }).default(30),
  MIGRATIONS_RUN: booleanFlag.default(false),
  OUTBOX_RELAY: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TICK_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  TRUSTED_PROXIES: addressList.default([]),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(7 * 24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(30 * 24).default(12),
  RSVP_RATE_LIMIT: z.coerce.number({ message: 'must be a number of requests per minute (0: no limit)' }).int().min(0).default(120),
  FEEDBACK_RATE_LIMIT: z.coerce.number({ message: 'must be a number of requests per minute (0: no limit)' }).int().min(0).default(30),
});

/** Which Redis, checked even when other variables are wrong (`when`), so one start names every problem. */
const envSchema = envFields.superRefine((e, context) => {
  if (e.REDIS_URL === undefined && e.REDIS_CLUSTER_NODES === undefined) {
    context.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required (or REDIS_CLUSTER_NODES for a Redis Cluster)' });
  }
  if (e.REDIS_URL !== undefined && e.REDIS_CLUSTER_NODES !== undefined) {
    context.addIssue({ code: 'custom', path: ['REDIS_CLUSTER_NODES'], message: 'and REDIS_URL are both set: set REDIS_URL for one Redis server or REDIS_CLUSTER_NODES for a cluster, not both' });
  }
  if (e.REDIS_CLUSTER_NODES !== undefined && !hasHashTag(String(e.QUEUE_PREFIX))) {
    context.addIssue({
      code: 'custom',
      path: ['QUEUE_PREFIX'],
      message: `must carry a hash tag in braces on a Redis Cluster, e.g. {${String(e.QUEUE_PREFIX).replace(/[{}]/g, '') || 'convene'}}: BullMQ needs every key of a queue in one slot`,
    });
  }
}, { when: () => true });

export interface RedisNode {
  host: string;
  port: number;
}

/** One Redis server by URL, or a Redis Cluster by the nodes it is first reached at. */
export type RedisTarget = { url: string } | { clusterNodes: RedisNode[] };

export interface AppConfig {
  role: AppRole;
  port: number;
  databaseUrl: string;
  redis: RedisTarget;
  queuePrefix: string;
  smtpUrl?: string;
  mailFrom: string;
  /** Where the daily reminder digests go unless a conference's policy names an address; default MAIL_FROM's. */
  secretariatEmail?: string;
  outboxDir: string;
  adminApiKey: string;
  publicBaseUrl: string;
  /**
   * Key of the personal links (RSVP, feedback): a link's token is a keyed hash of its invitation, so
   * the database alone (which keeps only hashes of tokens) cannot rebuild a link. Derived from
   * ADMIN_API_KEY when TOKEN_SECRET is not set; set it so rotating the admin key keeps links valid.
   * Imported once as a key: every link, check-in code and answer hashes with it.
   */
  tokenSecret: KeyObject;
  clock: 'system' | 'manual';
  webhookAllowPrivate: boolean;
  /** How long a delivered webhook delivery is kept before it is pruned; dead ones stay until their subscription is deleted. */
  webhookRetentionMs: number;
  runMigrations: boolean;
  /** Whether this process publishes committed domain events; on by default in every role. */
  outboxRelay: boolean;
  logLevel: string;
  tickIntervalMs: number;
  /** Requests per minute one client address may make to the public /rsvp pages; 0 turns the limit off. */
  rsvpRateLimit: number;
  /** Requests a minute per client address to /feedback (0: no limit), counted apart from /rsvp. */
  feedbackRateLimit: number;
  /** Proxies whose X-Forwarded-For (and -Proto, -Host) is believed; empty: the peer is the client. */
  trustedProxies: string[];
  /** A browser session ends after this long without a request, and in any case after sessionMaxMs. */
  sessionIdleMs: number;
  sessionMaxMs: number;
}

export class ConfigError extends Error {}

/** Validates the environment once; a bad value yields one line per problem naming the variable. */
function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message = issue.code === 'invalid_type' && blankless[name] === undefined ? 'is required' : issue.message;
      return `Invalid configuration: ${name} ${message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  return parsed.data;
}

/** What the migration command needs, validated the same way. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return parseEnv(envFields.pick({ DATABASE_URL: true }), env).DATABASE_URL;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnv(envSchema, env);
  return {
    role: e.APP_ROLE,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redis: e.REDIS_CLUSTER_NODES ? { clusterNodes: e.REDIS_CLUSTER_NODES } : { url: e.REDIS_URL! },
    queuePrefix: e.QUEUE_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secretariatEmail: e.SECRETARIAT_EMAIL,
    outboxDir: e.OUTBOX_DIR,
    adminApiKey: e.ADMIN_API_KEY,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    tokenSecret: createSecretKey(
      e.TOKEN_SECRET ? Buffer.from(e.TOKEN_SECRET, 'utf8') : Buffer.from(hkdfSync('sha256', e.ADMIN_API_KEY, 'convene', 'personal-link-tokens', 32)),
    ),
    clock: e.CONVENE_CLOCK,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    webhookRetentionMs: e.WEBHOOK_RETENTION_DAYS * 86_400_000,
    runMigrations: e.MIGRATIONS_RUN,
    outboxRelay: e.OUTBOX_RELAY,
    logLevel: e.LOG_LEVEL,
    tickIntervalMs: e.TICK_INTERVAL_MS,
    rsvpRateLimit: e.RSVP_RATE_LIMIT,
    feedbackRateLimit: e.FEEDBACK_RATE_LIMIT,
    trustedProxies: e.TRUSTED_PROXIES,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export const runsConsumers = (role: AppRole) => role === 'worker' || role === 'all';
export const servesHttp = (role: AppRole) => role === 'api' || role === 'all';
