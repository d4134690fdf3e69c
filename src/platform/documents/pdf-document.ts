import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FontFamily, FontWeight, parsedFont } from './document-fonts';
import { Direction, directionOf, visualRuns } from './text-runs';

export type Align = 'start' | 'center' | 'end';

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: string;
  /** Direction of the paragraph; by default, that of its first strong character. */
  direction?: Direction;
  align?: Align;
}

export interface PdfDocumentOptions {
  /** Page size in points, or a named size. */
  size?: [number, number] | 'A4' | 'A6';
  margin?: number;
  title: string;
  /** BCP 47 language of the document (its metadata, read by screen readers). */
  language: string;
}

const fontName = (family: FontFamily, weight: FontWeight) => `${family}-${weight}`;

/**
 * A font's word layouts (glyphs and positions depend only on the font and the word), shared by every
 * document of the process instead of pdfkit's cache per document, so the words every badge of a
 * conference repeats are shaped once; each document still subsets the glyphs it draws.
 */
type LayoutCache = Record<string, unknown>;
const sharedLayouts = new Map<string, LayoutCache>();
/** Words kept per font before its cache starts afresh: enough for a conference's repeated words, bounded whatever the names. */
const LAYOUT_WORDS = 2_000;

function layoutsOf(name: string): LayoutCache {
  let cache = sharedLayouts.get(name);
  if (!cache) sharedLayouts.set(name, (cache = Object.create(null) as LayoutCache));
  return cache;
}

let documentsSinceCheck = 0;
function boundLayouts(): void {
  if (++documentsSinceCheck < 64) return;
  documentsSinceCheck = 0;
  for (const [name, cache] of sharedLayouts) if (Object.keys(cache).length > LAYOUT_WORDS) sharedLayouts.delete(name);
}

/** Lines a paragraph wraps into, by font, size, direction, width and text: the same title on every badge is wrapped once. */
const wrapped = new Map<string, string[]>();
const WRAPPED_PARAGRAPHS = 1_000;

/**
 * A PDF in any of the six UN languages: every line is laid out by the bidirectional algorithm with
 * the embedded fonts (see text-runs.ts), so mixed Arabic, Chinese, Cyrillic and Latin text keeps its
 * order and its shapes. Positions are in points from the top left; `y` of a line is its baseline.
 */
export class PdfDocument {
  readonly pdf: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  /** Fonts registered with this document, each when first drawn with, so a process opens the Chinese font only once it draws Chinese. */
  private readonly registered = new Set<string>();
  private readonly finished: Promise<Buffer>;

