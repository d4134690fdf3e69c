import { Doc } from '../../platform/http/api-docs';
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
  @Doc({summary:  "The pipeline", description:  "Every conference of every series with its funnel, next milestone, overdue items, next transition and what blocks it, and the queues.", errors:  [400]})
  view(@Query() query: PipelineQuery): Promise<PipelineView> {
    return this.pipeline.view(query.seriesId);
  }
}
