import { Field, Float, ID, InputType } from 'type-graphql';
import { ProductLine } from '../../../lib/domain/enums';

/** What `LeadService.submit` accepts; the GraphQL input below has this shape, and so may a seeder's plain object. */
export interface SubmitLeadFields {
  externalId: string;
  productLine: ProductLine;
  postalCode: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  estimatedPremium?: number | null;
  carrier?: string | null;
  consentAt?: Date | null;
  /** ADMIN only (and required for ADMIN); a PARTNER's partnerId comes from its token. */
  partnerId?: string | null;
}

@InputType('SubmitLeadInput')
export class SubmitLeadInput implements SubmitLeadFields {
  @Field(() => String, { description: "The partner's id for this lead; with partnerId, the idempotency key." })
  externalId!: string;

  @Field(() => ProductLine)
  productLine!: ProductLine;

  @Field(() => String, { description: '12345 or 12345-6789; must be a real US ZIP code.' })
  postalCode!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'A US (NANP) number in any common format; stored as E.164.' })
  phone?: string | null;

  @Field(() => Float, { nullable: true, description: 'USD, at least 0.' })
  estimatedPremium?: number | null;

  @Field(() => String, { nullable: true })
  carrier?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'TCPA consent time; not in the future (up to 5 minutes of clock skew are tolerated).',
  })
  consentAt?: Date | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'ADMIN only, and required for ADMIN: the partner the lead is submitted for. A PARTNER is always its own.',
  })
  partnerId?: string | null;
}
