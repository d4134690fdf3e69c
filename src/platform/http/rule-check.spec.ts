import { Transform, Type } from 'class-transformer';
import { Allow, IsDefined, IsInt, IsOptional, IsString, MaxLength, Validate, ValidateIf, ValidateNested, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { compileRuleCheck } from './rule-check';
import { createValidationPipe } from './validation';

class PartDto {
  @IsString()
  @MaxLength(5)
  label!: string;
}

@ValidatorConstraint({ name: 'slowlyEven', async: false })
class MaybePromise implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return value === 'later' ? Promise.resolve(true) : value === 'even';
  }
}

class NoteDto {
  @IsString()
  title!: string;

  @ValidateIf((note: NoteDto) => note.title === 'dated')
  @IsInt()
  year?: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => PartDto)
  parts?: PartDto[];

  @Allow()
  anything?: unknown;

  @IsOptional()
  @Validate(MaybePromise)
  parity?: string;
}

const pipeAccepts = (body: unknown) =>
  createValidationPipe()
    .transform(body, { type: 'body', metatype: NoteDto })
    .then(
      () => true,
      () => false,
    );

describe('the rule check', () => {
  const passes = compileRuleCheck(NoteDto);

  it('agrees with the validation pipe on conditions, nested classes, allowed and unknown properties', async () => {
    const bodies: unknown[] = [
      { title: 'x' },
      { title: 'x', year: 'not checked unless dated' },
      { title: 'dated', year: 2019 },
      { title: 'dated', year: 'soon' },
      { title: 'dated' },
      { title: 'x', parts: [{ label: 'ok' }, { label: 'ok too' }] },
      { title: 'x', parts: [{ label: 'ok' }] },
      { title: 'x', parts: { label: 'ok' } },
      { title: 'x', parts: [{ label: 'ok', extra: 1 }] },
      { title: 'x', parts: ['ok'] },
      { title: 'x', parts: null },
      { title: 'x', anything: { deep: [1, 2] } },
      { title: 'x', unknown: 1 },
      { title: 'x', parity: 'even' },
      { title: 'x', parity: 'odd' },
      { title: 7 },
      [],
      'text',
      null,
    ];
    for (const body of bodies) {
      const pipe = await pipeAccepts(body);
      if (passes(body)) expect({ body, pipe }).toEqual({ body, pipe: true });
    }
    expect(bodies.filter((body) => passes(body))).toEqual([
      { title: 'x' },
      { title: 'x', year: 'not checked unless dated' },
      { title: 'dated', year: 2019 },
      { title: 'x', parts: [{ label: 'ok' }] },
      { title: 'x', parts: { label: 'ok' } },
      { title: 'x', anything: { deep: [1, 2] } },
      { title: 'x', parity: 'even' },
    ]);
  });

  it('leaves a rule that answers with a promise to the pipe', async () => {
    expect(passes({ title: 'x', parity: 'later' })).toBe(false);
    await expect(pipeAccepts({ title: 'x', parity: 'later' })).resolves.toBe(true);
  });

  it('refuses, when built, a DTO whose value the pipe would change or whose rules it does not model', () => {
    class Trimmed {
      @Transform(({ value }: { value: string }) => value.trim())
      @IsString()
      name!: string;
    }
    class Required {
      @IsDefined()
      name!: string;
    }
    class Untyped {
      @ValidateNested()
      part!: PartDto;
    }
    class Converted {
      @Type(() => Number)
      @IsInt()
      count!: number;
    }
    expect(() => compileRuleCheck(Trimmed)).toThrow('Trimmed: @Transform on name is not supported by the rule check');
    expect(() => compileRuleCheck(Required)).toThrow('Required: the isDefined rule on name is not supported by the rule check');
    expect(() => compileRuleCheck(Untyped)).toThrow('Untyped: @ValidateNested without a plain @Type on part is not supported by the rule check');
    expect(() => compileRuleCheck(Converted)).toThrow('Converted: @Type on count is not supported by the rule check');
  });
});
