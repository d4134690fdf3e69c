import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DomainError } from './domain-error';
import { textProblem } from './validation';

export class PageQuery {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position: the sort key and id of the last item returned. */
export interface Position {
  key: string;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/** What the parts of a list's cursor are, so that a crafted one is refused before it reaches SQL. */
export interface CursorShape {
  /** `time`: an instant as toISOString writes it; `integer`: a whole number; `text`: any storable text; `none`: not read, but still text. */
  key: 'time' | 'integer' | 'text' | 'none';
  id: 'uuid' | 'integer';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^\d{1,15}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const keyFits = (key: string, shape: CursorShape['key']) =>
  (shape === 'none' && textProblem(key) === null) ||
  (shape === 'time' && INSTANT.test(key) && !Number.isNaN(Date.parse(key))) ||
  (shape === 'integer' && INTEGER.test(key)) ||
  (shape === 'text' && key.length <= 1000 && textProblem(key) === null);

export function decodeCursor(cursor: string | undefined, shape: CursorShape = { key: 'text', id: 'uuid' }): Position | null {
  if (!cursor) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof id === 'string' && keyFits(key, shape.key) && (shape.id === 'uuid' ? UUID : INTEGER).test(id)) return { key, id };
  } catch {
    // fall through to the refusal below
  }
  throw DomainError.badRequest('invalid_cursor', 'cursor is not one this API returned; start again without it.');
}

/** Fetch limit + 1 rows ordered by (key, id); this turns them into a page. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

export const pageLimit = (query: PageQuery) => query.limit ?? 50;
