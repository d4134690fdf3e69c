import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ReminderPolicyDto } from './dto/reminder-policy.dto';
import { ReminderPolicies } from './reminder-policies';
import { ReminderSteps } from './reminder-steps';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api/conferences/:id')
export class RemindersController {
  constructor(
    private readonly policies: ReminderPolicies,
    private readonly steps: ReminderSteps,
  ) {}

  /** Replaces the policy; steps that have not gone out are planned again at once. */
  @Put('reminder-policy')
  @Doc({summary:  "Replace a conference's reminder policy", description:  "Days before the deadline for non-responders, days before the start for participants, quiet hours and the daily digest. Steps that have not gone out are planned again at once.", errors:  [400, 404, 409]})
  replacePolicy(@UuidParam() conferenceId: string, @Body() body: ReminderPolicyDto, @CurrentCaller() caller: Caller) {
    return this.policies.replace(conferenceId, body, caller.name);
  }

  @Get('reminder-policy')
  @Doc({summary:  "A conference's reminder policy", description:  "Its own, or the default while it has none (`isDefault`).", errors:  [400, 404]})
  policy(@UuidParam() conferenceId: string) {
    return this.policies.view(conferenceId);
  }

  /** Every step, oldest due first: its due time and how many were sent, skipped, held for quiet hours, failed. */
  @Get('reminders')
  @Doc({summary:  "A conference's reminder steps", description:  "Every step, oldest due first: its due time and how many were sent, skipped, held for quiet hours and failed.", errors:  [400, 404]})
  list(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.steps.list(conferenceId, query);
  }
}
