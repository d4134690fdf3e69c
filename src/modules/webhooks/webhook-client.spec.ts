import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { RESPONSE_CAP_BYTES, WebhookClient } from './webhook-client';

describe('WebhookClient', () => {
  let server: Server;
  let base: string;
  let handler: (path: string, res: import('node:http').ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => handler(req.url ?? '/', res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps at most the cap of a large answer and cuts the rest off', async () => {
    handler = (_path, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('x'.repeat(4 * 1024 * 1024));
    };
    const client = new WebhookClient(true);
    const response = await client.post({ url: `${base}/big`, body: '{}', headers: {} });
    client.close();
    expect(response).toMatchObject({ ok: false, statusCode: 500, error: 'the receiver answered 500' });
    expect(response.excerpt).toHaveLength(RESPONSE_CAP_BYTES);
  });

  it('treats a redirect as a failure and never follows it', async () => {
    const seen: string[] = [];
    handler = (path, res) => {
      seen.push(path);
      res.writeHead(path === '/start' ? 307 : 200, { location: '/elsewhere' });
      res.end();
    };
    const client = new WebhookClient(true);
    const response = await client.post({ url: `${base}/start`, body: '{}', headers: {} });
    client.close();
    expect(response).toMatchObject({ ok: false, statusCode: 307, error: expect.stringContaining('redirects are not followed') });
    expect(seen).toEqual(['/start']);
  });

  it('refuses loopback before connecting unless private addresses are allowed', async () => {
    handler = (_path, res) => res.end('ok');
    const strict = new WebhookClient(false);
    expect(await strict.post({ url: `${base}/x`, body: '{}', headers: {} })).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
    const localhost = `http://localhost:${new URL(base).port}/x`;
    expect(await strict.post({ url: localhost, body: '{}', headers: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: localhost resolves to .* loopback/) });
    strict.close();
    const lenient = new WebhookClient(true);
    expect(await lenient.post({ url: `${base}/x`, body: '{}', headers: {} })).toMatchObject({ ok: true, statusCode: 200 });
    lenient.close();
  });

  it('refuses a literal and checks a name at every connect, however often the same URL is posted to', async () => {
    let served = 0;
    handler = (_path, res) => {
      served++;
      res.end('ok');
    };
    const port = new URL(base).port;
    let resolved = 0;
    const client = new WebhookClient(false, async () => {
      resolved++;
      return [{ address: '127.0.0.1', family: 4 }];
    });
    for (let i = 0; i < 2; i++) {
      expect(await client.post({ url: `${base}/x`, body: '{}', headers: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback/) });
      expect(await client.post({ url: `http://hook.example:${port}/x`, body: '{}', headers: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: hook\.example resolves to 127\.0\.0\.1/) });
    }
    expect(resolved).toBe(2);
    expect(served).toBe(0);
    client.close();
  });
});
