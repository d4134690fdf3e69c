import { DEFAULT_SIZE, FAST_SIZE, answerOf, attends, delegatesOf, demoDirectory, languageOf, memberStates, regionalAudience, summitAudience } from './demo-directory';

describe('demo directory', () => {
  const directory = demoDirectory();

  it('holds one mission per Member State, the organisations and the others, each address once', () => {
    expect(memberStates()).toHaveLength(193);
    expect(directory.filter((c) => c.stakeholderType === 'member_state')).toHaveLength(193);
    expect(directory.filter((c) => ['international_org', 'regional_org'].includes(c.stakeholderType))).toHaveLength(10);
    expect(directory.filter((c) => ['civil_society', 'academia', 'private_sector'].includes(c.stakeholderType))).toHaveLength(20);
    expect(new Set(directory.map((c) => c.email.toLowerCase())).size).toBe(directory.length);
    for (const c of directory) expect(c.email).toMatch(/^[a-z.0-9]+@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.example\.org$/);
    expect(directory.find((c) => c.country === 'BY' && c.stakeholderType === 'member_state')).toMatchObject({
      honorific: expect.stringMatching(/^H\.E\. M[rs]\.$/),
      organisation: 'Permanent Mission of Belarus to the United Nations',
      language: 'ru',
    });
  });

  it('writes to missions in their language where it is obvious', () => {
    expect([languageOf('EG'), languageOf('CN'), languageOf('KZ'), languageOf('MX'), languageOf('SN'), languageOf('JP')]).toEqual(['ar', 'zh', 'ru', 'es', 'fr', 'en']);
  });

  it('answers the same way every run, mostly accepting, within the quota', () => {
    const answers = directory.map((c) => answerOf(c.email, 'Minsk'));
    expect(directory.map((c) => answerOf(c.email, 'Minsk'))).toEqual(answers);
    const share = (a: string) => answers.filter((x) => x === a).length / answers.length;
    expect(share('accept')).toBeGreaterThan(0.6);
    expect(share('decline')).toBeGreaterThan(0.08);
    expect(share('silent')).toBeGreaterThan(0.08);
    expect(delegatesOf('a@b.example.org', 0)).toEqual([]);
    const delegates = delegatesOf('a@b.example.org', 4);
    expect(delegates.length).toBeGreaterThanOrEqual(1);
    expect(delegates.length).toBeLessThanOrEqual(2);
    expect(delegates[0]).toMatchObject({ capacity: 'delegate', email: expect.stringMatching(/@b\.example\.org$/) });
  });

  it('invites about 55 Member States, those of the host region first, China among them, and ten organisations', () => {
    const audience = regionalAudience(directory, 'BY', 'Minsk', DEFAULT_SIZE);
    const states = audience.filter((c) => c.stakeholderType === 'member_state');
    expect(states).toHaveLength(DEFAULT_SIZE.memberStates);
    expect(states[0].country).toBe('BY');
    expect(states.map((c) => c.country)).toContain('CN');
    expect(new Set(audience.map((c) => c.language))).toEqual(new Set(['ar', 'zh', 'en', 'fr', 'ru', 'es']));
    expect(audience.filter((c) => ['international_org', 'regional_org'].includes(c.stakeholderType))).toHaveLength(10);
    expect(regionalAudience(directory, 'BY', 'Minsk', DEFAULT_SIZE)).toEqual(audience);
    expect(regionalAudience(directory, 'BY', 'Minsk', DEFAULT_SIZE, 3)).not.toEqual(audience);
    expect(summitAudience(directory, DEFAULT_SIZE).filter((c) => c.stakeholderType === 'member_state')).toHaveLength(193);
    expect(regionalAudience(directory, 'BY', 'Minsk', FAST_SIZE)).toHaveLength(FAST_SIZE.memberStates + FAST_SIZE.organisations + FAST_SIZE.society);
  });

  it('names delegates within the range and the quota, and keeps about one in ten away from the door', () => {
    const counts = directory.map((c) => delegatesOf(c.email, 10, [4, 9]).length);
    expect(Math.min(...counts)).toBe(4);
    expect(Math.max(...counts)).toBe(9);
    expect(delegatesOf('a@b.example.org', 3, [4, 9])).toHaveLength(3);
    const away = directory.filter((c) => !attends(c.email, 'Minsk')).length / directory.length;
    expect(away).toBeGreaterThan(0.04);
    expect(away).toBeLessThan(0.16);
  });
});
