import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class FeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000, { message: 'comment must be at most 4000 characters' })
  comment?: string;
}
