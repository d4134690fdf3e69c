import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, HttpCode, OnModuleInit, Post } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { Roles } from '../../platform/auth/roles';
import { DomainError } from '../../platform/http/domain-error';
import { BouncesService } from './bounces.service';

/** The largest report taken: a returned message with its attachments can be large; the report itself is small. */
export const REPORT_BODY_LIMIT = 10 * 1024 * 1024;
/** How reports arrive: a mail server's pipe sends the raw message; a provider's forward may name the report's own type. */
const RAW_TYPES = ['message/rfc822', 'multipart/report', 'application/octet-stream'];

@ApiTags('mail')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/mail')
export class BouncesController implements OnModuleInit {
  constructor(
    private readonly bounces: BouncesService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: REPORT_BODY_LIMIT }, (request, body, done) => {
      // Posted as multipart/report, the HTTP header carries the boundary the body needs to be read.
      const type = request.headers['content-type'] ?? '';
      done(null, /^multipart\/report/i.test(type) ? Buffer.concat([Buffer.from(`Content-Type: ${type}\r\n\r\n`), body as Buffer]) : body);
    });
  }

  /**
   * A delivery status notification (RFC 3464), the raw message as received: 202 with what it
   * matched. Send it as message/rfc822 (or text/plain), e.g. from a mail server's pipe:
   * `curl -H "Authorization: Bearer $KEY" -H 'Content-Type: message/rfc822' --data-binary @- $URL/api/mail/bounces`.
   */
  @Post('bounces')
  @HttpCode(202)
  @ApiConsumes('message/rfc822', 'multipart/report', 'text/plain')
  @ApiBody({ description: 'The raw delivery status notification', schema: { type: 'string', format: 'binary' } })
  @Doc({summary:  "Report a bounced message", description:  "A delivery status notification from the mail system; a permanent bounce marks the invitation and the contact's address undeliverable.", errors:  [400, 413, 415]})
  receive(@Body() body: unknown) {
    const raw = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body, 'utf8') : null;
    if (!raw || raw.length === 0) {
      throw DomainError.badRequest('delivery_report_required', 'Post the raw delivery status notification as the body, with Content-Type message/rfc822 or text/plain.');
    }
    return this.bounces.receive(raw);
  }
}
