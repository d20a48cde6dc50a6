import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CustomerType, ProductLine } from '../../../lib/domain/enums';
import { PRODUCT_LINES } from '../../../lib/domain/product-lines';
import { hasControlCharacters } from '../../../lib/domain/text';
import { BadUserInputError } from '../../../lib/errors';
import { missingZipDataReason } from '../../../lib/geo/missing-zip-data';
import { lookupZip, type ZipLocation } from '../../../lib/geo/zip-codes';
import type { SubmitLeadFields } from './lead.inputs';

/** Partners' clocks drift; a consent time this far ahead of ours is still accepted. */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * No web or phone consent a lead carries is older: an earlier time is a
 * partner's placeholder or a mistyped year, useless as a TCPA record (and
 * MySQL's DATETIME read years before 100 back as this century's).
 */
export const EARLIEST_CONSENT = new Date('2000-01-01T00:00:00Z');
export const MAX_EXTERNAL_ID_LENGTH = 128;
export const MAX_NAME_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_CARRIER_LENGTH = 128;
/** DECIMAL(14,2). */
export const MAX_PREMIUM = 999_999_999_999.99;

/** A submission that passed every check, normalized for storage. */
export interface ValidSubmission {
  externalId: string;
  productLine: ProductLine;
  customerType: CustomerType;
  location: ZipLocation;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  estimatedPremium: number | null;
  carrier: string | null;
  consentAt: Date | null;
}

const isBlank = (value: string | null | undefined): boolean => value == null || value.trim() === '';

function requiredText(field: string, value: string, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new BadUserInputError(field, 'must not be empty');
  if (text.length > maxLength) throw new BadUserInputError(field, `must be at most ${maxLength} characters`);
  if (hasControlCharacters(text)) throw new BadUserInputError(field, 'must not contain control characters');
  return text;
}

function email(value: string | null | undefined): string | null {
  if (isBlank(value)) return null;
  // One spelling per address: composed accents (NFC), lower case; the duplicate check compares bytes.
  const address = value!.trim().normalize('NFC').toLowerCase();
  if (address.length > MAX_EMAIL_LENGTH || !isEmail(address)) {
    throw new BadUserInputError('input.email', 'must be a well-formed email address');
  }
  return address;
}

/** Any common US notation; stored in E.164 so that duplicates match however it was typed. */
function phone(value: string | null | undefined): string | null {
  if (isBlank(value)) return null;
  const parsed = parsePhoneNumberFromString(value!.trim(), 'US');
  // NANP (+1) covers the states and the territories with US ZIP codes, such as Puerto Rico.
  if (!parsed || parsed.countryCallingCode !== '1' || !parsed.isValid()) {
    throw new BadUserInputError('input.phone', 'must be a valid US phone number');
  }
  return parsed.number;
}

function premium(value: number | null | undefined): number | null {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_PREMIUM) {
    throw new BadUserInputError('input.estimatedPremium', `must be a finite amount between 0 and ${MAX_PREMIUM}`);
  }
  // Stored as DECIMAL(14,2): round here so the response equals what a later read returns.
  return Math.round(value * 100) / 100;
}

function carrier(value: string | null | undefined): string | null {
  if (isBlank(value)) return null;
  const name = value!.trim();
  if (name.length > MAX_CARRIER_LENGTH) {
    throw new BadUserInputError('input.carrier', `must be at most ${MAX_CARRIER_LENGTH} characters`);
  }
  if (hasControlCharacters(name)) throw new BadUserInputError('input.carrier', 'must not contain control characters');
  return name;
}

function consentAt(value: Date | null | undefined, now: Date): Date | null {
  if (value == null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new BadUserInputError('input.consentAt', 'must be a date-time');
  }
  if (value.getTime() > now.getTime() + CONSENT_CLOCK_SKEW_MS) {
    throw new BadUserInputError('input.consentAt', 'must not be in the future');
  }
  if (value.getTime() < EARLIEST_CONSENT.getTime()) {
    throw new BadUserInputError('input.consentAt', `must not be before ${EARLIEST_CONSENT.toISOString()}`);
  }
  return value;
}

/**
 * Checks every field of a submission, in input order, before anything is written.
 * Blank optional fields (email, phone, carrier) count as absent; surrounding
 * whitespace is never part of a value, the external id included.
 */
export function validateSubmission(input: SubmitLeadFields, now: Date): ValidSubmission {
  const externalId = requiredText('input.externalId', input.externalId, MAX_EXTERNAL_ID_LENGTH);
  const productLineSpec = PRODUCT_LINES[input.productLine];
  if (!productLineSpec) throw new BadUserInputError('input.productLine', 'must be a ProductLine');
  const location = typeof input.postalCode === 'string' ? lookupZip(input.postalCode) : undefined;
  if (!location) {
    throw new BadUserInputError(
      'input.postalCode',
      missingZipDataReason(input.postalCode) ?? 'must be an existing US ZIP code (12345 or 12345-6789)',
    );
  }
  return {
    externalId,
    productLine: input.productLine,
    customerType: productLineSpec.customerType,
    location,
    firstName: requiredText('input.firstName', input.firstName, MAX_NAME_LENGTH),
    lastName: requiredText('input.lastName', input.lastName, MAX_NAME_LENGTH),
    email: email(input.email),
    phone: phone(input.phone),
    estimatedPremium: premium(input.estimatedPremium),
    carrier: carrier(input.carrier),
    consentAt: consentAt(input.consentAt, now),
  };
}
