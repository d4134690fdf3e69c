import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class PipelineQuery {
  @ApiPropertyOptional({ description: 'Only this series (its regional conferences and its summit)' })
  @IsOptional()
  @IsUUID('all', { message: 'seriesId must be a series id (a UUID)' })
  seriesId?: string;
}
