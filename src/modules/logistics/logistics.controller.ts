import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../platform/http/uuid-param';
import { BadgesService } from '../accreditation/badges.service';
import { ParticipantListDto, ParticipantListQuery, SessionDto, TaskDto, TaskPatchDto, VenueDto } from './dto/logistics.dto';
import { LogisticsService } from './logistics.service';
import { ParticipantListsService } from '../accreditation/participant-lists.service';
import { VisaLettersService } from '../accreditation/visa-letters.service';

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

  @Doc({ summary: 'Produce the list of participants', description: 'Asks a worker for the list of participants (provisional before the meeting, final after check-in: attended only), in protocol order, as PDF and CSV.', errors: [400, 404] })
  @Post('conferences/:id/participant-lists')
  @HttpCode(202)
  requestList(@UuidParam() id: string, @Body() body: ParticipantListDto) {
    return this.lists.request(id, body.kind);
  }

  @Doc({ summary: 'Download the list of participants', description: 'The last list produced, as PDF or CSV (cells neutralised against formulas); 404 until one is produced.', errors: [400, 404] })
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

  @Doc({ summary: 'Set the venue and its rooms', description: 'The venue’s name, address and rooms with their capacities; replaces what was set before.', errors: [400, 404, 409] })
  @Put('conferences/:id/venue')
  putVenue(@UuidParam() id: string, @Body() body: VenueDto) {
    return this.logistics.putVenue(id, body);
  }

  @Doc({ summary: 'The venue and its rooms', description: 'The venue’s name, address and rooms.', errors: [404] })
  @Get('conferences/:id/venue')
  venue(@UuidParam() id: string) {
    return this.logistics.venue(id);
  }

  @Doc({ summary: 'Add a session to the agenda', description: 'A session in a room, with its times in the conference’s time zone; 409 naming the clashing session when the room is already booked.', errors: [400, 404, 409] })
  @Post('conferences/:id/sessions')
  addSession(@UuidParam() id: string, @Body() body: SessionDto) {
    return this.logistics.addSession(id, body);
  }

  @Doc({ summary: 'The agenda', description: 'The conference’s sessions with their rooms and times.', errors: [404] })
  @Get('conferences/:id/sessions')
  async sessions(@UuidParam() id: string) {
    return { items: await this.logistics.sessions(id), nextCursor: null };
  }

  @Doc({ summary: 'Add a checklist task', description: 'A logistics task with its due date; tasks due before the start must be done before the conference can be ready.', errors: [400, 404] })
  @Post('conferences/:id/tasks')
  addTask(@UuidParam() id: string, @Body() body: TaskDto) {
    return this.logistics.addTask(id, body);
  }

  @Doc({ summary: 'The checklist', description: 'The conference’s logistics tasks, seeded when it was created, with their due dates and whether they are done.', errors: [404] })
  @Get('conferences/:id/tasks')
  async tasks(@UuidParam() id: string) {
    return { items: await this.logistics.tasks(id), nextCursor: null };
  }

  @Doc({ summary: 'Change a checklist task', description: 'Its title, due date or whether it is done.', errors: [400, 404] })
  @Patch('tasks/:id')
  patchTask(@UuidParam() id: string, @Body() body: TaskPatchDto) {
    return this.logistics.patchTask(id, body);
  }

  @Doc({ summary: 'Delete a checklist task', description: 'Removes the task from the checklist.', errors: [404] })
  @Delete('tasks/:id')
  @HttpCode(204)
  deleteTask(@UuidParam() id: string) {
    return this.logistics.deleteTask(id);
  }

  @Doc({ summary: 'Where the venue stands', description: 'Headcount and capacity, rooms booked, badges, visa letters, the checklist, and every blocker to readiness spelled out.', errors: [404] })
  @Get('conferences/:id/logistics')
  overview(@UuidParam() id: string) {
    return this.logistics.overview(id);
  }

  @Doc({ summary: 'A participant’s badge', description: 'The badge PDF with its check-in QR code; 409 while the delegation’s credentials are not verified or the badge is not yet produced.', errors: [404, 409] })
  @Get('participants/:id/badge.pdf')
  @ApiProduces('application/pdf')
  async badge(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const content = await this.badges.pdf(id);
    pdf(reply, `badge-${id}.pdf`);
    return content;
  }

  @Doc({ summary: 'Reissue a badge', description: 'Produces a new badge; the old badge’s check-in code stops working.', errors: [404, 409] })
  @Post('participants/:id/badge/reissue')
  @HttpCode(202)
  reissue(@UuidParam() id: string) {
    return this.badges.reissue(id);
  }

  @Doc({ summary: 'A participant’s visa support letter', description: 'The letter PDF, once a worker has produced it for a requested letter.', errors: [404, 409] })
  @Get('participants/:id/visa-letter.pdf')
  @ApiProduces('application/pdf')
  async visaLetter(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const content = await this.visaLetters.pdf(id);
    pdf(reply, `visa-letter-${id}.pdf`);
    return content;
  }
}
