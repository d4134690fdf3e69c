import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CheckInDto {
  @ApiProperty({ description: "the text of the badge's QR code" })
  @IsString({ message: 'code must be the text read from the badge' })
  @Length(1, 200, { message: 'code must be the text read from the badge (1 to 200 characters)' })
  code!: string;
}
