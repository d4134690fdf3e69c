import type { PdfDocument } from './pdf-document';

export interface Bar {
  label: string;
  value: number;
}

const PALETTE = ['#1f5f99', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#6d597a', '#8ab17d', '#577590'];

/**
 * A horizontal bar chart drawn as vector shapes: a label on the left, a bar scaled to the largest
 * value, the value after it. Answers the y below the chart.
 */
export function drawBarChart(doc: PdfDocument, title: string, bars: Bar[], x: number, top: number, width: number): number {
  const size = 10;
  const barHeight = 14;
  const gap = 6;
  doc.line(title, x, top + 12, width, { size: 12, weight: 'bold' });
  let y = top + 24;
  const labelWidth = Math.min(170, width * 0.38);
  const valueWidth = 40;
  const track = width - labelWidth - valueWidth - 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  bars.forEach((bar, i) => {
    doc.line(bar.label, x, y + barHeight - 3, labelWidth - 6, { size });
    const length = bar.value > 0 ? Math.max(1, (bar.value / max) * track) : 0;
    if (length > 0) doc.pdf.save().rect(x + labelWidth, y, length, barHeight).fill(PALETTE[i % PALETTE.length]).restore();
    doc.line(String(bar.value), x + labelWidth + length + 4, y + barHeight - 3, valueWidth, { size });
    y += barHeight + gap;
  });
  return y + gap;
}
