import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class ReorderWaitlistDto {
  @ApiProperty({ example: 1, description: 'The new position on the waiting list, 1 being next' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  position!: number;

  @ApiProperty({ example: 'Host country request: head of a national counter-terrorism agency' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class WaitlistSettingsDto {
  @ApiProperty({ example: 48, description: 'How long a waitlisted party has to confirm an offered place' })
  @IsInt()
  @Min(1)
  @Max(2160)
  offerWindowHours!: number;
}
