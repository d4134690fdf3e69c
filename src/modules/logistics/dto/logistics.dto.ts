import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../../platform/http/validators';

export class RoomDto {
  @ApiProperty({ example: 'Plenary hall' })
  @IsString({ message: 'rooms[].name must be text' })
  @Length(1, 200, { message: 'rooms[].name must be 1 to 200 characters' })
  name!: string;

  @ApiProperty({ example: 400 })
  @IsInt({ message: 'rooms[].capacity must be a whole number of seats' })
  @Min(1, { message: 'rooms[].capacity must be at least 1' })
  @Max(100000, { message: 'rooms[].capacity must be at most 100000' })
  capacity!: number;
}

export class VenueDto {
  @ApiProperty({ example: 'Emirates Palace' })
  @IsString({ message: 'name must be text' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @ApiProperty({ example: 'West Corniche Road, Abu Dhabi' })
  @IsString({ message: 'address must be text' })
  @Length(1, 500, { message: 'address must be 1 to 500 characters' })
  address!: string;

  @ApiProperty({ type: [RoomDto] })
  @IsArray({ message: 'rooms must be a list of {name, capacity}' })
  @ArrayMaxSize(200, { message: 'rooms: at most 200 rooms' })
  @ValidateNested({ each: true })
  @Type(() => RoomDto)
  rooms!: RoomDto[];
}

const LOCAL_OR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

export class SessionDto {
  @ApiProperty({ example: 'Opening plenary' })
  @IsString({ message: 'title must be text' })
  @Length(1, 300, { message: 'title must be 1 to 300 characters' })
  title!: string;

  @ApiProperty({ example: 'Plenary hall', description: "the name of one of the venue's rooms" })
  @IsString({ message: "room must be the name of one of the venue's rooms" })
  @Length(1, 200, { message: "room must be the name of one of the venue's rooms" })
  room!: string;

  @ApiProperty({ example: '2027-02-17T09:00', description: 'local time in the conference time zone (an offset or Z is also accepted)' })
  @Matches(LOCAL_OR_INSTANT, { message: 'startsAt must be a date and time such as 2027-02-17T09:00 (conference time zone)' })
  startsAt!: string;

  @ApiProperty({ example: '2027-02-17T10:30' })
  @Matches(LOCAL_OR_INSTANT, { message: 'endsAt must be a date and time such as 2027-02-17T10:30 (conference time zone)' })
  endsAt!: string;

  @ApiPropertyOptional({ description: 'expected attendance; refused above the room capacity' })
  @IsOptional()
  @IsInt({ message: 'headcount must be a whole number' })
  @Min(0, { message: 'headcount must not be negative' })
  headcount?: number;
}

export class TaskDto {
  @ApiProperty({ example: 'Security plan' })
  @IsString({ message: 'title must be text' })
  @Length(1, 300, { message: 'title must be 1 to 300 characters' })
  title!: string;

  @ApiProperty({ example: '2027-01-20' })
  @IsCalendarDate({ message: 'dueOn must be a calendar date such as 2027-01-20' })
  dueOn!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: 'done must be true or false' })
  done?: boolean;
}

export class TaskPatchDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @Length(1, 300, { message: 'title must be 1 to 300 characters' })
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate({ message: 'dueOn must be a calendar date such as 2027-01-20' })
  dueOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'done must be true or false' })
  done?: boolean;
}
