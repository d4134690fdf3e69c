import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';

/**
 * Reads the check-in code off a badge PDF as a door scanner would, without a renderer: the QR code
 * is drawn as vector rectangles (runs of dark modules) inside a white square, so the runs are put
 * back on a bitmap and the bitmap is decoded by jsQR.
 */

const RECT = /(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g;

/** The decompressed content streams of a PDF (pdfkit deflates every page's drawing operators). */
function contentStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // A stream that is not deflated (fonts, images) carries no drawing of the code.
    }
  }
  return streams;
}

/** The text of the badge's QR code, or null when the PDF holds none that can be read. */
export function badgeCodeOf(pdf: Buffer): string | null {
  for (const stream of contentStreams(pdf)) {
    const rects = [...stream.matchAll(RECT)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));
    // The code is drawn a rectangle per run of dark modules in a row: one module high, whole modules wide.
    const heights = new Map<string, number>();
    for (const r of rects) heights.set(r.h.toFixed(3), (heights.get(r.h.toFixed(3)) ?? 0) + 1);
    const [commonest, count] = [...heights].sort((a, b) => b[1] - a[1])[0] ?? ['0', 0];
    if (count < 20) continue;
    const cell = Number(commonest);
    const modules = rects.filter((r) => Math.abs(r.h - cell) < 1e-3 && r.w >= cell - 1e-3 && Math.abs(r.w / cell - Math.round(r.w / cell)) < 1e-3);
    // The white square the code sits in, quiet zone included, is the smallest square holding every module.
    const box = rects
      .filter((s) => Math.abs(s.w - s.h) < 1e-3 && s.w > cell * 20 && modules.every((m) => m.x >= s.x - 1e-3 && m.y >= s.y - 1e-3 && m.x + m.w <= s.x + s.w + 1e-3 && m.y + m.h <= s.y + s.h + 1e-3))
      .sort((a, b) => a.w - b.w)[0];
    if (!box) continue;
    const side = Math.round(box.w / cell);
    const scale = 4;
    const width = side * scale;
    const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
    for (const m of modules) {
      const first = Math.round((m.x - box.x) / cell);
      const row = Math.round((m.y - box.y) / cell);
      for (let column = first; column < first + Math.round(m.w / cell); column++) {
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const at = ((row * scale + dy) * width + column * scale + dx) * 4;
            pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
          }
        }
      }
    }
    const code = jsQR(pixels, width, width, { inversionAttempts: 'dontInvert' });
    if (code) return code.data;
  }
  return null;
}
