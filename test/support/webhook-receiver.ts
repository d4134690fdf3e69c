import { IncomingHttpHeaders, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  raw: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  receivedAt: number;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly received: ReceivedDelivery[];
  /** Received deliveries of one event type, once per event id (what a receiver deduplicating by id keeps). */
  unique(type?: string): ReceivedDelivery[];
  /** Answers the next `count` requests with this status (and optional headers) instead of 200. */
  answer(status: number, count?: number | 'all', headers?: Record<string, string>): void;
  clear(): void;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every POST and answers 200 unless told otherwise. */
export async function startWebhookReceiver(options: { record?: boolean; onReceive?: (raw: string, at: number) => void } = {}): Promise<WebhookReceiver> {
  const record = options.record ?? true;
  const received: ReceivedDelivery[] = [];
  let scripted: { status: number; left: number; headers: Record<string, string> } = { status: 200, left: 0, headers: {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const at = Date.now();
      options.onReceive?.(raw, at);
      if (record) received.push({ path: req.url ?? '/', headers: req.headers, raw, body: raw ? JSON.parse(raw) : null, receivedAt: at });
      let status = 200;
      let headers: Record<string, string> = {};
      if (scripted.left > 0) {
        scripted.left--;
        status = scripted.status;
        headers = scripted.headers;
      }
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(status === 200 ? 'ok' : `refused with ${status}`);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    unique(type) {
      const seen = new Map<string, ReceivedDelivery>();
      for (const r of received) if ((!type || r.body.type === type) && !seen.has(r.body.id)) seen.set(r.body.id, r);
      return [...seen.values()];
    },
    answer(status, count = 1, headers = {}) {
      scripted = { status, left: count === 'all' ? Infinity : count, headers };
    },
    clear() {
      received.length = 0;
      scripted = { status: 200, left: 0, headers: {} };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
