import { Batcher } from './call-batcher';

describe('Batcher', () => {
  it('runs the first call at once and gathers those that arrive meanwhile, results in order', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number, number>(async (items) => {
      calls.push(items);
      if (calls.length === 1) await gate;
      return items.map((n) => n * 10);
    }, 500, 1);
    const first = batcher.add(1);
    const rest = [batcher.add(2), batcher.add(3), batcher.add(4)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every item of a failed call, and goes on with the next', async () => {
    let fail = true;
    const batcher = new Batcher<string, string>(async (items) => {
      if (fail) throw new Error('database gone');
      return items;
    }, 2, 1);
    await expect(batcher.add('a')).rejects.toThrow('database gone');
    fail = false;
    expect(await Promise.all([batcher.add('b'), batcher.add('c'), batcher.add('d')])).toEqual(['b', 'c', 'd']);
  });
});
