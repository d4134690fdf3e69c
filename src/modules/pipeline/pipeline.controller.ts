import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PipelineQuery } from './dto/pipeline-query.dto';
import { PipelineService, PipelineView } from './pipeline.service';

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('api/pipeline')
export class PipelineController {
  constructor(private readonly pipeline: PipelineService) {}

  /**
   * Every conference of every series (or of one): state, funnel counts, next milestone, overdue
   * items and blockers of the next transition; the depth of every queue; the summit's readiness.
   */
  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'The pipeline view' })
  view(@Query() query: PipelineQuery): Promise<PipelineView> {
    return this.pipeline.view(query.seriesId);
  }
}
