import { compileRuleCheck } from '../../../platform/http/rule-check';
import { createValidationPipe } from '../../../platform/http/validation';
import { formToAnswer } from '../rsvp-form';
import { RsvpAnswerDto } from './rsvp.dto';

/** A small deterministic generator (mulberry32), so a failing body can be found again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OMIT = Symbol('omit');
const TEXT = ['', ' ', 'Olga Ivanova', 'x'.repeat(200), 'x'.repeat(201), '\uFE0F', '\uD83D\uDE00'.repeat(200), 'x'.repeat(1000), 'x'.repeat(1001), 7, null, true];
const EMAILS = ['o.ivanova@mission.example', 'a@b', 'not an address', `${'x'.repeat(250)}@b.example`, 'first.last@sub.mission.bench', '', 3];
const CAPACITIES = ['head', 'delegate', 'alternate', 'adviser', 'observer', 'boss', '', null];
const BOOLEANS = [true, false, 'true', 1, null];
const DATES = ['2019-10-02', '2019-02-30', '2019-1-1', '2024-02-29', '2023-02-29', 20191002, null, ''];
const UUIDS = ['0b6f1a7e-7d3a-4c59-9a6e-2f4a3c1d5e6f', '00000000-0000-0000-0000-000000000000', 'nope', null];

describe('the RSVP answer rules', () => {
  const passes = compileRuleCheck(RsvpAnswerDto);
  const pipe = createValidationPipe();
  const viaPipe = (body: unknown) =>
    pipe.transform(body, { type: 'body', metatype: RsvpAnswerDto }).then(
      (dto: unknown) => ({ ok: true as const, dto }),
      () => ({ ok: false as const }),
    );

  it('take the answers a wave brings without the pipe, and the pipe takes them the same', async () => {
    const usual = [
      { response: 'decline' },
      { response: 'accept' },
      { response: 'accept', needsVisaLetter: true, delegates: [{ fullName: 'Adviser 1', email: 'adviser1@mission.bench', capacity: 'adviser' }] },
      formToAnswer({ response: 'accept', needsVisaLetter: 'on', 'delegates[0][fullName]': 'Olga Ivanova', 'delegates[0][email]': 'o.ivanova@mission.example' }),
    ];
    for (const body of usual) {
      expect(passes(body)).toBe(true);
      const piped = await viaPipe(body);
      expect(piped.ok && JSON.parse(JSON.stringify(piped.dto))).toEqual(body);
    }
  });

  it('accept only what the validation pipe accepts, as it would return it, over 3,000 generated bodies', async () => {
    const next = random(20191002);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const maybe = <T>(items: readonly T[]): T | typeof OMIT => (next() < 0.5 ? OMIT : pick(items));
    const object = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== OMIT));
    const delegate = () =>
      object({
        fullName: next() < 0.8 ? pick(['Olga Ivanova', 'A', ...TEXT]) : OMIT,
        email: next() < 0.8 ? pick(EMAILS) : OMIT,
        jobTitle: maybe(TEXT),
        capacity: maybe(CAPACITIES),
        needsVisaLetter: maybe(BOOLEANS),
        accessibilityNeeds: maybe(TEXT),
        replaces: maybe(UUIDS),
        ...(next() < 0.05 ? { badge: 'extra' } : {}),
      });
    const delegates = () => {
      const roll = next();
      if (roll < 0.1) return pick([null, 'Olga', [1], [[delegate()]], delegate(), [null]]);
      return Array.from({ length: Math.floor(next() * 4) }, delegate);
    };

    let taken = 0;
    for (let i = 0; i < 3_000; i++) {
      const body = object({
        response: next() < 0.9 ? pick(['accept', 'accept', 'decline', 'maybe', 1, null]) : OMIT,
        delegates: next() < 0.5 ? delegates() : OMIT,
        capacity: maybe(CAPACITIES),
        needsVisaLetter: maybe(BOOLEANS),
        accessibilityNeeds: maybe(TEXT),
        arrivalOn: maybe(DATES),
        departureOn: maybe(DATES),
        ...(next() < 0.05 ? { comment: 'extra' } : {}),
      });
      if (!passes(body)) continue;
      taken++;
      const piped = await viaPipe(body);
      // What the check takes, the pipe takes too, and returns with the same content.
      expect({ body, ok: piped.ok }).toEqual({ body, ok: true });
      expect(JSON.parse(JSON.stringify(piped.ok && piped.dto))).toEqual(JSON.parse(JSON.stringify(body)));
    }
    // The generator reaches both sides of the rules.
    expect(taken).toBeGreaterThan(100);
    expect(taken).toBeLessThan(2_000);
  });
});
