import { CommandGroup } from './cli-context';
import { clockCommands } from './clock.command';
import { conferenceCommands } from './conference.command';
import { contactsCommands } from './contacts.command';
import { deskCommands } from './desk.command';
import { healthCommands } from './health.command';
import { keysCommands } from './keys.command';
import { seriesCommands } from './series.command';
import { statusCommands } from './status.command';
import { waveCommands } from './wave.command';

/** Every command group of `convene`, in the order `convene --help` lists them; a new group is one file plus one entry here. */
export const COMMAND_GROUPS: CommandGroup[] = [
  seriesCommands,
  conferenceCommands,
  contactsCommands,
  waveCommands,
  deskCommands,
  statusCommands,
  clockCommands,
  keysCommands,
  healthCommands,
];
