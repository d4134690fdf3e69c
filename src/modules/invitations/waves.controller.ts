import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { AudiencePreview, AudiencePreviewDto, CreateWaveDto, InvitationListQuery } from './dto/wave.dto';
import { InvitationsService } from './invitations.service';
import { WavesService } from './waves.service';

@ApiTags('waves and invitations')
@ApiBearerAuth()
@Controller('api')
export class WavesController {
  constructor(
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
  ) {}

  @Post('conferences/:id/waves')
  @HttpCode(201)
  @Doc({summary:  "Compose a wave", description:  "A draft wave for an audience: a contact matches when it matches every criterion given, and a criterion when the contact has any of its values. Nothing is sent until the wave is dispatched.", errors:  [400, 404, 409], status:  201, example:  {id:  "9d2f...", conferenceId:  "6f1c...", name:  "Europe, first wave", audience:  {stakeholderTypes:  ["member_state"], regions:  ["150"]}, sendAt:  null, state:  "dispatching", audienceSize:  412, counts:  {targeted:  412, alreadyInvited:  37, queued:  120, sent:  250, failed:  5, bounced:  0, skippedUndeliverable:  2}}})
  create(@UuidParam() conferenceId: string, @Body() body: CreateWaveDto, @CurrentCaller() caller: Caller) {
    return this.waves.create(conferenceId, body, caller.name);
  }

  @Post('conferences/:id/audience-preview')
  @HttpCode(200)
  @Doc({ summary: 'Preview an audience', description: 'How many contacts a wave with this audience would reach now, how many of them this conference already invited, and how many are undeliverable. Nothing is created.', errors: [400, 404] })
  @ApiOkResponse({ type: AudiencePreview })
  preview(@UuidParam() conferenceId: string, @Body() body: AudiencePreviewDto): Promise<AudiencePreview> {
    return this.waves.preview(conferenceId, body.audience);
  }

  @Get('conferences/:id/waves')
  @Doc({summary:  "A conference's waves", description:  "Oldest first, each with its counts.", errors:  [400, 404]})
  list(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.waves.list(conferenceId, query);
  }

  @Get('waves/:id')
  @Doc({summary:  "A wave and its progress", description:  "Its state and counts (targeted, already invited, queued, sent, failed, bounced); poll it to follow a dispatch.", errors:  [400, 404], example:  {id:  "9d2f...", conferenceId:  "6f1c...", name:  "Europe, first wave", audience:  {stakeholderTypes:  ["member_state"], regions:  ["150"]}, sendAt:  null, state:  "dispatching", audienceSize:  412, counts:  {targeted:  412, alreadyInvited:  37, queued:  120, sent:  250, failed:  5, bounced:  0, skippedUndeliverable:  2}}})
  get(@UuidParam() id: string) {
    return this.waves.view(id);
  }

  /** 202: the wave goes out in the background; GET /api/waves/:id follows its progress. */
  @Post('waves/:id/dispatch')
  @HttpCode(202)
  @Doc({summary:  "Dispatch a wave", description:  "202: the wave goes out in the background (or is scheduled when its send time is ahead); GET /api/waves/:id follows it. The first wave moves a conference in planning to inviting, so its guards must hold. Dispatching again changes nothing.", errors:  [400, 404, 409], status:  202, example:  {id:  "9d2f...", state:  "dispatching"}})
  dispatch(@UuidParam() id: string, @CurrentCaller() caller: Caller) {
    return this.waves.dispatch(id, caller.name);
  }

  @Post('waves/:id/cancel')
  @HttpCode(200)
  @Doc({summary:  "Cancel a scheduled wave", description:  "Only a wave waiting for its send time can be cancelled.", errors:  [400, 404, 409]})
  cancel(@UuidParam() id: string) {
    return this.waves.cancel(id);
  }

  @Get('conferences/:id/invitations')
  @Doc({summary:  "A conference's invitations", description:  "Each with the invitee's name, organisation and country, filtered by delivery, response (`none`: who has not answered) and wave.", errors:  [400, 404], example:  {items:  [{id:  "3a1e...", contactId:  "c0ff...", waveId:  "9d2f...", delivery:  "sent", deliveryError:  null, response:  "none", language:  "ru", sentAt:  "2027-08-01T08:00:05.000Z", respondedAt:  null, remindersSent:  0, invitee:  {fullName:  "Anna Ivanova", organisation:  "Ministry of Foreign Affairs of Belarus", country:  "BY", stakeholderType:  "member_state"}}], nextCursor:  null}})
  invitationsOf(@UuidParam() conferenceId: string, @Query() query: InvitationListQuery) {
    return this.invitations.list(conferenceId, query);
  }
}
