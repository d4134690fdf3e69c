import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { BrowserSessionsService } from './browser-sessions.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, BrowserSessionsService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService, BrowserSessionsService],
})
export class AuthModule {}
