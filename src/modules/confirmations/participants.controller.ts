import { Body, Controller, Get, Param, ParseUUIDPipe, BadRequestException, Patch, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ConferencesService } from '../conferences/conferences.service';
import { CredentialsService } from './credentials.service';
import { ParticipantListQuery, ReorderWaitlistDto, ReviewCredentialDto, WaitlistSettingsDto } from './dto/participants.dto';
import { ParticipantsService } from './participants.service';
import { RsvpService } from './rsvp.service';
import { WaitlistService } from './waitlist.service';

const invitationParam = () =>
  Param('invitationId', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('invitationId must be a UUID, as listed by the invitations endpoint.') }));

/** The secretariat's side of confirmations: participants, the waiting list, answer histories and delegation documents. */
@ApiTags('participants and waiting list')
@ApiBearerAuth()
@Controller('api')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly waitlist: WaitlistService,
    private readonly credentials: CredentialsService,
    private readonly rsvp: RsvpService,
    private readonly conferences: ConferencesService,
  ) {}

  @Get('conferences/:id/participants')
  @ApiProduces('application/json', 'text/csv')
  async list(@UuidParam() conferenceId: string, @Query() query: ParticipantListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.conferences.find(conferenceId);
    if (query.format === 'csv') {
      const csv = await this.participants.csv(conferenceId, query);
      void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="participants-${conferenceId}.csv"`);
      return csv;
    }
    return this.participants.list(conferenceId, query);
  }

  @Get('conferences/:id/waitlist')
  waitlistOf(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.waitlist.list(conferenceId, query);
  }

  /** Moves a waiting party; the reason is required and recorded with the caller's name. */
  @Patch('conferences/:id/waitlist/:invitationId')
  async reorder(@UuidParam() conferenceId: string, @invitationParam() invitationId: string, @Body() body: ReorderWaitlistDto, @CurrentCaller() caller: Caller) {
    await this.conferences.find(conferenceId);
    return this.waitlist.reorder(conferenceId, invitationId, body.position, body.reason, caller.name);
  }

  @Get('conferences/:id/waitlist-settings')
  settings(@UuidParam() conferenceId: string) {
    return this.waitlist.settings(conferenceId);
  }

  @Put('conferences/:id/waitlist-settings')
  setSettings(@UuidParam() conferenceId: string, @Body() body: WaitlistSettingsDto) {
    return this.waitlist.setOfferWindow(conferenceId, body.offerWindowHours);
  }

  /** Every change of an invitation's answer: who, when, what. */
  @Get('invitations/:id/answers')
  answers(@UuidParam() invitationId: string) {
    return this.rsvp.history(invitationId);
  }

  @Get('conferences/:id/credentials')
  async credentialsOf(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    await this.conferences.find(conferenceId);
    return this.credentials.list(conferenceId, query);
  }

  @Get('credentials/:id/document')
  @ApiProduces('application/pdf')
  async document(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { filename, content } = await this.credentials.document(id);
    void reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');
    return content;
  }

  @Patch('credentials/:id')
  review(@UuidParam() id: string, @Body() body: ReviewCredentialDto, @CurrentCaller() caller: Caller) {
    return this.credentials.review(id, body.status, body.reason, caller.name);
  }
}
