import jsQR from 'jsqr';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PdfDocument } from './pdf-document';

/** Documents are checked as a reader gets them: text extracted, fonts listed and pages rendered by poppler. */
describe('PdfDocument', () => {
  let folder: string;
  let file: string;
  const code = 'cvn1.4f7d1c2a-0b3e-4c5d-8e9f-0a1b2c3d4e5f.Qm9ndXMgY29kZSBmb3IgdGVzdHM';

  beforeAll(async () => {
    try {
      execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error("The document tests need poppler's pdftotext, pdffonts and pdftoppm (apt-get install poppler-utils; .ci/run installs it).");
    }
    folder = mkdtempSync(join(tmpdir(), 'convene-pdf-'));
    file = join(folder, 'sample.pdf');
    const doc = new PdfDocument({ title: 'Sample badge', language: 'en', size: 'A4' });
    const width = doc.pageWidth - 2 * doc.margin;
    let y = 80;
    for (const line of [
      'Countering terrorism with new technologies — Minsk',
      'Lutte contre le terrorisme : les nouvelles technologies',
      'Противодействие терроризму — Минск',
      'Contra el terrorismo y las nuevas tecnologías',
      '利用新技术打击恐怖主义会议',
      'مؤتمر مكافحة الإرهاب في فيينا',
      'Vienna — مؤتمر فيينا (OSCE)',
    ]) {
      doc.line(line, doc.margin, y, width, { size: 14 });
      y += 24;
    }
    doc.line('Head of delegation', doc.margin, y, width, { size: 12, weight: 'bold', align: 'center' });
    y = doc.paragraph('Le Secrétariat a l’honneur d’inviter la délégation de la République du Bélarus à la conférence régionale. '.repeat(4), doc.margin, y + 30, width, { size: 11 });
    doc.paragraph('本次会议旨在加强各国在利用新技术打击恐怖主义方面的合作与能力建设，并推动多方利益攸关方合作。'.repeat(3), doc.margin, y + 10, width, { size: 11 });
    doc.qrCode(code, doc.margin, 560, 160);
    writeFileSync(file, await doc.finish());
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('holds the text of every language, Arabic and Chinese included', () => {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Countering terrorism with new technologies — Minsk');
    expect(text).toContain('Противодействие терроризму — Минск');
    expect(text).toContain('利用新技术打击恐怖主义会议');
    expect(text).toContain('nuevas tecnologías');
    for (const word of ['مؤتمر', 'فيينا', 'مكافحة']) expect(text).toContain(word);
    expect(text).toContain('Head of delegation');
  });

  it('wraps long paragraphs within the page, Chinese between characters', () => {
    const lines = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\n');
    const french = lines.filter((line) => line.includes('Secrétariat') || line.includes('délégation'));
    expect(french.length).toBeGreaterThan(2);
    expect(lines.filter((line) => /[\u4e00-\u9fff]{10}/.test(line)).length).toBeGreaterThan(2);
  });

  it('embeds every font it uses', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) expect(font).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(fonts.join('\n')).toMatch(/NotoNaskhArabic/);
    expect(fonts.join('\n')).toMatch(/NotoSansHans/);
  });

  it('carries a QR code that a reader decodes back to its text', () => {
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', file, join(folder, 'page')]);
    const png = PNG.sync.read(readFileSync(join(folder, 'page-1.png')));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(code);
  });
});
