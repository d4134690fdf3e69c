import { Doc } from '../../platform/http/api-docs';
import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ConferencesService } from '../conferences';
import { ReorderWaitlistDto, WaitlistSettingsDto } from './dto/waitlist.dto';
import { Parties } from './parties';
import { WaitlistService } from './waitlist.service';

const invitationParam = () =>
  Param('invitationId', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('invitationId must be a UUID, as listed by the invitations endpoint.') }));

/** The secretariat's side of places: the waiting list, its settings, and each answer's history. */
@ApiTags('participants and waiting list')
@ApiBearerAuth()
@Controller('api')
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly parties: Parties,
    private readonly conferences: ConferencesService,
  ) {}

  @Get('conferences/:id/waitlist')
  @Doc({summary:  "A conference's waiting list", description:  "In order, each with its place.", errors:  [400, 404]})
  waitlistOf(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.waitlist.list(conferenceId, query);
  }

  /** Moves a waiting party; the reason is required and recorded with the caller's name. */
  @Patch('conferences/:id/waitlist/:invitationId')
  @Doc({summary:  "Move an invitation on the waiting list", description:  "The secretariat changes who gets the next free place.", errors:  [400, 404, 409]})
  async reorder(@UuidParam() conferenceId: string, @invitationParam() invitationId: string, @Body() body: ReorderWaitlistDto, @CurrentCaller() caller: Caller) {
    await this.conferences.find(conferenceId);
    return this.waitlist.reorder(conferenceId, invitationId, body.position, body.reason, caller.name);
  }

  @Get('conferences/:id/waitlist-settings')
  @Doc({summary:  "Waiting list settings", description:  "How long an offered place is held.", errors:  [400, 404]})
  settings(@UuidParam() conferenceId: string) {
    return this.waitlist.settings(conferenceId);
  }

  @Put('conferences/:id/waitlist-settings')
  @Doc({summary:  "Change the waiting list settings", description:  "Applies to offers made from now on.", errors:  [400, 404]})
  setSettings(@UuidParam() conferenceId: string, @Body() body: WaitlistSettingsDto) {
    return this.waitlist.setOfferWindow(conferenceId, body.offerWindowHours);
  }

  /** Every change of an invitation's answer: who, when, what. */
  @Get('invitations/:id/answers')
  @Doc({summary:  "An invitation's answers", description:  "Every answer recorded for it, oldest first, with who gave it.", errors:  [400, 404]})
  answers(@UuidParam() invitationId: string) {
    return this.parties.history(invitationId);
  }
}
