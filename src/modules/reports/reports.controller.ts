import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller, CurrentCaller } from '../../platform/auth/roles';
import { UuidParam } from '../../platform/http/uuid-param';
import { OutcomesDto, ReportFormatQuery, SummitReportQuery, ThemeDto } from './dto/reports.dto';
import { ReportsService } from './reports.service';
import { SummitReportService } from './summit-report.service';

const TYPES = { md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;

function download(reply: FastifyReply, format: keyof typeof TYPES, name: string): void {
  void reply.type(TYPES[format]).header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${name}.${format}"`);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly summit: SummitReportService,
  ) {}

  @Doc({ summary: 'Recommendation themes', description: 'The controlled list of themes a recommendation may carry, in order.' })
  @Get('report-themes')
  themes() {
    return this.reports.themes();
  }

  @Doc({ summary: 'Add a recommendation theme', description: 'Extends the controlled list of themes.', errors: [400, 409] })
  @Post('report-themes')
  @HttpCode(201)
  addTheme(@Body() body: ThemeDto) {
    return this.reports.addTheme(body.code, body.label);
  }

  @Doc({ summary: 'A conference’s outcomes', description: 'Summary, key outcomes and recommendations with their themes.', errors: [404] })
  @Get('conferences/:id/outcomes')
  outcomes(@UuidParam() id: string) {
    return this.reports.outcomes(id);
  }

  /** Editable until the report is submitted. */
  @Doc({ summary: 'Record a conference’s outcomes', description: 'Summary, key outcomes and recommendations, each with a theme from the list; editable until the report is submitted.', errors: [400, 404, 409] })
  @Put('conferences/:id/outcomes')
  saveOutcomes(@UuidParam() id: string, @Body() body: OutcomesDto, @CurrentCaller() caller: Caller) {
    return this.reports.saveOutcomes(id, body, caller.name);
  }

  @Doc({ summary: 'Generate the follow-up report', description: 'A worker generates the report (JSON, Markdown, CSV and PDF); a newer generation replaces the older.', errors: [404, 409] })
  @Post('conferences/:id/report')
  @HttpCode(202)
  generate(@UuidParam() id: string) {
    return this.reports.requestReport(id);
  }

  /** 404 until a generation is stored. */
  @Doc({ summary: 'Download the follow-up report', description: 'The last generated report as json, md, pdf or csv; 404 until one is generated.', errors: [400, 404] })
  @Get('conferences/:id/report')
  async report(@UuidParam() id: string, @Query() query: ReportFormatQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const value = await this.reports.read(id, format);
    if (format !== 'json') download(reply, format, `report-${id}`);
    return value;
  }

  /** 409 with the failing guards until outcomes are recorded and the report generated. */
  @Doc({ summary: 'Submit the report', description: 'Moves the conference to reported; refused with the failing guards until outcomes are recorded and a current report is generated.', errors: [404, 409] })
  @Post('conferences/:id/report/submit')
  @HttpCode(200)
  submit(@UuidParam() id: string, @CurrentCaller() caller: Caller) {
    return this.reports.submit(id, caller.name);
  }

  @Doc({ summary: 'Generate the summit report', description: 'A worker generates the summit’s consolidated report again (it does so by itself whenever a conference of the series changes state or is waived); a newer generation replaces the older.', errors: [404] })
  @Post('series/:id/summit-report')
  @HttpCode(202)
  generateSummitReport(@UuidParam() id: string) {
    return this.summit.requestFor(id);
  }

  @Doc({ summary: 'The summit’s consolidated report', description: 'The last generated consolidation of the submitted regional reports: totals, distinct countries and organisations, participation by region, recommendations by theme, missing reports and waivers; 404 until one is generated.', errors: [400, 404] })
  @Get('series/:id/summit-report')
  async summitReport(@UuidParam() id: string, @Query() query: SummitReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const value = await this.summit.read(id, format);
    if (format !== 'json') download(reply, format, `summit-report-${id}`);
    return value;
  }
}
