import { Doc } from '../../platform/http/api-docs';
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
  @Doc({summary:  "Create a series with its summit", description:  "A series groups regional conferences that feed one summit. The summit is created with it, in planning.", errors:  [400], status:  201})
  create(@Body() body: CreateSeriesDto) {
    return this.series.create(body);
  }

  @Get()
  @Doc({summary:  "List the series", description:  "Every series, oldest first, paginated with limit and cursor.", example:  {items:  [{id:  "0b7e...", name:  "Counter-Terrorism Week", createdAt:  "2027-08-01T08:00:00.000Z"}], nextCursor:  null}})
  list(@Query() query: PageQuery) {
    return this.series.list(query);
  }

  /** The series, its conferences with their states, and whether the summit can go ahead. */
  @Get(':id')
  @Doc({summary:  "A series with its conferences and summit readiness", description:  "The series, every conference with its state, and whether the summit can go ahead: a series with no regional conference is not ready.", errors:  [400, 404]})
  get(@UuidParam() id: string) {
    return this.series.view(id);
  }

  @Post(':id/conferences')
  @HttpCode(201)
  @Doc({summary:  "Add a regional conference to a series", description:  "Every SPEC field of a conference; only the title is required to create it, the lifecycle guards ask for the rest before invitations go out.", errors:  [400, 404, 409], status:  201, example:  {id:  "6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90", seriesId:  "0b7e...", kind:  "regional", title:  "Countering terrorism with new technologies — Minsk", city:  "Minsk", country:  "BY", startsOn:  "2027-10-03", endsOn:  "2027-10-04", timezone:  "Europe/Minsk", rsvpDeadline:  "2027-09-15T23:59:59+03:00", capacity:  120, languages:  ["en", "ru"], delegationQuota:  4, state:  "planning"}})
  addConference(@UuidParam() id: string, @Body() body: CreateConferenceDto) {
    return this.series.addConference(id, body);
  }
}
