import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { AllowCheckin, Caller, CurrentCaller } from '../../platform/auth/roles';
import { bodyValidation } from '../../platform/http/validation';
import { CheckInService } from './check-in.service';
import { CheckInDto } from './dto/accreditation.dto';

/** The door: a scanned badge code in, the participant (or the reason they may not enter) out. */
@ApiTags('venue logistics')
@ApiBearerAuth()
@Controller('api')
export class CheckInController {
  /** The door's bodies are nearly all valid: the pipe's per-request work would cost more than the scan itself. */
  private readonly validScan = bodyValidation(CheckInDto);

  constructor(private readonly checkIns: CheckInService) {}

  @Doc({ summary: 'Check a participant in at the door', description: 'Takes the check-in code a badge’s QR code carries and marks its participant attended, once. A second scan answers 409 saying when; a forged, revoked or unknown code 404. Only while the conference is ready or in session. Checkin keys may call it.', errors: [400, 404, 409] })
  @Post('checkin')
  @HttpCode(200)
  @AllowCheckin()
  @ApiBody({ type: CheckInDto })
  async checkIn(@Body() body: Record<string, unknown>, @CurrentCaller() caller: Caller) {
    const { code } = await this.validScan(body);
    return this.checkIns.checkIn(code.trim(), caller.name);
  }

  /** What the desk shows beside each scan: attended of expected, for every conference whose doors are open. */
  @Doc({ summary: 'Attended of expected, for the check-in desk', description: 'How many participants of the conferences open at the door have been checked in, out of those expected.' })
  @Get('checkin/summary')
  @AllowCheckin()
  summary() {
    return this.checkIns.summary();
  }
}
