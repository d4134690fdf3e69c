import { Doc } from '../http/api-docs';
import { Body, Controller, ForbiddenException, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Roles } from '../auth/roles';
import { DomainError } from '../http/domain-error';
import { IsInstant } from '../http/validators';
import { ClockService } from './clock.service';
import { TickService } from './tick.service';

export class MoveClockDto {
  @ApiPropertyOptional({ example: '2019-10-01T09:00:00+03:00' })
  @ValidateIf((o: MoveClockDto) => o.advance === undefined)
  @IsInstant({ message: 'to must be an ISO-8601 time with offset, e.g. 2019-10-01T09:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ example: 'P3D' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  advance?: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/clock')
export class ClockController {
  constructor(
    private readonly clock: ClockService,
    private readonly tick: TickService,
  ) {}

  @Get()
  @Doc({summary:  "The clock", description:  "Whether the service runs on the system or the manual clock, and its time.", example:  {mode:  "manual", now:  "2027-08-01T08:00:00.000Z"}})
  async read() {
    return { mode: this.clock.mode, now: (await this.clock.now()).toISOString() };
  }

  /** Moves the manual clock, then performs everything that became due before answering. */
  @Post()
  @HttpCode(200)
  @Roles('admin')
  @Doc({summary:  "Move the manual clock", description:  "Admins only, with CONVENE_CLOCK=manual: sets or advances the time (never backwards), then performs everything that became due before answering.", errors:  [400]})
  async move(@Body() body: MoveClockDto) {
    if (this.clock.mode !== 'manual') throw new ForbiddenException('The clock can only be moved when the service runs with CONVENE_CLOCK=manual.');
    if (body.to !== undefined && body.advance !== undefined) throw DomainError.badRequest('clock_ambiguous', 'Give either to or advance, not both.');
    const { from, to } = await this.clock.move(body);
    const { performed } = await this.tick.run();
    return { mode: 'manual', from: from.toISOString(), now: to.toISOString(), performed };
  }
}
