import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ConferencesService } from '../conferences';
import { CredentialsService } from './credentials.service';
import { ParticipantListQuery, ReviewCredentialDto } from './dto/participants.dto';
import { ParticipantsService } from './participants.service';

/** The secretariat's side of participants: the lists (JSON or CSV) and the delegations' documents. */
@ApiTags('participants and waiting list')
@ApiBearerAuth()
@Controller('api')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly credentials: CredentialsService,
    private readonly conferences: ConferencesService,
  ) {}

  @Get('conferences/:id/participants')
  @ApiProduces('application/json', 'text/csv')
  @Doc({summary:  "A conference's participants (JSON or CSV)", description:  "Confirmed participants by default; filter by country, stakeholder type and status. `format=csv` answers every matching participant as a CSV file.", errors:  [400, 404]})
  async list(@UuidParam() conferenceId: string, @Query() query: ParticipantListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.conferences.find(conferenceId);
    if (query.format === 'csv') {
      const csv = await this.participants.csv(conferenceId, query);
      void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="participants-${conferenceId}.csv"`);
      return csv;
    }
    return this.participants.list(conferenceId, query);
  }

  @Get('conferences/:id/credentials')
  @Doc({summary:  "A conference's credentials", description:  "The notes verbales and nomination letters delegations uploaded, with their review status.", errors:  [400, 404]})
  async credentialsOf(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    await this.conferences.find(conferenceId);
    return this.credentials.list(conferenceId, query);
  }

  @Get('credentials/:id/document')
  @ApiProduces('application/pdf')
  @Doc({summary:  "Download a credential document", description:  "The PDF as uploaded.", errors:  [400, 404]})
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
  @Doc({summary:  "Verify or reject a credential", description:  "A rejection needs a reason, which the delegation sees.", errors:  [400, 404, 409], example:  {id:  "5e...", status:  "verified", reviewedBy:  "admin"}})
  review(@UuidParam() id: string, @Body() body: ReviewCredentialDto, @CurrentCaller() caller: Caller) {
    return this.credentials.review(id, body.status, body.reason, caller.name);
  }
}
