import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  create(@UuidParam() conferenceId: string, @Body() body: CreateWaveDto, @CurrentCaller() caller: Caller) {
    return this.waves.create(conferenceId, body, caller.name);
  }

  @Post('conferences/:id/audience-preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Preview an audience', description: 'How many contacts a wave with this audience would reach now, how many of them this conference already invited, and how many are undeliverable. Nothing is created.' })
  @ApiOkResponse({ type: AudiencePreview })
  preview(@UuidParam() conferenceId: string, @Body() body: AudiencePreviewDto): Promise<AudiencePreview> {
    return this.waves.preview(conferenceId, body.audience);
  }

  @Get('conferences/:id/waves')
  list(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.waves.list(conferenceId, query);
  }

  @Get('waves/:id')
  get(@UuidParam() id: string) {
    return this.waves.view(id);
  }

  /** 202: the wave goes out in the background; GET /api/waves/:id follows its progress. */
  @Post('waves/:id/dispatch')
  @HttpCode(202)
  dispatch(@UuidParam() id: string, @CurrentCaller() caller: Caller) {
    return this.waves.dispatch(id, caller.name);
  }

  @Post('waves/:id/cancel')
  @HttpCode(200)
  cancel(@UuidParam() id: string) {
    return this.waves.cancel(id);
  }

  @Get('conferences/:id/invitations')
  invitationsOf(@UuidParam() conferenceId: string, @Query() query: InvitationListQuery) {
    return this.invitations.list(conferenceId, query);
  }
}
