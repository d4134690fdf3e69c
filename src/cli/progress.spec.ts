import { Writable } from 'node:stream';
import { progressBar } from './progress';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  const target = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(target, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { target, written };
};

describe('progressBar', () => {
  it('draws on a terminal, up to 100 %', () => {
    const { target, written } = stream(true);
    const bar = progressBar(target, 'invitations');
    bar.update(1, 4, 'dispatching');
    bar.update(4, 4, 'completed');
    bar.stop();
    expect(written.join('')).toContain('100% | 4/4 invitations completed');
  });

  it('prints nothing when the output is not a terminal', () => {
    const { target, written } = stream(false);
    const bar = progressBar(target, 'bytes');
    bar.update(10, 10);
    bar.stop();
    expect(written).toEqual([]);
  });
});
