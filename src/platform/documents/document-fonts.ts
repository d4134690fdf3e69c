import * as fontkit from 'fontkit';
import { dirname, join } from 'node:path';

export type FontWeight = 'regular' | 'bold';
export type FontFamily = 'latin' | 'arabic' | 'cjk';

/**
 * The fonts every document embeds, shipped as packages (never fetched at run time): Noto Sans for
 * Latin, Cyrillic and Greek, Noto Naskh Arabic, and Noto Sans Hans for Chinese; together they cover
 * the scripts of the six UN languages.
 */
const FONT_PACKAGES: Record<FontFamily, { pkg: string; files: Record<FontWeight, string> }> = {
  latin: { pkg: '@embedpdf/fonts-latin', files: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' } },
  arabic: { pkg: '@embedpdf/fonts-arabic', files: { regular: 'NotoNaskhArabic-Regular.ttf', bold: 'NotoNaskhArabic-Bold.ttf' } },
  cjk: { pkg: '@embedpdf/fonts-sc', files: { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } },
};

/** The packages export only their loader script, so the font files are found beside it. */
export function fontFile(family: FontFamily, weight: FontWeight): string {
  const { pkg, files } = FONT_PACKAGES[family];
  return join(dirname(require.resolve(pkg)), '..', 'fonts', files[weight]);
}

/**
 * Each font parsed once per process and shared by every document: parsing the font tables costs far
 * more than laying out and subsetting a badge, and a parsed font is only read afterwards.
 */
const parsedFonts = new Map<string, fontkit.Font>();
export function parsedFont(family: FontFamily, weight: FontWeight): fontkit.Font {
  const key = `${family}-${weight}`;
  let font = parsedFonts.get(key);
  if (!font) {
    font = fontkit.openSync(fontFile(family, weight)) as fontkit.Font;
    parsedFonts.set(key, font);
  }
  return font;
}

export const FONT_FAMILIES = Object.keys(FONT_PACKAGES) as FontFamily[];

/** The family whose font draws this code point, or null for characters every family has (spaces, punctuation, digits). */
export function familyOf(codePoint: number): FontFamily | null {
  if (
    (codePoint >= 0x0600 && codePoint <= 0x06ff) ||
    (codePoint >= 0x0750 && codePoint <= 0x077f) ||
    (codePoint >= 0x08a0 && codePoint <= 0x08ff) ||
    (codePoint >= 0xfb50 && codePoint <= 0xfdff) ||
    (codePoint >= 0xfe70 && codePoint <= 0xfeff)
  ) {
    return 'arabic';
  }
  if (
    (codePoint >= 0x2e80 && codePoint <= 0x2fdf) ||
    (codePoint >= 0x3000 && codePoint <= 0x9fff) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xffef) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff)
  ) {
    return 'cjk';
  }
  if (isNeutral(codePoint)) return null;
  return 'latin';
}

/** White space, ASCII digits and punctuation: drawn in the font of the text around them. */
function isNeutral(codePoint: number): boolean {
  return (
    codePoint <= 0x40 ||
    (codePoint >= 0x5b && codePoint <= 0x60) ||
    (codePoint >= 0x7b && codePoint <= 0x7e) ||
    codePoint === 0xa0 ||
    (codePoint >= 0x2000 && codePoint <= 0x206f)
  );
}
