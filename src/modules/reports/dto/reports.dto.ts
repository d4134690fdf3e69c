import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class RecommendationDto {
  @ApiProperty({ example: 'Share advance passenger information across the region.' })
  @IsString()
  @Length(1, 4000, { message: 'recommendations[].text must be 1 to 4000 characters' })
  text!: string;

  @ApiProperty({ example: 'biometrics_terrorist_travel', description: 'a code of GET /api/report-themes' })
  @IsString()
  @Length(1, 63)
  theme!: string;
}

export class OutcomesDto {
  @ApiProperty()
  @IsString()
  @Length(1, 20000, { message: 'summary must be 1 to 20000 characters' })
  summary!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 4000, { each: true, message: 'each key outcome must be 1 to 4000 characters' })
  keyOutcomes!: string[];

  @ApiProperty({ type: [RecommendationDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RecommendationDto)
  recommendations!: RecommendationDto[];
}

export class ThemeDto {
  @ApiProperty({ example: 'border_security', description: 'lower case letters, digits and _' })
  @Matches(/^[a-z][a-z0-9_]{1,62}$/, { message: 'code must be 2 to 63 lower-case letters, digits or _, starting with a letter' })
  code!: string;

  @ApiProperty({ example: 'Border security and management' })
  @IsString()
  @Length(1, 200)
  label!: string;
}

export class ReportFormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'md', 'pdf', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'md', 'pdf', 'csv'], { message: 'format must be json, md, pdf or csv' })
  format?: 'json' | 'md' | 'pdf' | 'csv';
}

export class SummitReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'md', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'md', 'pdf'], { message: 'format must be json, md or pdf' })
  format?: 'json' | 'md' | 'pdf';
}
