import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConferencesModule } from '../conferences';
import { SecretariatDirectory } from './secretariat-directory';
import { SeriesController } from './series.controller';
import { Series } from './series.entity';
import { SeriesService } from './series.service';

@Module({
  imports: [TypeOrmModule.forFeature([Series]), ConferencesModule],
  controllers: [SeriesController],
  providers: [SeriesService, SecretariatDirectory],
  exports: [SeriesService, SecretariatDirectory],
})
export class SeriesModule {}
