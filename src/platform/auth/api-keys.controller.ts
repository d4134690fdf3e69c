import { Doc } from '../http/api-docs';
import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
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
  @Doc({summary:  "Create an API key", description:  "Admins only. The key is shown only in this answer; store it then.", errors:  [400], status:  201, example:  {id:  "7c...", name:  "minsk-desk", role:  "coordinator", key:  "cvn_..."}})
  create(@Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(body.name, body.role);
  }

  @Get()
  @Doc({summary:  "List the API keys", description:  "The stored keys, oldest first: name, role, when created and revoked; never the key itself.", errors:  [400]})
  list(@Query() query: PageQuery) {
    return this.apiKeys.list(query);
  }

  @Delete(':id')
  @Doc({summary:  "Revoke an API key", description:  "It and every browser session signed in with it stop working at once.", errors:  [400, 404]})
  revoke(@UuidParam() id: string) {
    return this.apiKeys.revoke(id);
  }
}
