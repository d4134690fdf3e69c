import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { PageQuery } from '../../platform/http/pagination';
import { UuidParam } from '../../platform/http/uuid-param';
import { ReminderPolicyDto } from './dto/reminder-policy.dto';
import { ReminderPolicies } from './reminder-policies';
import { ReminderSteps } from './reminder-steps.service';

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
  replacePolicy(@UuidParam() conferenceId: string, @Body() body: ReminderPolicyDto, @CurrentCaller() caller: Caller) {
    return this.policies.replace(conferenceId, body, caller.name);
  }

  @Get('reminder-policy')
  policy(@UuidParam() conferenceId: string) {
    return this.policies.view(conferenceId);
  }

  /** Every step, oldest due first: its due time and how many were sent, skipped, held for quiet hours, failed. */
  @Get('reminders')
  list(@UuidParam() conferenceId: string, @Query() query: PageQuery) {
    return this.steps.list(conferenceId, query);
  }
}
