import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Roles } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { CreateWebhookDto, DeliveryListQuery } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/** Subscriptions reach other systems and hold their secrets: admin keys only, reading included. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** 201 with the secret, shown this once; 400 when the URL is not http(s) or reaches a private address. */
  @Post()
  @HttpCode(201)
  @Doc({summary:  "Subscribe a webhook", description:  "Signed POSTs of the chosen events to an HTTPS address; the secret is shown only in this answer.", errors:  [400], status:  201})
  create(@Body() body: CreateWebhookDto, @CurrentCaller() caller: Caller) {
    return this.webhooks.create(body, caller.name);
  }

  @Get()
  @Doc({summary:  "List the webhooks", description:  "Every subscription with its state.", errors:  [400]})
  list(@Query() query: PageQuery) {
    return this.webhooks.list(query);
  }

  @Get(':id')
  @Doc({summary:  "A webhook", description:  "One subscription with its state.", errors:  [400, 404]})
  get(@UuidParam() id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Doc({summary:  "Remove a webhook", description:  "No more deliveries go to it.", errors:  [400, 404], status:  204})
  async remove(@UuidParam() id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  /** Oldest first; `?status=dead` lists what gave up. */
  @Get(':id/deliveries')
  @Doc({summary:  "A webhook's deliveries", description:  "Each event sent, with its attempts and outcome.", errors:  [400, 404]})
  deliveries(@UuidParam() id: string, @Query() query: DeliveryListQuery) {
    return this.webhooks.deliveriesOf(id, query);
  }

  /** 202: a `ping` delivery, queued now. */
  @Post(':id/test')
  @HttpCode(202)
  @Doc({summary:  "Send a test event", description:  "A signed ping to check the receiver.", errors:  [400, 404, 409]})
  test(@UuidParam() id: string) {
    return this.webhooks.ping(id);
  }

  /** Turns a subscription disabled after a day of failures back on. */
  @Post(':id/enable')
  @HttpCode(200)
  @Doc({summary:  "Enable a webhook again", description:  "After it was disabled for failing; its waiting deliveries are queued at once.", errors:  [400, 404]})
  enable(@UuidParam() id: string) {
    return this.webhooks.enable(id);
  }

  /** 202: a dead delivery is tried again, same event id and body, with 24 more hours of retries. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Doc({summary:  "Deliver an event again", description:  "Queues one delivery of a webhook again.", errors:  [400, 404, 409]})
  replay(@UuidParam() id: string, @UuidParam('deliveryId') deliveryId: string) {
    return this.webhooks.replay(id, deliveryId);
  }
}
