/** What the places module announces: offers of freed places, and offers that lapsed. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'waitlist.promoted': { conferenceId: string; invitationId: string; places: number; offerNo: number; offerExpiresAt: string };
    /** An offer that was not confirmed in time; its places pass to the next parties. */
    'waitlist.offer_lapsed': { conferenceId: string; invitationId: string; offerNo: number; placesFreed: number };
  }
}

export {};
