import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { PUBLIC_EVENT_TYPES } from '../webhook-catalogue';
import { DELIVERY_STATUSES } from '../webhook-deliveries';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://registry.example.org/convene-events', description: 'http or https; it must resolve to public addresses only' })
  @IsString({ message: 'url must be an http or https URL' })
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: PUBLIC_EVENT_TYPES, isArray: true })
  @IsArray({ message: 'events must be a list of event types' })
  @ArrayMinSize(1, { message: 'events must name at least one event type' })
  @ArrayMaxSize(PUBLIC_EVENT_TYPES.length)
  @ArrayUnique({ message: 'events must not name a type twice' })
  @IsIn(PUBLIC_EVENT_TYPES, { each: true, message: `events may hold ${PUBLIC_EVENT_TYPES.join(', ')}` })
  events!: string[];

  @ApiPropertyOptional({ description: 'The signing secret (16 to 256 characters); one is generated when left out. Shown only in the answer to this request.' })
  @IsOptional()
  @IsString()
  @Length(16, 256, { message: 'secret must be 16 to 256 characters' })
  secret?: string;

  @ApiPropertyOptional({ example: 'Registry of participants' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string;
}
