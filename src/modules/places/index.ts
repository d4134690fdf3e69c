/** What other modules may use of places; everything else in this folder is internal. */
export { PlacesModule } from './places.module';
export { Parties, PARTY_COLUMNS, notWaitlisted } from './parties';
export type { PartyAnswer, PartyRow, PartyStatus, PartyWho } from './parties';
export { PlaceLedger } from './place-ledger';
export { WaitlistService } from './waitlist.service';
export { OffersService } from './offers.service';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './places.events';
