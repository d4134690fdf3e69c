import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../platform/http/uuid-param';
import { BadgesService } from './badges.service';
import { ParticipantListDto, ParticipantListQuery, SessionDto, TaskDto, TaskPatchDto, VenueDto } from './dto/logistics.dto';
import { LogisticsService } from './logistics.service';
import { ParticipantListsService } from './participant-lists.service';
import { VisaLettersService } from './visa-letters.service';

const pdf = (reply: FastifyReply, filename: string) =>
  void reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');

/** The secretariat's side of venue logistics. */
@ApiTags('venue logistics')
@ApiBearerAuth()
@Controller('api')
export class LogisticsController {
  constructor(
    private readonly logistics: LogisticsService,
    private readonly badges: BadgesService,
    private readonly visaLetters: VisaLettersService,
    private readonly lists: ParticipantListsService,
  ) {}

  @Post('conferences/:id/participant-lists')
  @HttpCode(202)
  requestList(@UuidParam() id: string, @Body() body: ParticipantListDto) {
    return this.lists.request(id, body.kind);
  }

  @Get('conferences/:id/participant-list')
  @ApiProduces('application/pdf', 'text/csv')
  async list(@UuidParam() id: string, @Query() query: ParticipantListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const kind = query.kind ?? 'provisional';
    const format = query.format ?? 'pdf';
    const content = await this.lists.download(id, kind, format);
    if (format === 'pdf') pdf(reply, `participants-${kind}-${id}.pdf`);
    else void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="participants-${kind}-${id}.csv"`).header('cache-control', 'no-store');
    return content;
  }

  @Put('conferences/:id/venue')
  putVenue(@UuidParam() id: string, @Body() body: VenueDto) {
    return this.logistics.putVenue(id, body);
  }

  @Get('conferences/:id/venue')
  venue(@UuidParam() id: string) {
    return this.logistics.venue(id);
  }

  @Post('conferences/:id/sessions')
  addSession(@UuidParam() id: string, @Body() body: SessionDto) {
    return this.logistics.addSession(id, body);
  }

  @Get('conferences/:id/sessions')
  async sessions(@UuidParam() id: string) {
    return { items: await this.logistics.sessions(id), nextCursor: null };
  }

  @Post('conferences/:id/tasks')
  addTask(@UuidParam() id: string, @Body() body: TaskDto) {
    return this.logistics.addTask(id, body);
  }

  @Get('conferences/:id/tasks')
  async tasks(@UuidParam() id: string) {
    return { items: await this.logistics.tasks(id), nextCursor: null };
  }

  @Patch('tasks/:id')
  patchTask(@UuidParam() id: string, @Body() body: TaskPatchDto) {
    return this.logistics.patchTask(id, body);
  }

  @Delete('tasks/:id')
  @HttpCode(204)
  deleteTask(@UuidParam() id: string) {
    return this.logistics.deleteTask(id);
  }

  @Get('conferences/:id/logistics')
  overview(@UuidParam() id: string) {
    return this.logistics.overview(id);
  }

  @Get('participants/:id/badge.pdf')
  @ApiProduces('application/pdf')
  async badge(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const content = await this.badges.pdf(id);
    pdf(reply, `badge-${id}.pdf`);
    return content;
  }

  @Post('participants/:id/badge/reissue')
  @HttpCode(202)
  reissue(@UuidParam() id: string) {
    return this.badges.reissue(id);
  }

  @Get('participants/:id/visa-letter.pdf')
  @ApiProduces('application/pdf')
  async visaLetter(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const content = await this.visaLetters.pdf(id);
    pdf(reply, `visa-letter-${id}.pdf`);
    return content;
  }
}