  constructor(options: PdfDocumentOptions) {
    this.pdf = new PDFDocument({
      size: options.size ?? 'A4',
      margin: options.margin ?? 56,
      lang: options.language,
      // The embedded Latin font as the default, so pdfkit never loads the metrics of its built-in Helvetica.
      font: parsedFont('latin', 'regular') as unknown as string,
      displayTitle: true,
      info: { Title: options.title, Producer: 'Convene', Creator: 'Convene' },
    });
    this.pdf.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.pdf.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.pdf.on('error', reject);
    });
  }

  get pageWidth(): number {
    return this.pdf.page.width;
  }

  get pageHeight(): number {
    return this.pdf.page.height;
  }

  get margin(): number {
    return this.pdf.page.margins.left;
  }

  /** The width one line of text takes. */
  widthOf(text: string, style: TextStyle): number {
    const base = style.direction ?? directionOf(text);
    return visualRuns(text, base).reduce((width, run) => width + this.useFont(run.family, style).widthOfString(run.text), 0);
  }

  /** One line, never wrapped, within [x, x + width], aligned to its start (right for right-to-left text). */
  line(text: string, x: number, y: number, width: number, style: TextStyle): void {
    const base = style.direction ?? directionOf(text);
    const runs = visualRuns(text, base);
    const widths = runs.map((run) => this.useFont(run.family, style).widthOfString(run.text));
    const total = widths.reduce((a, b) => a + b, 0);
    const align = style.align ?? 'start';
    const fromLeft = align === 'center' ? (width - total) / 2 : (align === 'start') === (base === 'ltr') ? 0 : width - total;
    let cursor = x + Math.max(0, fromLeft);
    runs.forEach((run, i) => {
      this.useFont(run.family, style)
        .fillColor(style.color ?? '#111111')
        .text(run.text, cursor, y, { lineBreak: false, baseline: 'alphabetic' });
      cursor += widths[i];
    });
  }

  /**
   * Text wrapped to `width`, at word boundaries (and between characters for Chinese, which has no
   * spaces); answers the baseline below its last line.
   */
  paragraph(text: string, x: number, y: number, width: number, style: TextStyle & { lineHeight?: number }): number {
    const direction = style.direction ?? directionOf(text);
    const lineHeight = style.lineHeight ?? style.size * 1.45;
    let baseline = y;
    for (const hardLine of text.split('\n')) {
      for (const line of this.wrap(hardLine, width, { ...style, direction })) {
        this.line(line, x, baseline, width, { ...style, direction });
        baseline += lineHeight;
      }
    }
    return baseline;
  }

  /**
   * A QR code of `text` (one byte-mode segment, which any text fits), drawn as vector rectangles (sharp
   * at any print size), one per run of dark modules in a row, `size` points wide, quiet zone included.
   */
  qrCode(text: string, x: number, y: number, size: number): void {
    const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
    const quiet = 4;
    const cell = size / (modules.size + 2 * quiet);
    this.pdf.save().rect(x, y, size, size).fill('#ffffff');
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (!modules.get(row, column)) continue;
        const start = column;
        while (column + 1 < modules.size && modules.get(row, column + 1)) column++;
        this.pdf.rect(x + (start + quiet) * cell, y + (row + quiet) * cell, (column - start + 1) * cell, cell);
      }
    }
    this.pdf.fill('#000000').restore();
  }

  addPage(): void {
    this.pdf.addPage();
  }

  /** Ends the document and answers its bytes. */
  finish(): Promise<Buffer> {
    boundLayouts();
    this.pdf.end();
    return this.finished;
  }

  private useFont(family: FontFamily, style: TextStyle): PDFKit.PDFDocument {
    const weight = style.weight ?? 'regular';
    const name = fontName(family, weight);
    if (!this.registered.has(name)) {
      // pdfkit takes an already parsed fontkit font as the source of a registered font.
      this.pdf.registerFont(name, parsedFont(family, weight) as unknown as string);
      this.registered.add(name);
    }
    const pdf = this.pdf.font(name).fontSize(style.size);
    // pdfkit's embedded font of this document (not in its typings) reads its word layouts from here.
    const font = (pdf as unknown as { _font: { layoutCache?: LayoutCache } })._font;
    if (font.layoutCache) font.layoutCache = layoutsOf(name);
    return pdf;
  }

  private wrap(text: string, width: number, style: TextStyle): string[] {
    const key = `${style.weight ?? 'regular'}|${style.size}|${style.direction}|${width}|${text}`;
    let lines = wrapped.get(key);
    if (!lines) {
      if (wrapped.size >= WRAPPED_PARAGRAPHS) wrapped.clear();
      wrapped.set(key, (lines = this.wrapLines(text, width, style)));
    }
    return lines;
  }

  private wrapLines(text: string, width: number, style: TextStyle): string[] {
    const fits = (line: string) => this.widthOf(line.trimEnd(), style) <= width;
    if (fits(text)) return [text.trimEnd()];
    const lines: string[] = [];
    let current = '';
    for (const token of text.match(/\S+\s*|\s+/g) ?? []) {
      if (current !== '' && !fits(current + token)) {
        lines.push(current.trimEnd());
        current = '';
      }
      current += token;
      if (fits(current)) continue;
      // A token wider than the line (a Chinese sentence has no spaces): broken between characters.
      let piece = '';
      for (const char of current.trimEnd()) {
        if (piece !== '' && !fits(piece + char)) {
          lines.push(piece);
          piece = '';
        }
        piece += char;
      }
      current = piece;
    }
    if (current.trim() !== '' || lines.length === 0) lines.push(current.trimEnd());
    return lines;
  }
}
