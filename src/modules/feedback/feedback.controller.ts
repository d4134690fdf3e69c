import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/auth/public.decorator';
import { errorStatus, isForm, problemText, wantsJson } from '../../platform/http/public-page';
import { bodyValidation } from '../../platform/http/validation';
import { FeedbackDto } from './dto/feedback.dto';
import { FeedbackRateLimit } from './feedback-rate-limit';
import { renderFeedbackPage, renderUnknownFeedbackPage } from './feedback-page';
import { FeedbackService } from './feedback.service';

const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * The thank-you mail's personal link: a page that works without JavaScript (JSON with Accept:
 * application/json) and its form. Public, by the RSVP link's rules: the same 404 for every unknown
 * token, a per-address rate limit of its own, never cached or referred.
 */
@ApiTags('feedback (public)')
@Public()
@UseGuards(FeedbackRateLimit)
@Controller('feedback')
export class FeedbackController {
  private readonly valid = bodyValidation(FeedbackDto);

  constructor(private readonly feedback: FeedbackService) {}

  @Doc({ summary: 'The feedback page', description: 'The thank-you mail’s personal link: a page in the participant’s language (JSON when asked). Every unknown link answers the same 404.', errors: [404], public: true })
  @Get(':token')
  async page(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.headers(HEADERS);
    const json = wantsJson(request, 'none');
    try {
      const view = await this.feedback.view(token);
      if (json) return void (await reply.send(view));
      await reply.type('text/html; charset=utf-8').send(renderFeedbackPage(view, token));
    } catch (error) {
      if (json || errorStatus(error) !== HttpStatus.NOT_FOUND) throw error;
      await reply.code(HttpStatus.NOT_FOUND).type('text/html; charset=utf-8').send(renderUnknownFeedbackPage());
    }
  }

  @Doc({ summary: 'Give feedback', description: 'A rating from 1 to 5 and an optional comment; changeable until the report is submitted.', errors: [400, 404, 409], public: true })
  @Post(':token')
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  async answer(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.headers(HEADERS);
    const form = isForm(request);
    const json = wantsJson(request, form ? 'form' : 'json');
    try {
      const given: Record<string, unknown> = { ...(body ?? {}) };
      if (form) {
        // A form posts text: the rating as digits, an empty comment when none was written.
        if (typeof given.rating === 'string' && /^\d$/.test(given.rating)) given.rating = Number(given.rating);
        if (given.comment === '') delete given.comment;
      }
      const view = await this.feedback.answer(token, await this.valid(given));
      if (json) return void (await reply.code(HttpStatus.OK).send(view));
      await reply.code(HttpStatus.OK).type('text/html; charset=utf-8').send(renderFeedbackPage(view, token, { saved: true }));
    } catch (error) {
      const status = errorStatus(error);
      if (json || status >= 500) throw error;
      if (status === HttpStatus.NOT_FOUND) return void (await reply.code(status).type('text/html; charset=utf-8').send(renderUnknownFeedbackPage()));
      const view = await this.feedback.view(token);
      await reply.code(status).type('text/html; charset=utf-8').send(renderFeedbackPage(view, token, { problem: problemText(error) }));
    }
  }
}
