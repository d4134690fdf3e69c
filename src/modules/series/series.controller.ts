import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { CreateConferenceDto } from '../conferences/dto/conference.dto';
import { CreateSeriesDto } from './dto/series.dto';
import { SeriesService } from './series.service';

@ApiTags('series')
@ApiBearerAuth()
@Controller('api/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: CreateSeriesDto) {
    return this.series.create(body);
  }

  @Get()
  list(@Query() query: PageQuery) {
    return this.series.list(query);
  }

  /** The series, its conferences with their states, and whether the summit can go ahead. */
  @Get(':id')
  get(@UuidParam() id: string) {
    return this.series.view(id);
  }

  @Post(':id/conferences')
  @HttpCode(201)
  addConference(@UuidParam() id: string, @Body() body: CreateConferenceDto) {
    return this.series.addConference(id, body);
  }
}
