/**
 * The demo market: ten states with real metro ZIP prefixes and counties, the
 * carriers independent agencies are typically appointed with, and name lists.
 */
export interface DemoState {
  code: string;
  timezone: string;
  /** A metro territory per entry, by 3-digit ZIP prefixes or county FIPS codes. */
  metros: ReadonlyArray<{ name: string; zipPrefixes?: string[]; counties?: string[]; sampleZips: string[] }>;
  neighbours: string[];
}

export const DEMO_STATES: readonly DemoState[] = [
  {
    code: 'TX',
    timezone: 'America/Chicago',
    metros: [
      { name: 'Austin Metro', zipPrefixes: ['786', '787'], sampleZips: ['78701', '78745', '78660'] },
      { name: 'Houston Metro', zipPrefixes: ['770', '772', '773', '774'], sampleZips: ['77002', '77494', '77380'] },
      { name: 'Dallas-Fort Worth', counties: ['48113', '48439', '48085'], sampleZips: ['75201', '76102', '75024'] },
    ],
    neighbours: ['OK', 'LA'],
  },
  {
    code: 'CA',
    timezone: 'America/Los_Angeles',
    metros: [
      { name: 'Los Angeles', counties: ['06037'], sampleZips: ['90012', '90210', '91101'] },
      { name: 'Bay Area', zipPrefixes: ['940', '941', '943', '945', '951'], sampleZips: ['94105', '94301', '95113'] },
      { name: 'San Diego', zipPrefixes: ['919', '920', '921'], sampleZips: ['92101', '92037'] },
    ],
    neighbours: ['NV', 'AZ'],
  },
  {
    code: 'FL',
    timezone: 'America/New_York',
    metros: [
      { name: 'Miami-Dade', counties: ['12086'], sampleZips: ['33130', '33139', '33186'] },
      { name: 'Tampa Bay', zipPrefixes: ['335', '336', '337'], sampleZips: ['33602', '33701'] },
      { name: 'Orlando', zipPrefixes: ['327', '328'], sampleZips: ['32801', '32819'] },
    ],
    neighbours: ['GA', 'AL'],
  },
  {
    code: 'NY',
    timezone: 'America/New_York',
    metros: [
      {
        name: 'New York City',
        zipPrefixes: ['100', '101', '102', '104', '112', '113', '114'],
        sampleZips: ['10001', '11201', '11375'],
      },
      { name: 'Long Island', zipPrefixes: ['115', '117', '118', '119'], sampleZips: ['11530', '11747'] },
    ],
    neighbours: ['NJ', 'CT', 'PA'],
  },
  {
    code: 'IL',
    timezone: 'America/Chicago',
    metros: [{ name: 'Chicagoland', counties: ['17031', '17043', '17097'], sampleZips: ['60601', '60614', '60540'] }],
    neighbours: ['IN', 'WI'],
  },
  {
    code: 'GA',
    timezone: 'America/New_York',
    metros: [{ name: 'Atlanta Metro', zipPrefixes: ['300', '303'], sampleZips: ['30303', '30309', '30004'] }],
    neighbours: ['FL', 'SC', 'TN'],
  },
  {
    code: 'AZ',
    timezone: 'America/Phoenix',
    metros: [
      { name: 'Phoenix Valley', counties: ['04013'], sampleZips: ['85004', '85251', '85281'] },
      { name: 'Tucson', zipPrefixes: ['856', '857'], sampleZips: ['85701', '85719'] },
    ],
    neighbours: ['NV', 'NM'],
  },
  {
    code: 'OH',
    timezone: 'America/New_York',
    metros: [
      { name: 'Columbus', zipPrefixes: ['430', '432'], sampleZips: ['43215', '43085'] },
      { name: 'Cleveland', zipPrefixes: ['440', '441'], sampleZips: ['44113', '44145'] },
    ],
    neighbours: ['PA', 'MI', 'IN'],
  },
  {
    code: 'PA',
    timezone: 'America/New_York',
    metros: [
      { name: 'Philadelphia', counties: ['42101', '42091', '42045'], sampleZips: ['19103', '19401'] },
      { name: 'Pittsburgh', zipPrefixes: ['150', '151', '152'], sampleZips: ['15222', '15108'] },
    ],
    neighbours: ['NJ', 'OH', 'NY'],
  },
  {
    code: 'NC',
    timezone: 'America/New_York',
    metros: [
      { name: 'Charlotte', zipPrefixes: ['280', '282'], sampleZips: ['28202', '28078'] },
      { name: 'Research Triangle', zipPrefixes: ['275', '276', '277'], sampleZips: ['27601', '27514', '27703'] },
    ],
    neighbours: ['SC', 'VA'],
  },
];

export const PERSONAL_CARRIERS = ['Progressive', 'Travelers', 'Safeco', 'Nationwide', 'Hanover', 'Kemper', 'Openly'];
export const COMMERCIAL_CARRIERS = [
  'Travelers',
  'The Hartford',
  'Chubb',
  'Liberty Mutual',
  'Hanover',
  'CNA',
  'Employers',
];
export const LIFE_HEALTH_CARRIERS = [
  'Mutual of Omaha',
  'Prudential',
  'Humana',
  'Aetna',
  'UnitedHealthcare',
  'Banner Life',
];

// prettier-ignore
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Isabella', 'Lucas', 'Mia', 'Levi',
  'Amelia', 'Ezra', 'Harper', 'James', 'Evelyn', 'Luca', 'Camila', 'Mason', 'Priya', 'Wei', 'Aaliyah', 'DeShawn',
  'Fatima', 'Diego', 'Hannah', 'Marcus', 'Grace', 'Andre', 'Keiko', 'Omar', 'Rosa', 'Tyrone', 'Chloe', 'Hiroshi',
];
// prettier-ignore
export const LAST_NAMES = [
  'Garcia', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Nguyen',
  'Patel', 'Kim', 'Chen', 'Okafor', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young',
  'Allen', 'Wright', 'Lopez', 'Hill', 'Scott', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Perez',
];

export const PARTNERS = ['quotewizard-demo', 'everquote-demo', 'agency-webform'];
