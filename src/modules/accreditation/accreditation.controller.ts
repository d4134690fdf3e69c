import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../platform/http/uuid-param';
import { BadgesService } from './badges.service';
import { ParticipantListDto, ParticipantListQuery } from './dto/accreditation.dto';
import { ParticipantListsService } from './participant-lists.service';
import { VisaLettersService } from './visa-letters.service';

const pdf = (reply: FastifyReply, filename: string) =>
  void reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');

/** The secretariat's side of accreditation: badges, visa letters and the lists of participants (the API groups them with venue logistics). */
@ApiTags('venue logistics')
@ApiBearerAuth()
@Controller('api')
export class AccreditationController {
  constructor(
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
