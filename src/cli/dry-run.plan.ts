import { DryRunPlan } from './dry-run';
import { feedbackArrives, reportSubmitted, summitReport } from './dry-run.reports';
import {
  answersArrive,
  conferenceConcludes,
  conferenceOpens,
  createSeries,
  finalPicture,
  importDirectory,
  registrationCloses,
  reminderReport,
  remindersGoOut,
  sendInvitations,
  sendSummitInvitations,
  snapshotAt,
  summitAnswersArrive,
} from './dry-run.steps';
import { checkInAtTheDoor, confirmReadiness, reviewCredentials, setUpVenues } from './dry-run.venue';

/**
 * The dry run of the model series, as a secretariat would live it. Steps are named and run in this
 * order (timed steps in clock order); a new capability adds its steps here.
 */
export const MODEL_SERIES_DRY_RUN: DryRunPlan = {
  startsAt: '2019-08-01T08:00:00Z',
  setup: [createSeries, importDirectory, setUpVenues],
  timeline: [
    sendInvitations,
    sendSummitInvitations,
    answersArrive,
    summitAnswersArrive,
    reviewCredentials,
    remindersGoOut(14),
    remindersGoOut(7),
    remindersGoOut(3),
    registrationCloses,
    reminderReport,
    confirmReadiness,
    conferenceOpens,
    checkInAtTheDoor,
    conferenceConcludes,
    feedbackArrives,
    reportSubmitted,
    snapshotAt('The first answers are in', '2019-09-10T16:00:00Z'),
    snapshotAt('Half-way: the turn of the year', '2020-01-01T16:00:00Z'),
    snapshotAt('Every regional conference has met', '2020-03-09T16:00:00Z'),
    snapshotAt('The regional reports are in', '2020-03-20T16:00:00Z'),
    snapshotAt('The summit invitations are answered', '2020-05-25T16:00:00Z'),
  ],
  finish: [finalPicture, summitReport],
};
