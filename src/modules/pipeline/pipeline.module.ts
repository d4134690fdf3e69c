import { Global, Module } from '@nestjs/common';
import { ConferencesModule } from '../conferences';
import { ContactsModule } from '../contacts';
import { SeriesModule } from '../series';
import { DashboardAssetFiles } from './dashboard-asset-files';
import { DashboardCatalogues } from './dashboard-catalogues';
import { DashboardController } from './dashboard.controller';
import { DeskController } from './desk.controller';
import { PipelineContributions } from './pipeline-contributions';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';

/**
 * Pipeline status and the secretariat's dashboard. Global so that any feature module can register
 * its funnel counts and overdue items with PipelineContributions without importing this module.
 */
@Global()
@Module({
  imports: [ConferencesModule, SeriesModule, ContactsModule],
  controllers: [PipelineController, DashboardController, DeskController],
  providers: [PipelineContributions, PipelineService, DashboardCatalogues, DashboardAssetFiles],
  exports: [PipelineContributions],
})
export class PipelineModule {}
