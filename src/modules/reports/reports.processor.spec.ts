import { UnrecoverableError } from 'bullmq';
import { ReportsProcessor } from './reports.processor';

describe('ReportsProcessor', () => {
  const reports = { generate: jest.fn(() => Promise.resolve({ outcome: 'done' as const })) };
  const summit = { generate: jest.fn(() => Promise.resolve({ outcome: 'done' as const })) };
  const processor = new ReportsProcessor(reports as never, summit as never);
  const job = (name: string, data: unknown) => ({ name, data, queueName: 'reports', id: '1', attemptsMade: 0, opts: { attempts: 8 } }) as never;
  const id = '9b2f6c1e-4a4f-4d36-9a53-5f0e8d1c2b3a';

  beforeAll(() => {
    jest.spyOn(processor['logger'], 'warn').mockImplementation(() => undefined);
    jest.spyOn(processor['logger'], 'debug').mockImplementation(() => undefined);
  });
  beforeEach(() => jest.clearAllMocks());

  it('builds the generation of the report the job names', async () => {
    await expect(processor.process(job('generate', { conferenceId: id, generation: 3 }))).resolves.toMatchObject({ outcome: 'done' });
    expect(reports.generate).toHaveBeenCalledWith(id, 3);
    await processor.process(job('summit', { seriesId: id, generation: 1 }));
    expect(summit.generate).toHaveBeenCalledWith(id, 1);
  });

  it('fails a job with a wrong payload once, with the reason, and without retrying it', async () => {
    await expect(processor.process(job('generate', { conferenceId: id }))).rejects.toThrow('job generate: malformed payload: generation must be an integer');
    await expect(processor.process(job('summit', { seriesId: 'series-1', generation: 1 }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job('rebuild', {}))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(reports.generate).not.toHaveBeenCalled();
    expect(summit.generate).not.toHaveBeenCalled();
  });
});
