import { BadRequestException } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { createValidationPipe, fieldWithNul } from './validation';

class NoteDto {
  @IsString()
  title!: string;

  @IsOptional()
  tags?: string[];
}

describe('the validation pipe', () => {
  it('names the field whose text holds a NUL character, nested or not', () => {
    expect(fieldWithNul({ title: 'ok', delegates: [{ fullName: 'A' }, { fullName: 'B\u0000' }] })).toBe('delegates.1.fullName');
    expect(fieldWithNul({ title: 'ok', tags: ['x', 'y'] })).toBeNull();
    expect(fieldWithNul('a\u0000')).toBe('body');
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
