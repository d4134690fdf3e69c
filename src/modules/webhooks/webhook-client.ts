import type { LookupFunction } from 'node:net';
import { Agent, Dispatcher } from 'undici';
import { WebhookAddressError, Resolver, checkHost, guardedLookup, systemResolver } from './webhook-address-guard';

/** How long one attempt may take, connection and response together. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Bytes of a response kept (for the delivery's record); the rest is discarded unread. */
export const RESPONSE_CAP_BYTES = 1024;
/** Bytes of a response read (and dropped past the cap) before the connection is cut. */
const DISCARD_LIMIT_BYTES = 64 * 1024;
/** Subscription URLs whose parsed form is kept; past this the cache starts over. */
const TARGETS_KEPT = 10_000;

/** A URL as a request needs it, parsed once: the name's addresses are still checked at every connect. */
interface Target {
  origin: string;
  path: string;
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookResponse {
  /** true for a 2xx answer. */
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, in a sentence; null when it succeeded. */
  error: string | null;
  /** The start of the response body, at most RESPONSE_CAP_BYTES. */
  excerpt: string;
}

/**
 * POSTs webhook deliveries through one undici agent (a keep-alive pool per origin) whose sockets
 * connect with a `lookup` that checks every address a name resolves to, at every connect; an IP
 * literal (which never goes through lookup) is checked before the request. The agent follows no
 * redirects: a 3xx is a failed attempt.
 */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolve: Resolver = systemResolver,
    maxSockets = 128,
  ) {
    const lookup = guardedLookup(allowPrivate, resolve) as unknown as LookupFunction;
    this.agent = new Agent({
      connections: maxSockets,
      connect: { lookup, timeout: WEBHOOK_TIMEOUT_MS },
      headersTimeout: WEBHOOK_TIMEOUT_MS,
      bodyTimeout: WEBHOOK_TIMEOUT_MS,
    });
  }

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    try {
      return await this.send(this.targets.get(request.url) ?? (await this.target(request.url)), request);
    } catch (error) {
      return { ok: false, statusCode: null, error: describe(error), excerpt: '' };
    }
  }

  close(): void {
    void this.agent.destroy().catch(() => undefined);
  }

  /** Parses and checks a URL not seen yet; only one that passes is kept. */
  private async target(raw: string): Promise<Target> {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookAddressError(`only http and https URLs receive webhooks, not ${url.protocol}`);
    // A literal address never reaches the agent's lookup, so it is checked here; it stands for the same address every time.
    await checkHostIfLiteral(url.hostname, this.allowPrivate, this.resolve);
    const target = { origin: url.origin, path: `${url.pathname}${url.search}` };
    if (this.targets.size >= TARGETS_KEPT) this.targets.clear();
    this.targets.set(raw, target);
    return target;
  }

  private send({ origin, path }: Target, request: WebhookRequest): Promise<WebhookResponse> {
    const body = Buffer.from(request.body, 'utf8');
    return new Promise((resolve, reject) => {
      let settled = false;
      let status = 0;
      let location: string | undefined;
      let controller: Dispatcher.DispatchController | undefined;
      const chunks: Buffer[] = [];
      let kept = 0;
      let read = 0;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const excerpt = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) return resolve({ ok: true, statusCode: status, error: null, excerpt });
        const error =
          status >= 300 && status < 400
            ? `the receiver answered ${status} (a redirect${location ? ` to ${truncate(location, 200)}` : ''}); redirects are not followed`
            : `the receiver answered ${status}`;
        resolve({ ok: false, statusCode: status, error, excerpt });
      };
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`);
        controller?.abort(error);
        fail(error);
      }, WEBHOOK_TIMEOUT_MS);
      this.agent.dispatch(
        { origin, path, method: 'POST', body, headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(body.length) } },
        {
          onRequestStart: (c) => {
            controller = c;
            if (settled) c.abort(new Error('timed out'));
          },
          onResponseStart: (_c, statusCode, headers) => {
            status = statusCode;
            const l = headers.location;
            location = Array.isArray(l) ? l[0] : l;
          },
          onResponseData: (c, chunk) => {
            read += chunk.length;
            if (kept < RESPONSE_CAP_BYTES) {
              const part = chunk.subarray(0, RESPONSE_CAP_BYTES - kept);
              chunks.push(part);
              kept += part.length;
            }
            // Far more than the cap: stop reading instead of downloading whatever the receiver sends.
            if (read > DISCARD_LIMIT_BYTES) {
              finish();
              c.abort(new Error('response too large'));
            }
          },
          onResponseEnd: () => finish(),
          onResponseError: (_c, error) => (status ? finish() : fail(error)),
        },
      );
    });
  }
}

async function checkHostIfLiteral(hostname: string, allowPrivate: boolean, resolve: Resolver): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(bare) || bare.includes(':')) await checkHost(bare, allowPrivate, resolve);
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof WebhookAddressError || e?.code === 'EWEBHOOKADDRESS') return `refused: ${e.message}`;
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `the host could not be resolved (${e.code})`;
  if (e?.code) return `the connection failed (${e.code}): ${e.message}`;
  return e?.message ?? String(error);
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
