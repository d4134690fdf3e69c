import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { CreateConferenceDto } from '../conferences';
import { CreateSeriesDto, UpdateSeriesDto } from './dto/series.dto';
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

  @Patch(':id')
  @Doc({
    summary: "Change a series' name or secretariat",
    description:
      'Changes the fields given; the others stay. `secretariat` replaces the whole contact (a phone left out is removed) and reaches the pages and mails invitees get from then on; null removes it, so they write to SECRETARIAT_EMAIL. The summit is a conference: change it with PATCH /api/conferences/:id. Each invalid field is named in `fields`; unknown fields are refused.',
    errors: [400, 404],
    example: {
      id: '0b7e4c1a-2f3d-4e5b-8a9c-1d2e3f4a5b6c',
      name: 'Countering terrorism with new technologies 2019–2020',
      secretariat: { name: 'Conference Secretariat, UN Office of Counter-Terrorism', email: 'ct-conferences@example.org', phone: '+1 212 963 1234' },
      createdAt: '2027-08-01T08:00:00.000Z',
      updatedAt: '2027-08-03T09:30:00.000Z',
      summit: { id: '6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90', kind: 'summit', title: 'Second Counter-Terrorism Week', state: 'planning' },
      conferences: [{ id: '6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90', kind: 'summit', title: 'Second Counter-Terrorism Week', state: 'planning' }],
      summitReadiness: { ready: false, regionalConferences: 0, missingReports: [], waivers: [] },
    },
  })
  update(@UuidParam() id: string, @Body() body: UpdateSeriesDto) {
    return this.series.update(id, body);
  }

  @Post(':id/conferences')
  @HttpCode(201)
  @Doc({summary:  "Add a regional conference to a series", description:  "Every SPEC field of a conference; only the title is required to create it, the lifecycle guards ask for the rest before invitations go out.", errors:  [400, 404, 409], status:  201, example:  {id:  "6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90", seriesId:  "0b7e...", kind:  "regional", title:  "Countering terrorism with new technologies — Minsk", city:  "Minsk", country:  "BY", startsOn:  "2027-10-03", endsOn:  "2027-10-04", timezone:  "Europe/Minsk", rsvpDeadline:  "2027-09-15T23:59:59+03:00", capacity:  120, languages:  ["en", "ru"], delegationQuota:  4, state:  "planning"}})
  addConference(@UuidParam() id: string, @Body() body: CreateConferenceDto) {
    return this.series.addConference(id, body);
  }
}
