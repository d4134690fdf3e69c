import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { ApiKeysService } from './api-keys.service';
import { ROLES, Role, Roles } from './roles';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'minsk-desk' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[\w .@-]+$/, { message: 'name may hold letters, digits, spaces and _ . @ - only' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The key is shown only in this answer. */
  @Post()
  @HttpCode(201)
  @Roles('admin')
  create(@Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(body.name, body.role);
  }
}
