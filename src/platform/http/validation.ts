import { ArgumentMetadata, BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { acceptsNull, compileRuleCheck } from './rule-check';

export interface FieldError {
  field: string;
  problems: string[];
}

/** Deeper than any body this API takes; a deeper one is refused before anything walks it. */
export const MAX_NESTING = 32;

/** Names every object has through its prototype: as field names they would pass for declared ones. */
const BUILT_IN_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const unknownField = error.constraints?.whitelistValidation !== undefined;
    const problems = unknownField
      ? ['unknown field; remove it']
      : error.value === undefined || error.value === null
        ? ['is required']
        : Object.values(error.constraints ?? {});
    const own = error.constraints ? [{ field, problems }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a piece of text cannot be stored, or null: PostgreSQL refuses NUL, and a lone surrogate is no character at all. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'may not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate such as \\ud800)';
  return null;
}

export interface InputProblem {
  field: string;
  problem: string;
}

/**
 * The first problem of a parsed body or query that no field rule can see: nesting deeper than
 * MAX_NESTING, text PostgreSQL cannot store (in a value or a key), or a field named like a member
 * every object has (constructor, toString, __proto__), which validators would take for a declared
 * one. Walked with a stack of its own, so a body nested 100,000 deep costs no call stack.
 */
export function inputProblem(value: unknown): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return { field, problem };
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= MAX_NESTING) return { field, problem: `is nested more than ${MAX_NESTING} levels deep` };
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(item)) {
        const keyProblem = textProblem(key);
        if (keyProblem) return { field: path || 'body', problem: `has a field name that ${keyProblem}` };
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
    if (!Array.isArray(item)) {
      const builtIn = Object.keys(item).find((key) => BUILT_IN_MEMBERS.has(key));
      if (builtIn !== undefined) return { field: path ? `${path}.${builtIn}` : builtIn, problem: 'unknown field; remove it' };
    }
  }
  return null;
}

/**
 * The first field of a validated DTO holding null where the DTO does not say null means something:
 * optional fields skip their rules for null, so without this a null title or deadline would reach
 * the database as "no value" (a 500 on a NOT NULL column, or a field cleared by accident).
 */
export function fieldWithUnexpectedNull(dto: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value: dto, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      if (child === null && (Array.isArray(value) || !acceptsNull(Object.getPrototypeOf(value) as object, key))) return childPath;
      stack.push({ value: child, path: childPath });
    }
  }
  return null;
}

const refusal = (field: string, problem: string) => new BadRequestException({ message: `${field}: ${problem}`, fields: [{ field, problems: [problem] }] });

const UNTYPED = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);
/** A parameter the pipe validates against a DTO class; an untyped body (`unknown`) is its route's own to check. */
const isDto = (metatype: ArgumentMetadata['metatype']) => typeof metatype === 'function' && !UNTYPED.has(metatype);

/**
 * Before the DTO's rules: any body or query nested too deep is refused, and for a DTO also text
 * PostgreSQL cannot store and built-in member names. After them: null where the DTO takes none.
 */
class TextValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query') return super.transform(value, metadata);
    const found = inputProblem(value);
    if (found && (isDto(metadata.metatype) || found.problem.startsWith('is nested'))) throw refusal(found.field, found.problem);
    const result: unknown = await super.transform(value, metadata);
    if (isDto(metadata.metatype)) {
      const nullField = fieldWithUnexpectedNull(result);
      if (nullField !== null) throw refusal(nullField, 'may not be null; give a value, or leave the field out');
    }
    return result;
  }
}

/** Refuses unknown fields and names every bad field, so a client can fix the whole body at once. */
export function createValidationPipe(): ValidationPipe {
  return new TextValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; '),
        fields,
      });
    },
  });
}

/**
 * The validation pipe's transform of a body into `dto`, for a route whose bodies are nearly all
 * valid: a body that passes the DTO's rules (checked as compileRuleCheck does) and that the pipe's
 * own checks would pass is taken as it came; any other body goes through the pipe, which refuses
 * it with the usual 400 naming every bad field. The RSVP answer uses it: under a wave of answers the
 * pipe's work for valid bodies is a large share of the service's time.
 */
export function bodyValidation<T>(dto: Type<T>): (body: unknown) => Promise<T> {
  const pipe = createValidationPipe();
  const passes = compileRuleCheck(dto);
  return async (body) => {
    if (inputProblem(body) === null && passes(body)) return body;
    return (await pipe.transform(body, { type: 'body', metatype: dto })) as T;
  };
}
