import { ScanBatches } from './check-in-batches';

describe('ScanBatches', () => {
  const item = (key: string) => ({ key });

  it('records a burst together, and a key twice only after its first batch ended', async () => {
    const batches: string[][] = [];
    const release: Array<() => void> = [];
    const scans = new ScanBatches<{ key: string }>((batch) => {
      batches.push(batch.map((b) => b.key));
      return new Promise<void>((resolve) => release.push(resolve));
    });
    for (const key of ['a', 'b', 'a', 'c']) scans.submit(item(key));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a', 'b', 'c']]);
    scans.submit(item('d'));
    scans.submit(item('b'));
    await new Promise((resolve) => setImmediate(resolve));
    // The second batch takes what no batch under way holds; 'a' and 'b' wait for the first to end.
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
    release[0]();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches[2]).toEqual(['a', 'b']);
    release[1]();
    release[2]();
    await scans.drain();
    expect(batches).toHaveLength(3);
  });
});
