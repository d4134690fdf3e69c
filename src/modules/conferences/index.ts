/** What other modules may use of conferences; everything else in this folder is internal. */
export { CONFERENCE_STATES, REPORT_SUBMITTED, allowedTargets } from './conference-lifecycle';
export type { ConferenceState } from './conference-lifecycle';
export { conferenceCalendar, conferenceInfo, conferenceTexts } from './conference-mail';
export type { ConferenceSummary } from './conference-summary';
export { inConferenceZone, sessionWindow, toConferenceView } from './conference-view';
export type { ConferenceView } from './conference-view';
export { ConferencesModule } from './conferences.module';
export { ConferencesService } from './conferences.service';
export type { SummitReadiness } from './conferences.service';
export { ConferenceTranslationsDto, CreateConferenceDto } from './dto/conference.dto';
export { LifecycleGuards } from './lifecycle-guards';
export type { FailedGuard, LifecycleGuard } from './lifecycle-guards';
export { TransitionEffects } from './transition-effects';
