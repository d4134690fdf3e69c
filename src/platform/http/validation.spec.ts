import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { MAX_NESTING, createValidationPipe, inputProblem } from './validation';

class NoteDto {
  @IsString()
  title!: string;

  @IsOptional()
  tags?: string[];

  @IsOptional()
  @IsInt()
  pages?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  subtitle?: string | null;
}

const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse() as { message: string; fields: Array<{ field: string }> };
};

describe('the validation pipe', () => {
  it('names the field whose text holds a NUL character or a lone surrogate, nested or not', () => {
    expect(inputProblem({ title: 'ok', delegates: [{ fullName: 'A' }, { fullName: 'B\u0000' }] })?.field).toBe('delegates.1.fullName');
    expect(inputProblem({ title: 'ok', tags: ['x', 'y', '😀 paired'] })).toBeNull();
    expect(inputProblem('a\u0000')?.field).toBe('body');
    expect(inputProblem({ a: 'x', b: 'lone \ud800 high' })).toEqual({ field: 'b', problem: expect.stringMatching(/lone surrogate/) });
    expect(inputProblem({ b: 'lone \udc00 low' })?.field).toBe('b');
  });

  it('walks a body nested 100,000 deep without a call stack, refusing it at the nesting limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputProblem({ title: deep })).toEqual({ field: expect.stringMatching(/^title(\.0)+$/), problem: `is nested more than ${MAX_NESTING} levels deep` });
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_NESTING - 2; i++) fine = { a: fine };
    expect(inputProblem({ title: fine })).toBeNull();
  });

  it('refuses fields named like members every object has, as unknown fields', async () => {
    const pipe = createValidationPipe();
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      const refused = await refusalOf(pipe.transform(JSON.parse(`{"title":"x","${name}":"y"}`), { type: 'body', metatype: NoteDto }));
      expect(refused.message).toBe(`${name}: unknown field; remove it`);
    }
  });

  it('refuses null for a field unless the DTO says null means something', async () => {
    const pipe = createValidationPipe();
    expect((await refusalOf(pipe.transform({ title: 'x', pages: null }, { type: 'body', metatype: NoteDto }))).message).toBe('pages: may not be null; give a value, or leave the field out');
    expect((await refusalOf(pipe.transform({ title: 'x', tags: ['a', null] }, { type: 'body', metatype: NoteDto }))).fields[0].field).toBe('tags.1');
    await expect(pipe.transform({ title: 'x', subtitle: null }, { type: 'body', metatype: NoteDto })).resolves.toMatchObject({ subtitle: null });
  });

  it('refuses such a body with 400 and the field, before the database sees it; a path parameter is left to its route', async () => {
    const pipe = createValidationPipe();
    const refused = pipe.transform({ title: 'x\u0000y' }, { type: 'body', metatype: NoteDto }).catch((error: unknown) => error);
    await expect(refused).resolves.toBeInstanceOf(BadRequestException);
    expect(((await refused) as BadRequestException).getResponse()).toMatchObject({ message: 'title: may not contain the NUL character (\\u0000)', fields: [{ field: 'title' }] });
    await expect(pipe.transform({ title: 'fine' }, { type: 'body', metatype: NoteDto })).resolves.toMatchObject({ title: 'fine' });
    await expect(pipe.transform('a\u0000', { type: 'param', metatype: String, data: 'token' })).resolves.toBe('a\u0000');
  });
});
