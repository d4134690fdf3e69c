import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/auth/public.decorator';
import { DomainError } from '../../platform/http/domain-error';
import { UPLOAD_LIMIT } from '../../platform/http/http-app';
import { errorStatus, isForm, problemText, wantsJson } from '../../platform/http/public-page';
import { bodyValidation } from '../../platform/http/validation';
import { safeFilename } from '../participants';
import { AnswersService, RsvpLinks } from '../answers';
import { CredentialUpload } from './credential-upload';
import { RsvpAnswerDto } from './dto/rsvp.dto';
import { formToAnswer } from './rsvp-form';
import { PageNotice, renderRsvpPage, renderUnknownLinkPage } from './rsvp-page';
import { RsvpViews } from './rsvp-views';

/** What reading a multipart body can throw, as the client's error: too large (413), or not readable multipart (400). */
function unreadableUpload(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'file_too_large', `file: the document may be at most ${UPLOAD_LIMIT / 1024 / 1024} MB.`);
  }
  if (typeof statusCode === 'number' && statusCode >= 500) return error;
  if (typeof statusCode === 'number' && statusCode >= 400) return new DomainError(statusCode, 'multipart_refused', `file: ${(error as Error).message}`);
  // A missing boundary or a body cut short: busboy's own errors carry no status.
  return DomainError.badRequest('multipart_unreadable', 'file: the upload is not complete multipart/form-data (boundary missing or body cut short); send the PDF again in a field named "file".');
}

/**
 * The personal RSVP link: a page that works without JavaScript, the same data as JSON, and the form
 * post. Opening the link (GET, HEAD) never records anything: mail scanners open every link first.
 * Rate-limited per client address; no-store and no-referrer on every answer (rsvp-http.hook).
 */
@ApiTags('rsvp (public)')
@Public()
@UseGuards(ThrottlerGuard)
@Controller('rsvp')
export class RsvpController {
  private readonly validAnswer = bodyValidation(RsvpAnswerDto);

  constructor(
    private readonly links: RsvpLinks,
    private readonly views: RsvpViews,
    private readonly answers: AnswersService,
    private readonly uploads: CredentialUpload,
  ) {}

  @Get(':token')
  @Doc({ summary: 'The invitation page (HTML), or its data with Accept: application/json', description: "The invitee's personal page, in their language: the conference, their answer and the deadline. Opening it never answers it.", errors: [404], public: true })
  async page(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const json = wantsJson(request, 'none');
    try {
      const opened = await this.links.open(token);
      const view = await this.views.viewOf(opened);
      const closed = view.open ? null : await this.views.closedNow(opened);
      if (json) {
        if (closed) throw new DomainError(closed.status, closed.code, closed.message, { ...closed.details, rsvp: view });
        await reply.send(view);
        return;
      }
      await reply
        .code(closed ? closed.status : HttpStatus.OK)
        .type('text/html; charset=utf-8')
        .send(renderRsvpPage(view, token));
    } catch (error) {
      if (json) throw error;
      await this.sendErrorPage(reply, error);
    }
  }

  @Post(':token')
  @Doc({ summary: 'Accept (with delegates) or decline; form or JSON', description: 'Records the answer (accept with the delegation, decline, or a change of either) until the deadline; answering the same again changes nothing.', errors: [400, 404, 409], public: true })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  async answer(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = isForm(request);
    const json = wantsJson(request, form ? 'form' : 'json');
    try {
      const dto = await this.validAnswer(form ? formToAnswer(body ?? {}) : (body ?? {}));
      const outcome = await this.answers.answer(token, dto);
      if (json) {
        await reply.code(HttpStatus.OK).send(outcome);
        return;
      }
      await this.sendPage(reply, token, HttpStatus.OK, { notice: 'saved' });
    } catch (error) {
      if (json) throw error;
      const status = errorStatus(error);
      if (status === HttpStatus.NOT_FOUND || status >= 500) return this.sendErrorPage(reply, error);
      await this.sendPage(reply, token, status, { problem: problemText(error) });
    }
  }

  @Post(':token/credentials')
  @Doc({ summary: "Upload the delegation's note verbale or nomination letter (PDF), multipart field `file`", description: 'Stored for the secretariat to verify or reject; PDF only, size-limited.', errors: [400, 404, 409, 413, 415], public: true, status: 201 })
  @ApiConsumes('multipart/form-data')
  async credentials(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const json = wantsJson(request, 'json');
    try {
      const opened = await this.links.open(token);
      let filename: string | undefined;
      if (!request.isMultipart()) {
        throw new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'multipart_required', 'Send the document as multipart/form-data, in a field named "file".');
      }
      let content: Buffer;
      try {
        const part = await request.file({ limits: { fileSize: UPLOAD_LIMIT, files: 1 } });
        if (!part || part.fieldname !== 'file') throw DomainError.badRequest('file_required', 'file: attach the PDF document in a field named "file".');
        content = await part.toBuffer();
        filename = part.filename;
      } catch (error) {
        throw unreadableUpload(error);
      }
      const stored = await this.uploads.store(opened, { filename: safeFilename(filename), content });
      const view = { id: stored.id, kind: stored.kind, filename: stored.filename, size: stored.size, sha256: stored.sha256, status: stored.status, uploadedAt: stored.uploadedAt };
      if (json) {
        await reply.code(HttpStatus.CREATED).send(view);
        return;
      }
      await this.sendPage(reply, token, HttpStatus.CREATED, { notice: 'received' });
    } catch (error) {
      if (json) throw error;
      const status = errorStatus(error);
      if (status === HttpStatus.NOT_FOUND || status >= 500) return this.sendErrorPage(reply, error);
      await this.sendPage(reply, token, status, { problem: problemText(error) });
    }
  }

  private async sendPage(reply: FastifyReply, token: string, status: number, notice: PageNotice): Promise<void> {
    const view = await this.views.view(token);
    await reply.code(status).type('text/html; charset=utf-8').send(renderRsvpPage(view, token, notice));
  }

  private async sendErrorPage(reply: FastifyReply, error: unknown): Promise<void> {
    const status = errorStatus(error);
    if (status !== HttpStatus.NOT_FOUND) throw error;
    await reply.code(HttpStatus.NOT_FOUND).type('text/html; charset=utf-8').send(renderUnknownLinkPage());
  }
}
