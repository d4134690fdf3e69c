import { parseDemoArgs } from './demo';

describe('parseDemoArgs', () => {
  it('takes --fast, --keep and --seed N, and refuses anything else with the reason', () => {
    expect(parseDemoArgs([])).toEqual({});
    expect(parseDemoArgs(['--fast', '--seed', '7', '--keep'])).toEqual({ fast: true, seed: 7, keep: true });
    expect(parseDemoArgs(['--seed=12'])).toEqual({ seed: 12 });
    expect(() => parseDemoArgs(['--seed'])).toThrow('--seed needs a whole number, not nothing.');
    expect(() => parseDemoArgs(['--seed', 'x'])).toThrow('--seed needs a whole number, not x.');
    expect(() => parseDemoArgs(['--slow'])).toThrow('Unknown option --slow; the demo takes --fast, --keep and --seed N.');
  });
});
