import { existsSync } from 'node:fs';
import { Worker, parentPort } from 'node:worker_threads';

type Render<I> = (input: I) => Promise<Buffer>;

interface Task {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  tasks: Map<number, Task>;
}

/** What a thread answers for one task: the document's bytes, or why it could not be drawn. */
type Answer = { id: number; pdf: Uint8Array } | { id: number; error: string };

/**
 * Documents rendered in a few threads of their own, each task sent to the thread with the fewest
 * under way, so rendering (CPU work) uses every core while the event loop keeps to queues and the
 * database. Written on node:worker_threads rather than a pool library: one kind of task and a fixed
 * number of threads is all it needs. Threads start with the first document (a process that never
 * renders starts none); a thread that dies fails its tasks and is replaced by the next document.
 * Without threads (none configured, or run from the TypeScript sources, which a thread cannot load)
 * documents are rendered on the event loop.
 */
export class RenderThreads<I> {
  private readonly threads: Thread[] = [];
  private readonly useThreads: boolean;
  private nextId = 0;
  private closed = false;

  /** `script` is the compiled module that calls serveRenders() with the same renderer as `inProcess`. */
  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly inProcess: Render<I>,
  ) {
    this.useThreads = size > 0 && script.endsWith('.js') && existsSync(script);
  }

  /** Whether documents are drawn in threads (false: on the event loop). */
  get threaded(): boolean {
    return this.useThreads;
  }

  render(input: I): Promise<Buffer> {
    if (!this.useThreads) return this.inProcess(input);
    if (this.closed) return Promise.reject(new Error('The document threads are closed.'));
    while (this.threads.length < this.size) this.threads.push(this.start());
    const thread = this.threads.reduce((least, t) => (t.tasks.size < least.tasks.size ? t : least));
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      thread.tasks.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private start(): Thread {
    const worker = new Worker(this.script);
    // Only tasks under way keep the process alive, never an idle thread.
    worker.unref();
    const thread: Thread = { worker, tasks: new Map() };
    worker.on('message', (answer: Answer) => {
      const task = thread.tasks.get(answer.id);
      if (!task) return;
      thread.tasks.delete(answer.id);
      if (thread.tasks.size === 0) worker.unref();
      if ('error' in answer) task.reject(new Error(answer.error));
      else task.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
    });
    const fail = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const task of thread.tasks.values()) task.reject(error);
      thread.tasks.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`A document thread stopped (exit code ${code}) before it answered.`)));
    return thread;
  }
}

/** The body of a thread's script: renders every task it is sent and answers with the bytes or the error. */
export function serveRenders<I>(render: Render<I>): void {
  const port = parentPort;
  if (!port) throw new Error('serveRenders() runs in a document thread, started by RenderThreads.');
  port.on('message', ({ id, input }: { id: number; input: I }) => {
    render(input).then(
      (pdf) => port.postMessage({ id, pdf } satisfies Answer),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Answer),
    );
  });
}
