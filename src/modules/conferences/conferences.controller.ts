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
  get(@UuidParam() id: string) {
    return this.conferences.view(id);
  }

  @Patch(':id')
  update(@UuidParam() id: string, @Body() body: UpdateConferenceDto) {
    return this.conferences.update(id, body);
  }

  /** 409 with failedGuards lists every condition still missing. */
  @Post(':id/transitions')
  @HttpCode(200)
  transition(@UuidParam() id: string, @Body() body: TransitionDto, @CurrentCaller() caller: Caller) {
    return this.conferences.transition(id, { to: body.to, reason: body.reason, actor: caller.name, trigger: 'command' });
  }

  @Post(':id/waivers')
  @HttpCode(201)
  waive(@UuidParam() id: string, @Body() body: WaiverDto, @CurrentCaller() caller: Caller) {
    return this.conferences.waive(id, body.conferenceId, body.reason, caller.name);
  }

  @Get(':id/events')
  async history(@UuidParam() id: string, @Query() query: PageQuery) {
    await this.conferences.find(id);
    return this.events.list(id, query);
  }
}
