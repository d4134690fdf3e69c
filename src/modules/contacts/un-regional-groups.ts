/**
 * The United Nations regional groups of Member States, by ISO 3166-1 alpha-2 code.
 *
 * Source: United Nations Department for General Assembly and Conference Management (DGACM),
 * "United Nations Regional Groups of Member States". No maintained data package carries this
 * table, so it is kept here by hand; together the groups hold all 193 Member States (a unit test
 * checks the count and that every code is a country of the UN M49 table).
 *
 * Decisions where membership is not plain:
 * - Israel: a full member of WEOG (in New York), so WEOG here.
 * - Türkiye: participates fully in both WEOG and the Asia-Pacific Group, and is counted in WEOG
 *   for electoral purposes, so WEOG here only.
 * - Kiribati: a member of the Asia-Pacific Group.
 * - United States of America: a member of no group, an observer in WEOG and counted with it for
 *   electoral purposes, so WEOG here: an audience "WEOG" reaches US contacts, and reports count
 *   US participants under WEOG.
 */
export const REGIONAL_GROUPS = ['AFRICAN', 'ASIA_PACIFIC', 'EASTERN_EUROPEAN', 'GRULAC', 'WEOG'] as const;
export type RegionalGroup = (typeof REGIONAL_GROUPS)[number];

export const REGIONAL_GROUP_NAMES: Record<RegionalGroup, string> = {
  AFRICAN: 'African Group',
  ASIA_PACIFIC: 'Asia-Pacific Group',
  EASTERN_EUROPEAN: 'Eastern European Group',
  GRULAC: 'Latin American and Caribbean Group',
  WEOG: 'Western European and Others Group',
};

export const REGIONAL_GROUP_MEMBERS: Record<RegionalGroup, readonly string[]> = {
  // 54 Member States
  AFRICAN: [
    'DZ', 'AO', 'BJ', 'BW', 'BF', 'BI', 'CV', 'CM', 'CF', 'TD', 'KM', 'CG', 'CI', 'CD', 'DJ', 'EG', 'GQ', 'ER',
    'SZ', 'ET', 'GA', 'GM', 'GH', 'GN', 'GW', 'KE', 'LS', 'LR', 'LY', 'MG', 'MW', 'ML', 'MR', 'MU', 'MA', 'MZ',
    'NA', 'NE', 'NG', 'RW', 'ST', 'SN', 'SC', 'SL', 'SO', 'ZA', 'SS', 'SD', 'TG', 'TN', 'UG', 'TZ', 'ZM', 'ZW',
  ],
  // 54 Member States, Kiribati included
  ASIA_PACIFIC: [
    'AF', 'BH', 'BD', 'BT', 'BN', 'KH', 'CN', 'CY', 'KP', 'FJ', 'IN', 'ID', 'IR', 'IQ', 'JP', 'JO', 'KZ', 'KI',
    'KW', 'KG', 'LA', 'LB', 'MY', 'MV', 'MH', 'FM', 'MN', 'MM', 'NR', 'NP', 'OM', 'PK', 'PW', 'PG', 'PH', 'QA',
    'KR', 'WS', 'SA', 'SG', 'SB', 'LK', 'SY', 'TJ', 'TH', 'TL', 'TO', 'TM', 'TV', 'AE', 'UZ', 'VU', 'VN', 'YE',
  ],
  // 23 Member States
  EASTERN_EUROPEAN: [
    'AL', 'AM', 'AZ', 'BY', 'BA', 'BG', 'HR', 'CZ', 'EE', 'GE', 'HU', 'LV', 'LT', 'ME', 'MK', 'PL', 'MD', 'RO',
    'RU', 'RS', 'SK', 'SI', 'UA',
  ],
  // 33 Member States
  GRULAC: [
    'AG', 'AR', 'BS', 'BB', 'BZ', 'BO', 'BR', 'CL', 'CO', 'CR', 'CU', 'DM', 'DO', 'EC', 'SV', 'GD', 'GT', 'GY',
    'HT', 'HN', 'JM', 'MX', 'NI', 'PA', 'PY', 'PE', 'KN', 'LC', 'VC', 'SR', 'TT', 'UY', 'VE',
  ],
  // 28 members, Israel and Türkiye included, plus the United States counted with the group (see above)
  WEOG: [
    'AD', 'AU', 'AT', 'BE', 'CA', 'DK', 'FI', 'FR', 'DE', 'GR', 'IS', 'IE', 'IL', 'IT', 'LI', 'LU', 'MT', 'MC',
    'NL', 'NZ', 'NO', 'PT', 'SM', 'ES', 'SE', 'CH', 'TR', 'GB', 'US',
  ],
};
