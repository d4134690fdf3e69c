import { Command } from 'commander';
import { CommandGroup } from './cli-context';

interface PipelineAnswer {
  generatedAt: string;
  series: Array<{ id: string; name: string; conferenceIds: string[]; summitReadiness: { ready: boolean; missingReports: string[] } }>;
  conferences: Array<{
    id: string;
    kind: string;
    title: string;
    city: string | null;
    state: string;
    startsOn: string | null;
    rsvpDeadline: string | null;
    counts: { invited: number; sent: number; failed: number; accepted: number; declined: number; waitlisted: number; noAnswer: number; attended: number };
    nextTransition: string | null;
    blockers: Array<{ guard: string; message: string }>;
    overdue: Array<{ message?: string; kind?: string }>;
  }>;
  unavailable: string[];
}

export const statusCommands: CommandGroup = (program, cli) => {
  program
    .command('status')
    .description('the pipeline: every conference of every series with its funnel, next step and what blocks it')
    .action(async (_options: unknown, command: Command) => {
      const pipeline = await cli.api.get<PipelineAnswer>('/api/pipeline');
      const out = cli.printer(command);
      const { red, green, yellow } = cli.colours;
      out.result(pipeline, () => {
        const byId = new Map(pipeline.conferences.map((c) => [c.id, c]));
        // Guards name conferences by id; people know them by city.
        const named = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => byId.get(id)?.city ?? byId.get(id)?.title ?? id);
        for (const series of pipeline.series) {
          out.line(`Series ${series.name}: summit ${series.summitReadiness.ready ? green('ready') : yellow(`waits for ${series.summitReadiness.missingReports.length} report(s)`)}`);
          const rows = series.conferenceIds.map((id) => byId.get(id)).filter((c): c is PipelineAnswer['conferences'][number] => Boolean(c));
          out.table(rows, [
            { header: 'Conference', value: (c) => c.city ?? c.title },
            { header: 'Kind', value: (c) => c.kind },
            { header: 'State', value: (c) => c.state },
            { header: 'Invited', value: (c) => c.counts.invited },
            { header: 'Accepted', value: (c) => c.counts.accepted },
            { header: 'Declined', value: (c) => c.counts.declined },
            { header: 'No answer', value: (c) => c.counts.noAnswer },
            { header: 'Failed', value: (c) => (c.counts.failed ? red(String(c.counts.failed)) : 0) },
            { header: 'Next', value: (c) => c.nextTransition },
            { header: 'Blocked by', value: (c) => (c.blockers.length ? red(named(c.blockers.map((b) => b.message).join(' '))) : c.nextTransition ? green('nothing') : null) },
          ]);
        }
        if (pipeline.unavailable.length) out.line(yellow(`Figures missing this time: ${pipeline.unavailable.join(', ')}.`));
        out.line(`Figures as of ${pipeline.generatedAt}.`);
      });
    });
};
