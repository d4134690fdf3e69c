import { Body, Controller, HttpCode, Post } from '@nestjs/common';
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
}
