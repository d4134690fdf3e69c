import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ConferenceEvents } from './conference-events';
import { ConferencesService } from './conferences.service';
import { TransitionDto, UpdateConferenceDto, WaiverDto } from './dto/conference.dto';

@ApiTags('conferences')
@ApiBearerAuth()
@Controller('api/conferences')
export class ConferencesController {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly events: ConferenceEvents,
  ) {}

  @Get(':id')
  @Doc({summary:  "A conference", description:  "Its fields (dates in its own zone), state and when it changed.", errors:  [400, 404], example:  {id:  "6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90", seriesId:  "0b7e...", kind:  "regional", title:  "Countering terrorism with new technologies — Minsk", city:  "Minsk", country:  "BY", startsOn:  "2027-10-03", endsOn:  "2027-10-04", timezone:  "Europe/Minsk", rsvpDeadline:  "2027-09-15T23:59:59+03:00", capacity:  120, languages:  ["en", "ru"], delegationQuota:  4, state:  "planning"}})
  get(@UuidParam() id: string) {
    return this.conferences.view(id);
  }

  @Patch(':id')
  @Doc({summary:  "Change a conference", description:  "Changes the fields given; the others stay. Each invalid field is named in `fields`.", errors:  [400, 404, 409], example:  {id:  "6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90", seriesId:  "0b7e...", kind:  "regional", title:  "Countering terrorism with new technologies — Minsk", city:  "Minsk", country:  "BY", startsOn:  "2027-10-03", endsOn:  "2027-10-04", timezone:  "Europe/Minsk", rsvpDeadline:  "2027-09-15T23:59:59+03:00", capacity:  120, languages:  ["en", "ru"], delegationQuota:  4, state:  "planning"}})
  update(@UuidParam() id: string, @Body() body: UpdateConferenceDto) {
    return this.conferences.update(id, body);
  }

  /** 409 with failedGuards lists every condition still missing. */
  @Post(':id/transitions')
  @HttpCode(200)
  @Doc({summary:  "Command a lifecycle transition", description:  "Moves the conference to `to` when every guard holds; otherwise 409 with `failedGuards`, each missing condition in a sentence. Postponing and cancelling need a reason.", errors:  [400, 404, 409], example:  {id:  "6f1c2a7e-3b5d-4c1e-9a7f-2d8e4b6c1a90", seriesId:  "0b7e...", kind:  "regional", title:  "Countering terrorism with new technologies — Minsk", city:  "Minsk", country:  "BY", startsOn:  "2027-10-03", endsOn:  "2027-10-04", timezone:  "Europe/Minsk", rsvpDeadline:  "2027-09-15T23:59:59+03:00", capacity:  120, languages:  ["en", "ru"], delegationQuota:  4, state:  "planning"}})
  transition(@UuidParam() id: string, @Body() body: TransitionDto, @CurrentCaller() caller: Caller) {
    return this.conferences.transition(id, { to: body.to, reason: body.reason, actor: caller.name, trigger: 'command' });
  }

  @Post(':id/waivers')
  @HttpCode(201)
  @Doc({summary:  "Waive a regional conference's report for the summit", description:  "Records why the summit may go ahead without this regional report.", errors:  [400, 404, 409], status:  201})
  waive(@UuidParam() id: string, @Body() body: WaiverDto, @CurrentCaller() caller: Caller) {
    return this.conferences.waive(id, body.conferenceId, body.reason, caller.name);
  }

  @Get(':id/events')
  @Doc({summary:  "The history of a conference", description:  "Transitions and waivers, oldest first, with who did them and why.", errors:  [400, 404], example:  {items:  [{id:  "1", type:  "transition", from:  "planning", to:  "inviting", actor:  "admin", reason:  null, occurredAt:  "2027-08-01T08:00:00.000Z"}], nextCursor:  null}})
  async history(@UuidParam() id: string, @Query() query: PageQuery) {
    await this.conferences.find(id);
    return this.events.list(id, query);
  }
}
