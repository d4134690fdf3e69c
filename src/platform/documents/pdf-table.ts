import type { Align, PdfDocument } from './pdf-document';

export interface TableColumn {
  header: string;
  /** Share of the table's width (the shares are normalised). */
  share: number;
  align?: Align;
}

export interface TableOptions {
  x: number;
  width: number;
  size?: number;
  /** Where a page ends: a row that would pass it goes to the next page, under the header again. */
  bottom?: number;
}

/**
 * A table of single-line cells with a bold header and a rule under it, broken across pages; answers
 * the y below its last row. Cells too long for their column are cut with an ellipsis.
 */
export function drawTable(doc: PdfDocument, columns: TableColumn[], rows: string[][], top: number, options: TableOptions): number {
  const size = options.size ?? 10;
  const rowHeight = size * 1.6;
  const bottom = options.bottom ?? doc.pageHeight - doc.margin;
  const total = columns.reduce((sum, c) => sum + c.share, 0);
  const widths = columns.map((c) => (c.share / total) * options.width);
  const lefts = widths.map((_, i) => options.x + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const fit = (text: string, width: number, bold: boolean) => {
    const style = { size, weight: bold ? ('bold' as const) : ('regular' as const) };
    if (doc.widthOf(text, style) <= width) return text;
    let cut = text;
    while (cut.length > 1 && doc.widthOf(`${cut}…`, style) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  const header = (y: number) => {
    columns.forEach((c, i) => doc.line(fit(c.header, widths[i] - 4, true), lefts[i] + 2, y + size, widths[i] - 4, { size, weight: 'bold', align: c.align }));
    doc.pdf.save().moveTo(options.x, y + rowHeight - 2).lineTo(options.x + options.width, y + rowHeight - 2).lineWidth(0.7).stroke('#555555').restore();
    return y + rowHeight;
  };
  let y = header(top);
  for (const row of rows) {
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = header(doc.margin);
    }
    columns.forEach((c, i) => doc.line(fit(row[i] ?? '', widths[i] - 4, false), lefts[i] + 2, y + size, widths[i] - 4, { size, align: c.align }));
    y += rowHeight;
  }
  return y + size * 0.6;
}
