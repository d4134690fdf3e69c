import { directionOf, visualRuns } from './text-runs';

const shown = (text: string, base: 'ltr' | 'rtl') => visualRuns(text, base).map((run) => [run.text, run.family, run.rtl]);

describe('visualRuns', () => {
  it('keeps a Latin line as one run in the Latin font', () => {
    expect(shown('Minsk, 2019 (Belarus)', 'ltr')).toEqual([['Minsk, 2019 (Belarus)', 'latin', false]]);
  });

  // An Arabic run is given in reading order: the shaping engine lays it out right to left itself.
  // Spaces are runs of their own, in the Latin font.
  it('draws an Arabic phrase in the Arabic font, after the Latin text it follows, its words right to left', () => {
    expect(shown('Abu Dhabi — أبو ظبي', 'ltr')).toEqual([
      ['Abu Dhabi — ', 'latin', false],
      ['ظبي', 'arabic', true],
      [' ', 'latin', true],
      ['أبو', 'arabic', true],
    ]);
  });

  it('places an embedded Latin title left of the Arabic word read before it', () => {
    expect(shown('مؤتمر Abu Dhabi 2027', 'rtl')).toEqual([
      ['Abu Dhabi 2027', 'latin', false],
      [' ', 'latin', true],
      ['مؤتمر', 'arabic', true],
    ]);
  });

  it('orders the words of an Arabic sentence right to left and keeps its numbers left to right', () => {
    expect(shown('رقم 2027 في فيينا', 'rtl').map(([text]) => text)).toEqual(['فيينا', ' ', 'في', ' ', '2027', ' ', 'رقم']);
  });

  it('mirrors brackets in right-to-left text and drops the isolates it was given', () => {
    expect(shown('\u2068مؤتمر (فيينا)\u2069', 'rtl')).toEqual([
      ['(', 'latin', true],
      ['فيينا', 'arabic', true],
      [') ', 'latin', true],
      ['مؤتمر', 'arabic', true],
    ]);
  });

  it('gives Chinese its own font and keeps Cyrillic in the Latin one', () => {
    expect(shown('反恐会议 Минск', 'ltr')).toEqual([
      ['反恐会议 ', 'cjk', false],
      ['Минск', 'latin', false],
    ]);
  });

  it('tells the direction of a text by its first strong character', () => {
    expect(directionOf('2027 مؤتمر')).toBe('rtl');
    expect(directionOf('Vienna مؤتمر')).toBe('ltr');
    expect(directionOf('2027')).toBe('ltr');
  });
});
