/** What the reports module announces; each commits with the change it describes. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'report.generated': { conferenceId: string; seriesId: string; generation: number; attended: number };
    'report.submitted': { conferenceId: string; seriesId: string; generation: number; actor: string };
    'summit.ready': { summitId: string; seriesId: string; waivedConferenceIds: string[] };
  }
}

export {};
