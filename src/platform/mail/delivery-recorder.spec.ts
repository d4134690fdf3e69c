import { DeliveryRecorder } from './delivery-recorder';

describe('DeliveryRecorder', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  it('writes the acceptances of one window together, once the window has passed', async () => {
    const writes: number[][] = [];
    const recorder = new DeliveryRecorder<number>(async (items) => void writes.push(items), 20, 100);
    recorder.add(1);
    jest.advanceTimersByTime(10);
    recorder.add(2);
    await settle();
    expect(writes).toEqual([]);
    jest.advanceTimersByTime(10);
    await settle();
    expect(writes).toEqual([[1, 2]]);
    recorder.add(3);
    jest.advanceTimersByTime(20);
    await settle();
    expect(writes).toEqual([[1, 2], [3]]);
    expect(recorder.recorded).toBe(3);
  });

  it('writes a full batch at once, without waiting for writes under way, up to the limit of writes at once', async () => {
    const writes: number[][] = [];
    const releases: Array<() => void> = [];
    const recorder = new DeliveryRecorder<number>((items) => {
      writes.push(items);
      return new Promise<void>((resolve) => releases.push(resolve));
    }, 20, 3, 2);
    [1, 2, 3].forEach((n) => recorder.add(n));
    expect(writes).toEqual([[1, 2, 3]]);
    [4, 5, 6].forEach((n) => recorder.add(n));
    expect(writes).toEqual([[1, 2, 3], [4, 5, 6]]);
    [7, 8].forEach((n) => recorder.add(n));
    jest.advanceTimersByTime(100);
    expect(writes).toHaveLength(2);
    releases[1]();
    await settle();
    expect(writes).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
    expect(recorder.recorded).toBe(3);
  });

  it('drain() waits for the older of two writes under way even when the newer one ends first', async () => {
    const releases: Array<() => void> = [];
    const recorder = new DeliveryRecorder<number>(() => new Promise<void>((resolve) => releases.push(resolve)), 20, 1);
    recorder.add(1);
    let drained = false;
    const draining = recorder.drain().then(() => (drained = true));
    recorder.add(2);
    releases[1]();
    await settle();
    expect(drained).toBe(false);
    releases[0]();
    await draining;
    expect(recorder.recorded).toBe(2);
  });

  it('keeps what a failed write held, writes it again, and drain() throws if the last try fails', async () => {
    const writes: number[][] = [];
    let failing = 2;
    const recorder = new DeliveryRecorder<number>(async (items) => {
      writes.push(items);
      if (failing-- > 0) throw new Error('database gone');
    }, 20, 100);
    recorder.add(1);
    jest.advanceTimersByTime(20);
    await settle();
    recorder.add(2);
    await expect(recorder.drain()).rejects.toThrow('database gone');
    expect(recorder.recorded).toBe(0);
    await recorder.drain();
    expect(writes).toEqual([[1], [1, 2], [1, 2]]);
    expect(recorder.recorded).toBe(2);
  });

  it('drain() resolves at once with nothing pending and waits for a write under way', async () => {
    let release!: () => void;
    const recorder = new DeliveryRecorder<number>(() => new Promise<void>((resolve) => (release = resolve)), 20, 1);
    await recorder.drain();
    recorder.add(1);
    let drained = false;
    const draining = recorder.drain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    release();
    await draining;
    expect(recorder.recorded).toBe(1);
  });

  it('drain() waits for what was added before it, not for what other callers add meanwhile', async () => {
    const releases: Array<() => void> = [];
    const writes: number[][] = [];
    const recorder = new DeliveryRecorder<number>((items) => {
      writes.push(items);
      return new Promise<void>((resolve) => releases.push(resolve));
    }, 20, 1);
    recorder.add(1);
    let drained = false;
    const draining = recorder.drain().then(() => (drained = true));
    recorder.add(2);
    releases[0]();
    await settle();
    expect(drained).toBe(true);
    expect(writes).toEqual([[1], [2]]);
    releases[1]();
    await draining;
  });
});
