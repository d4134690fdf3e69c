import { countryName } from '../../platform/mail/mail-formatting';
import { CATALOGUES } from '../../platform/mail/templates';
import type { DirectoryCard } from '../participants';

type Delegate = Pick<DirectoryCard, 'stakeholderType' | 'organisation' | 'country'>;

/** A delegation as badges and the door name it: a Member State by its country, anyone else by their organisation. */
export function delegationOf(card: Delegate): string {
  if (card.stakeholderType === 'member_state' && card.country) return countryName('en', card.country);
  return card.organisation || (card.country ? countryName('en', card.country) : '');
}

/** The other half of "country (or organisation)": a Member State delegate's organisation, an organisation's country. */
export function affiliationOf(card: Delegate): string | null {
  if (card.stakeholderType === 'member_state') return card.organisation || null;
  return card.country ? countryName('en', card.country) : null;
}

export const capacityLabel = (capacity: DirectoryCard['capacity']): string => CATALOGUES.en.capacities[capacity] ?? capacity;
