import { UnrecoverableError } from 'bullmq';
import { OffersProcessor } from './offers.processor';

describe('OffersProcessor', () => {
  const offers = { offer: jest.fn(() => Promise.resolve(['inv-1'])), sweep: jest.fn(() => Promise.resolve(0)) };
  const processor = new OffersProcessor(offers as never, {} as never, {} as never);
  const job = (data: unknown) => ({ name: 'offer-places', data, queueName: 'confirmations', id: '1', attemptsMade: 0, opts: { attempts: 8 } }) as never;

  beforeAll(() => {
    jest.spyOn(processor['logger'], 'warn').mockImplementation(() => undefined);
    jest.spyOn(processor['logger'], 'debug').mockImplementation(() => undefined);
  });
  beforeEach(() => offers.offer.mockClear());

  it('offers the places of the conference the job names', async () => {
    await expect(processor.process(job({ conferenceId: '9b2f6c1e-4a4f-4d36-9a53-5f0e8d1c2b3a' }))).resolves.toMatchObject({ outcome: 'done' });
    expect(offers.offer).toHaveBeenCalledWith('9b2f6c1e-4a4f-4d36-9a53-5f0e8d1c2b3a');
  });

  it('fails a job with a wrong payload once, with the reason, and without retrying it', async () => {
    const failure = processor.process(job({ conference: 'conf-1' }));
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job({ conferenceId: 42 }))).rejects.toThrow('job offer-places: malformed payload: conferenceId must be a UUID');
    expect(offers.offer).not.toHaveBeenCalled();
  });
});
