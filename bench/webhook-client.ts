/**
 * `npm run bench:webhook-client [-- --posts 20000 --checkout <dir>]`: the webhook client alone, as
 * the worker uses it (the built dist/ of this checkout, or of another one for a before-and-after
 * comparison), posting a delivery's body with 128 in flight to a receiver in a child process.
 * Prints the sending process's CPU time per POST, which a busy shared machine sways far less than
 * the rate, and the rate.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { arg } from './support';

const POSTS = arg('posts', 20_000);
const WARM_UP = 3_000;
const IN_FLIGHT = 128;
const CHECKOUT = process.argv.includes('--checkout') ? process.argv[process.argv.indexOf('--checkout') + 1] : process.cwd();

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); }); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

interface Client {
  post(request: { url: string; body: string; headers: Record<string, string> }): Promise<{ ok: boolean; error: string | null }>;
  close(): void;
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WebhookClient } = require(join(CHECKOUT, 'dist/modules/webhooks/webhook-client.js')) as { WebhookClient: new (allowPrivate: boolean) => Client };
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => receiver.once('message', (m) => resolve(Number(m))));
  const client = new WebhookClient(true);
  const url = `http://127.0.0.1:${port}/subscriber-0`;
  const body = JSON.stringify({ id: 'evt_1', type: 'wave.completed', occurredAt: new Date().toISOString(), data: { waveId: 'bench', conferenceId: 'bench', state: 'completed', counts: { targeted: 1, alreadyInvited: 0, sent: 1, failed: 0 } } });
  const headers = { 'convene-signature': `t=1,v1=${'0'.repeat(64)}`, 'user-agent': 'Convene-Webhooks/1' };
  const run = async (total: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < total) {
          const response = await client.post({ url, body, headers });
          if (!response.ok) throw new Error(`POST failed: ${response.error}`);
        }
      }),
    );
  };
  try {
    const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
    await run(WARM_UP);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await run(POSTS);
    const cpu = process.cpuUsage(cpuBefore);
    const ms = performance.now() - started;
    console.log(`Webhook client${CHECKOUT === process.cwd() ? '' : `, built in ${CHECKOUT}`}: ${POSTS.toLocaleString('en')} POSTs, ${IN_FLIGHT} in flight`);
    console.log(`CPU per POST (the sender)   ${((cpu.user + cpu.system) / POSTS).toFixed(0)} µs, of which in the kernel ${(cpu.system / POSTS).toFixed(0)} µs`);
    console.log(`rate                        ${Math.round((POSTS / ms) * 1000).toLocaleString('en')} POSTs/s`);
    console.log(`load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    client.close();
    receiver.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
