import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderThreads } from './render-threads';

/** A thread script speaking serveRenders()' protocol in plain JavaScript (a thread cannot load the TypeScript sources). */
const SCRIPT = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', ({ id, input }) => {
  if (input === 'die') process.exit(3);
  if (input === 'fail') return parentPort.postMessage({ id, error: 'cannot draw fail' });
  parentPort.postMessage({ id, pdf: Buffer.from(input + '@' + threadId) });
});
`;

describe('RenderThreads', () => {
  let folder: string;
  let script: string;
  const inProcess = async (input: string) => Buffer.from(`${input}@main`);

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'convene-threads-'));
    script = join(folder, 'thread.js');
    writeFileSync(script, SCRIPT);
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('answers each task with its own document, the tasks shared out between the threads', async () => {
    const threads = new RenderThreads(script, 2, inProcess);
    try {
      const inputs = Array.from({ length: 10 }, (_, i) => `badge-${i}`);
      const answers = (await Promise.all(inputs.map((input) => threads.render(input)))).map((pdf) => pdf.toString().split('@'));
      expect(answers.map(([input]) => input)).toEqual(inputs);
      const used = new Set(answers.map(([, thread]) => thread));
      expect(used.size).toBe(2);
      expect(used.has('main')).toBe(false);
    } finally {
      await threads.close();
    }
  });

  it('fails only the task a thread could not draw, and replaces a thread that died', async () => {
    const threads = new RenderThreads(script, 1, inProcess);
    try {
      const [failed, drawn] = await Promise.allSettled([threads.render('fail'), threads.render('next')]);
      expect(failed).toMatchObject({ status: 'rejected', reason: new Error('cannot draw fail') });
      expect(drawn.status).toBe('fulfilled');
      const first = (await threads.render('before')).toString().split('@')[1];
      await expect(threads.render('die')).rejects.toThrow(/document thread stopped \(exit code 3\)/);
      const after = (await threads.render('after')).toString().split('@');
      expect(after[0]).toBe('after');
      expect(after[1]).not.toBe(first);
    } finally {
      await threads.close();
    }
  });

  it('draws on the event loop with no threads configured or no compiled script', async () => {
    for (const threads of [new RenderThreads(script, 0, inProcess), new RenderThreads(join(folder, 'thread.ts'), 2, inProcess)]) {
      expect(threads.threaded).toBe(false);
      expect((await threads.render('badge')).toString()).toBe('badge@main');
    }
  });
});
