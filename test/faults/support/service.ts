import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The built service (dist/main.js) in one role, as a child process the suite can kill. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly role: 'api' | 'worker',
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    readonly port?: number,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, APP_ROLE: this.role, ...(this.port ? { PORT: String(this.port) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    if (this.port) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          if ((await fetch(`http://127.0.0.1:${this.port}/health`)).ok) return;
        } catch {
          // not listening yet
        }
        if (!this.running) throw new Error(`the ${this.role} process exited while starting; see ${this.logFile}`);
        if (Date.now() > deadline) throw new Error(`the ${this.role} process did not answer /health within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Sends the signal; resolves with the ms the process took to exit (Infinity past the limit, then killed). */
  async signal(signal: NodeJS.Signals, limitMs = 60_000): Promise<number> {
    if (!this.running) return 0;
    const started = performance.now();
    this.child!.kill(signal);
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), limitMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'late') {
      this.child!.kill('SIGKILL');
      await this.exited;
      return Infinity;
    }
    return performance.now() - started;
  }

  kill9 = () => this.signal('SIGKILL');
  stop = () => this.signal('SIGTERM');
}
