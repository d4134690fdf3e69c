import { UnrecoverableError } from 'bullmq';
import { WebhooksProcessor } from './webhooks.processor';

describe('WebhooksProcessor', () => {
  const deliverer = { attempt: jest.fn(() => Promise.resolve({ outcome: 'delivered', detail: '200' })) };
  const processor = new WebhooksProcessor(deliverer as never, {} as never, {} as never, {} as never);
  const job = (data: unknown) => ({ name: 'deliver', data, queueName: 'webhooks', id: '1', attemptsMade: 0, opts: { attempts: 3 } }) as never;
  const id = '9b2f6c1e-4a4f-4d36-9a53-5f0e8d1c2b3a';

  beforeAll(() => {
    jest.spyOn(processor['logger'], 'warn').mockImplementation(() => undefined);
    jest.spyOn(processor['logger'], 'debug').mockImplementation(() => undefined);
  });
  beforeEach(() => deliverer.attempt.mockClear());

  it('makes the attempt the job names', async () => {
    await expect(processor.process(job({ deliveryId: id, attempt: 2 }))).resolves.toMatchObject({ outcome: 'done' });
    expect(deliverer.attempt).toHaveBeenCalledWith(id, 2);
  });

  it('fails a job with a wrong payload once, with the reason, and without retrying it', async () => {
    await expect(processor.process(job({ deliveryId: id, attempt: '2' }))).rejects.toThrow('job deliver: malformed payload: attempt must be an integer');
    await expect(processor.process(job({ delivery: id, attempt: 1 }))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(deliverer.attempt).not.toHaveBeenCalled();
  });
});
