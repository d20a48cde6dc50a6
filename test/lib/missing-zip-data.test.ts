import { missingZipDataReason } from '../../lib/geo/missing-zip-data';
import { lookupZip } from '../../lib/geo/zip-codes';

describe('missingZipDataReason', () => {
  it.each([
    ['00601', 'Puerto Rico (PR)'], // Adjuntas
    ['00901', 'Puerto Rico (PR)'], // San Juan
    ['00802', 'the US Virgin Islands (VI)'], // St Thomas
    ['96910', 'Guam (GU)'], // Hagåtña
    ['96950', 'the Northern Mariana Islands (MP)'], // Saipan
    ['96799', 'American Samoa (AS)'], // Pago Pago
    ['00601-1234', 'Puerto Rico (PR)'],
  ])('says the data lacks the territory of %s', (zip, territory) => {
    expect(lookupZip(zip)).toBeUndefined();
    expect(missingZipDataReason(zip)).toBe(
      `Leadflow has no ZIP data for ${territory} yet, so no ZIP code there can be accepted`,
    );
  });

  it.each([
    ['a ZIP that does not exist', '99999'],
    ['a Marshall Islands ZIP, where no producer is licensed', '96960'],
    ['a Palau ZIP', '96940'],
    ['a malformed ZIP', '0060'],
    ['no string at all', 601],
  ])('leaves %s to the caller', (_, zip) => {
    expect(missingZipDataReason(zip)).toBeUndefined();
  });

  it('has nothing to say about a ZIP the data has', () => {
    expect(lookupZip('78701')).toBeDefined();
    expect(missingZipDataReason('78701')).toBeUndefined();
  });
});
