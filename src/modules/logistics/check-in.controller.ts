import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AllowCheckin, Caller, CurrentCaller } from '../../platform/auth/roles';
import { CheckInService } from './check-in.service';
import { CheckInDto } from './dto/logistics.dto';

/** The door: a scanned badge code in, the participant (or the reason they may not enter) out. */
@ApiTags('venue logistics')
@ApiBearerAuth()
@Controller('api')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post('checkin')
  @HttpCode(200)
  @AllowCheckin()
  checkIn(@Body() body: CheckInDto, @CurrentCaller() caller: Caller) {
    return this.checkIns.checkIn(body.code.trim(), caller.name);
  }

  /** What the desk shows beside each scan: attended of expected, for every conference whose doors are open. */
  @Get('checkin/summary')
  @AllowCheckin()
  summary() {
    return this.checkIns.summary();
  }
}
