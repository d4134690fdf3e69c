import bidiFactory from 'bidi-js';
import { familyOf, FONT_FAMILIES, FontFamily, parsedFont } from './document-fonts';

export type Direction = 'ltr' | 'rtl';

/** A piece of a line drawn in one font at one embedding level, in the order it is drawn (left to right). */
export interface TextRun {
  text: string;
  family: FontFamily;
  rtl: boolean;
}

const bidi = bidiFactory();

/** Which fonts have a glyph (the regular weight covers the same characters as the bold). */
function hasGlyph(family: FontFamily, codePoint: number): boolean {
  return parsedFont(family, 'regular').hasGlyphForCodePoint(codePoint);
}

/** The direction of a text's first strong character, for text whose direction is not otherwise known. */
export function directionOf(text: string, fallback: Direction = 'ltr'): Direction {
  const { paragraphs } = bidi.getEmbeddingLevels(text, 'auto');
  const first = paragraphs[0];
  return first ? (first.level % 2 === 1 ? 'rtl' : 'ltr') : fallback;
}

/**
 * Splits one line of text into runs drawn left to right: the Unicode bidirectional algorithm
 * (embedding levels, then rule L2 over the runs) orders mixed Arabic and Latin text, and each run
 * gets a font that has its glyphs. An Arabic run keeps its logical order, because the shaping
 * engine lays right-to-left scripts out itself; any other right-to-left run (spaces, punctuation
 * between Arabic words) is reversed here, with mirrored brackets.
 */
export function visualRuns(text: string, base: Direction): TextRun[] {
  if (text === '') return [];
  const levels = bidi.getEmbeddingLevels(text, base).levels;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  type LogicalRun = { chars: string[]; family: FontFamily; level: number };
  const runs: LogicalRun[] = [];
  let index = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const level = levels[index];
    const shown = mirrored.get(index) ?? char;
    index += char.length;
    if (isControl(codePoint)) continue;
    const previous = runs.at(-1);
    const family = chooseFamily(codePoint, previous?.family);
    if (previous && previous.family === family && previous.level === level) previous.chars.push(shown);
    else runs.push({ chars: [shown], family, level });
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence at that level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < runs.length; start++) {
      if (runs[start].level < level) continue;
      let end = start;
      while (end + 1 < runs.length && runs[end + 1].level >= level) end++;
      runs.splice(start, end - start + 1, ...runs.slice(start, end + 1).reverse());
      start = end;
    }
  }
  return runs.map((run) => {
    const rtl = run.level % 2 === 1;
    const chars = rtl && run.family !== 'arabic' ? [...run.chars].reverse() : run.chars;
    return { text: chars.join(''), family: run.family, rtl };
  });
}

/** Bidi isolates, marks and embeddings steer the algorithm above; they are never drawn. */
function isControl(codePoint: number): boolean {
  return (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069) || codePoint === 0x200e || codePoint === 0x200f;
}

function chooseFamily(codePoint: number, previous: FontFamily | undefined): FontFamily {
  // Spaces inside a shaped Arabic run lose their width in the PDF: every space is a Latin run of its own.
  if (codePoint === 0x20 || codePoint === 0xa0) return previous === 'cjk' ? 'cjk' : 'latin';
  const own = familyOf(codePoint);
  if (own === null) return previous && hasGlyph(previous, codePoint) ? previous : 'latin';
  if (hasGlyph(own, codePoint)) return own;
  return FONT_FAMILIES.find((family) => hasGlyph(family, codePoint)) ?? own;
}
