import { HttpStatus } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../../platform/http/domain-error';
import { CONTACT_FIELDS, ContactFields, checkContact } from './contact-rules';

/** Large enough for a whole directory at once, small enough to validate in one request. */
export const MAX_IMPORT_ROWS = 100_000;

export interface ImportedRow {
  row: number;
  contact: ContactFields;
}

export interface RejectedRow {
  row: number;
  errors: string[];
}

export interface ReadImport {
  valid: ImportedRow[];
  rejected: RejectedRow[];
}

/** A record from the file before validation: its row number and the fields it gives. */
interface RawRow {
  row: number;
  fields?: Record<string, unknown>;
  errors?: string[];
}

const REQUIRED_COLUMNS = ['email', 'fullName', 'stakeholderType'];
/** Header cells compared without case, spaces, dashes or underscores: "Full name" and full_name are fullName. */
const COLUMN_ALIASES = new Map<string, string>([...CONTACT_FIELDS.map((f) => [f.toLowerCase(), f] as [string, string]), ['organization', 'organisation'], ['name', 'fullName']]);
const columnKey = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Reads an import body, text/csv or a JSON array, into valid contacts and rejected rows.
 * Row numbers are as a person counts them: for JSON the first element is row 1; for CSV the
 * first data row after the header is row 1 (so row n is line n + 1 of a file without line breaks
 * inside quoted cells, and row n + 1 of a spreadsheet). Blank CSV rows are skipped but counted.
 * Every bad row is reported with all its reasons; a later row repeating an e-mail (in any case)
 * is refused, since an import says one thing about each person.
 */
export function readImport(body: unknown): ReadImport {
  const rows = typeof body === 'string' ? rowsFromCsv(body) : Array.isArray(body) ? rowsFromJson(body) : null;
  if (!rows) {
    throw DomainError.badRequest('import_body_invalid', 'Send the contacts as text/csv with a header row of field names, or as a JSON array of contacts.');
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new DomainError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'import_too_large',
      `An import holds at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; this one has ${rows.length.toLocaleString('en')}. Split it into several imports.`,
    );
  }
  const valid: ImportedRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const raw of rows) {
    if (raw.errors) {
      rejected.push({ row: raw.row, errors: raw.errors });
      continue;
    }
    const { contact, errors } = checkContact(raw.fields ?? {});
    const email = contact?.email ?? (typeof raw.fields?.email === 'string' ? raw.fields.email.trim() : null);
    const key = email ? email.toLowerCase() : null;
    const earlier = key === null ? undefined : firstRowOf.get(key);
    if (earlier !== undefined) errors.push(`email: the same e-mail as row ${earlier} of this import; give each person once`);
    if (!contact || errors.length) {
      rejected.push({ row: raw.row, errors });
      continue;
    }
    firstRowOf.set(contact.email.toLowerCase(), raw.row);
    valid.push({ row: raw.row, contact });
  }
  return { valid, rejected };
}

function rowsFromJson(body: unknown[]): RawRow[] {
  return body.map((element, index) =>
    element !== null && typeof element === 'object' && !Array.isArray(element)
      ? { row: index + 1, fields: element as Record<string, unknown> }
      : { row: index + 1, errors: ['must be an object with the contact fields (email, fullName, stakeholderType, …)'] },
  );
}

function rowsFromCsv(text: string): RawRow[] {
  const state: { header: string[] | null; ordinal: number; lastSkippedLine: number | null } = { header: null, ordinal: 0, lastSkippedLine: null };
  const rows: RawRow[] = [];
  parse(text, {
    bom: true,
    delimiter: sniffDelimiter(text),
    relax_column_count: true,
    skip_records_with_error: true,
    on_record: (record: string[]) => {
      const row = state.ordinal++;
      if (state.header === null) state.header = columnsOf(record);
      else rows.push(toRawRow(row, record, state.header));
      return null;
    },
    on_skip: (error) => {
      // One malformed record can raise several errors, all on the line where it breaks: report it once.
      const line = typeof error?.lines === 'number' ? error.lines : null;
      if (line !== null && line === state.lastSkippedLine) return undefined;
      state.lastSkippedLine = line;
      const row = state.ordinal++;
      if (row === 0) throw csvUnreadable(error?.message);
      rows.push({ row, errors: [`this row is not readable CSV: ${error?.message ?? 'malformed'}`] });
      return undefined;
    },
  });
  if (!state.header) throw DomainError.badRequest('import_csv_empty', 'The CSV is empty: it needs a header row naming the fields, then one row per contact.');
  // Blank lines carry no contact; they only keep the numbering of the rows after them.
  return rows.filter((r) => r.errors || Object.keys(r.fields ?? {}).length > 0);
}

function toRawRow(row: number, record: string[], header: string[]): RawRow {
  if (record.length > header.length && record.slice(header.length).some((cell) => cell.trim() !== '')) {
    return { row, errors: [`has ${record.length} cells but the header names ${header.length} columns; quote cells that contain the delimiter`] };
  }
  const fields: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const cell = record[index]?.trim();
    // An empty cell gives no value: on update the stored one stays.
    if (cell && column) fields[column] = cell;
  });
  return { row, fields };
}

function columnsOf(headerRecord: string[]): string[] {
  const cells = headerRecord.map((h) => h.trim());
  const columns = cells.map((h) => COLUMN_ALIASES.get(columnKey(h)));
  const unknown = cells.filter((h, i) => !columns[i] && h !== '');
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; the columns are ${CONTACT_FIELDS.join(', ')}`);
  const seen = columns.filter((c): c is string => !!c);
  const repeated = [...new Set(seen.filter((c, i) => seen.indexOf(c) !== i))];
  if (repeated.length) problems.push(`column${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} appear${repeated.length > 1 ? '' : 's'} more than once`);
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.includes(c));
  if (missing.length) problems.push(`the header lacks ${missing.join(', ')}`);
  if (problems.length) throw DomainError.badRequest('import_csv_header_invalid', `The CSV header row is not usable: ${problems.join('; ')}.`);
  // Unnamed trailing columns (a trailing delimiter) are ignored.
  return columns.map((c) => c ?? '');
}

/** Spreadsheets in many locales save with ';' (or tabs): take whichever the header row uses most. */
function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

function csvUnreadable(reason: string | undefined): DomainError {
  return DomainError.badRequest('import_csv_unreadable', `The CSV header row cannot be read${reason ? `: ${reason}` : ''}.`);
}
