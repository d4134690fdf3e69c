import { AttemptContext } from './webhook-deliveries';
import { HANDOFF_TTL_MS, WebhookHandoff } from './webhook-handoff';

const ctx = (deliveryId: string): AttemptContext => ({
  deliveryId,
  subscriptionId: 'sub',
  status: 'pending',
  attempts: 0,
  body: '{}',
  givesUpAt: new Date('2027-01-02T00:00:00Z'),
  url: 'http://hook.example/',
  secretSealed: Buffer.from('sealed'),
  disabled: false,
});

describe('WebhookHandoff', () => {
  let now = 1_000;
  beforeEach(() => jest.spyOn(performance, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('hands a delivery to its first attempt once; a second run of the job reads the row', () => {
    const handoff = new WebhookHandoff();
    handoff.keep([ctx('a'), ctx('b')]);
    expect(handoff.take('a', 1)).toMatchObject({ deliveryId: 'a', attempts: 0 });
    expect(handoff.take('a', 1)).toBeNull();
    expect(handoff.size).toBe(1);
  });

  it('hands nothing to a later attempt or after the entry grew old, and drops it either way', () => {
    const handoff = new WebhookHandoff();
    handoff.keep([ctx('a'), ctx('b')]);
    expect(handoff.take('a', 2)).toBeNull();
    now += HANDOFF_TTL_MS + 1;
    expect(handoff.take('b', 1)).toBeNull();
    expect(handoff.size).toBe(0);
  });
});
