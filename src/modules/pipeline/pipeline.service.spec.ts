import { PipelineService, PipelineView } from './pipeline.service';

/** A compute() the test finishes by hand, to see which requests share which computation. */
function harness() {
  const service = new PipelineService(...(Array(6).fill({}) as ConstructorParameters<typeof PipelineService>));
  const started: Array<{ seriesId?: string; finish: (view: PipelineView) => void; fail: (error: Error) => void }> = [];
  jest.spyOn(service as unknown as { compute: (seriesId?: string) => Promise<PipelineView> }, 'compute').mockImplementation(
    (seriesId?: string) => new Promise<PipelineView>((finish, fail) => started.push({ seriesId, finish, fail })),
  );
  const view = (n: number) => ({ generatedAt: String(n) }) as PipelineView;
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { service, started, view, tick };
}

describe('PipelineService.view', () => {
  it('lets requests that arrive during a computation share the next one, never the one in progress', async () => {
    const { service, started, view, tick } = harness();
    const first = service.view();
    const second = service.view();
    const third = service.view();
    expect(started).toHaveLength(1);

    started[0].finish(view(1));
    await expect(first).resolves.toEqual(view(1));
    await tick();
    expect(started).toHaveLength(2);
    started[1].finish(view(2));
    await expect(second).resolves.toEqual(view(2));
    await expect(third).resolves.toEqual(view(2));

    const later = service.view();
    await tick();
    expect(started).toHaveLength(3);
    started[2].finish(view(3));
    await expect(later).resolves.toEqual(view(3));
  });

  it('keeps each series filter apart', async () => {
    const { service, started } = harness();
    void service.view('a');
    void service.view('b');
    void service.view();
    expect(started.map((s) => s.seriesId)).toEqual(['a', 'b', undefined]);
  });

  it('fails only the requests of a computation that fails', async () => {
    const { service, started, view, tick } = harness();
    const failing = service.view();
    const waiting = service.view();
    started[0].fail(new Error('database restarting'));
    await expect(failing).rejects.toThrow('database restarting');
    await tick();
    started[1].finish(view(2));
    await expect(waiting).resolves.toEqual(view(2));
  });
});
