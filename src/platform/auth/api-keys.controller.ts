import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
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
@Roles('admin')
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The key is shown only in this answer. */
  @Post()
  @HttpCode(201)
  create(@Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(body.name, body.role);
  }

  @Get()
  @ApiOperation({ summary: 'The stored keys, oldest first: name, role, when created and revoked; never the key' })
  list(@Query() query: PageQuery) {
    return this.apiKeys.list(query);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revokes a key: it and every browser session signed in with it stop working at once' })
  revoke(@UuidParam() id: string) {
    return this.apiKeys.revoke(id);
  }
}
