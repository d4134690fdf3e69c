import Table from 'cli-table3';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(cell).join(', ') : '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** No colours, so a table reads the same in a terminal, a log or a file; no rule between rows, so it stays compact. */
const PLAIN = { style: { head: [], border: [], compact: true } };

/** A bordered table for people. */
export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const table = new Table({ head: columns.map((c) => c.header), ...PLAIN });
  for (const row of rows) table.push(columns.map((c) => cell(c.value(row))));
  return `${table.toString()}\n`;
}

/** Label / value pairs of one record, as a two-column table. */
export function renderFields(fields: Array<[string, unknown]>): string {
  const table = new Table(PLAIN);
  for (const [label, value] of fields) table.push({ [label]: cell(value) });
  return `${table.toString()}\n`;
}

/** What a command prints: JSON with --json (for scripts), tables and sentences otherwise (for people). */
export class Printer {
  constructor(
    private readonly write: (text: string) => void,
    readonly json: boolean,
  ) {}

  /** Prints `data` as JSON in --json mode; otherwise runs `forPeople`. */
  result(data: unknown, forPeople: () => void): void {
    if (this.json) this.write(`${JSON.stringify(data, null, 2)}\n`);
    else forPeople();
  }

  table<T>(rows: T[], columns: Column<T>[], empty = 'Nothing to show.'): void {
    this.write(rows.length ? renderTable(rows, columns) : `${empty}\n`);
  }

  fields(fields: Array<[string, unknown]>): void {
    this.write(renderFields(fields));
  }

  line(text = ''): void {
    this.write(`${text}\n`);
  }
}
