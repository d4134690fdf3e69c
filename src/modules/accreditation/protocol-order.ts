import { countryName } from '../../platform/mail/mail-formatting';
import type { DirectoryCard } from '../participants';
import type { ListedDelegation } from './accreditation-documents';
import { capacityLabel } from './participant-labels';

/** SPEC §1's order of stakeholder types, Member States first. */
const TYPE_ORDER = ['member_state', 'international_org', 'regional_org', 'un_entity', 'civil_society', 'academia', 'private_sector'];
const CAPACITY_ORDER = ['head', 'alternate', 'delegate', 'adviser', 'observer'];

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * The delegations in protocol order: Member States alphabetically by their English short names,
 * then the other stakeholder types in the order of the vocabulary, each by name; within a
 * delegation its head first, then by capacity and name.
 */
export function protocolOrder(cards: DirectoryCard[]): ListedDelegation[] {
  const groups = new Map<string, { heading: string; type: string; cards: DirectoryCard[] }>();
  for (const card of cards) {
    const type = card.stakeholderType ?? 'civil_society';
    const heading = type === 'member_state' && card.country ? countryName('en', card.country) : card.organisation || (card.country ? countryName('en', card.country) : card.fullName);
    const key = `${type}|${heading}`;
    const group = groups.get(key) ?? groups.set(key, { heading, type, cards: [] }).get(key)!;
    group.cards.push(card);
  }
  const rank = (type: string) => (TYPE_ORDER.indexOf(type) === -1 ? TYPE_ORDER.length : TYPE_ORDER.indexOf(type));
  return [...groups.values()]
    .sort((a, b) => rank(a.type) - rank(b.type) || collator.compare(a.heading, b.heading))
    .map((g) => ({
      heading: g.heading,
      stakeholderType: g.type,
      members: g.cards
        .sort((a, b) => CAPACITY_ORDER.indexOf(a.capacity) - CAPACITY_ORDER.indexOf(b.capacity) || collator.compare(a.fullName, b.fullName))
        .map((c) => ({ participantId: c.participantId, capacity: capacityLabel(c.capacity), honorific: c.honorific, fullName: c.fullName, jobTitle: c.jobTitle })),
    }));
}
