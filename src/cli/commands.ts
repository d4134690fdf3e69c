import { CommandGroup } from './cli-context';
import { clockCommands } from './clock.command';
import { conferenceCommands } from './conference.command';
import { healthCommands } from './health.command';
import { keysCommands } from './keys.command';
import { seriesCommands } from './series.command';

/** Every command group of `convene`, in the order `convene --help` lists them; a new group is one file plus one entry here. */
export const COMMAND_GROUPS: CommandGroup[] = [seriesCommands, conferenceCommands, clockCommands, keysCommands, healthCommands];
