import { SingleBar } from 'cli-progress';

/** A bar that is drawn only on a terminal; in a pipe, a log or a test it prints nothing. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progressBar(stream: NodeJS.WriteStream | undefined, unit: string): Progress {
  if (!stream?.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream, format: `{bar} {percentage}% | {value}/{total} ${unit} {label}`, hideCursor: true, clearOnComplete: false, barsize: 30 });
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { label });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
