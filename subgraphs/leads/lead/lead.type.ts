import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { CustomerType, LeadStatus, ProductLine } from '../../../lib/domain/enums';

/**
 * The public face of a lead. Resolvers return `LeadEntity` rows; only the fields
 * declared here are exposed, so the contact columns stay behind `contact`, whose
 * resolver decides who may see them.
 */
@Directive('@key(fields: "id")')
@ObjectType('Lead')
export class Lead {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The partner (lead source) that submitted the lead.' })
  partnerId!: string;

  @Field(() => String, { description: "The partner's own id for the lead: with partnerId, the idempotency key." })
  externalId!: string;

  @Field(() => ProductLine)
  productLine!: ProductLine;

  @Field(() => CustomerType, { description: 'PERSONAL or COMMERCIAL, from the product line.' })
  customerType!: CustomerType;

  @Field(() => String, { description: '5-digit ZIP code.' })
  postalCode!: string;

  @Field(() => String, { description: 'USPS state code, derived from postalCode.' })
  state!: string;

  @Field(() => String, { description: 'County, derived from postalCode.' })
  county!: string;

  @Field(() => String, { description: 'City, derived from postalCode.' })
  city!: string;

  @Field(() => String, { description: 'IANA time zone of the ZIP code, e.g. America/Chicago.' })
  timezone!: string;

  @Field(() => Float, { nullable: true, description: 'USD, rounded to the cent.' })
  estimatedPremium!: number | null;

  @Field(() => String, { nullable: true })
  carrier!: string | null;

  @Field(() => LeadStatus)
  status!: LeadStatus;

  @Field(() => Date, { nullable: true, description: 'When the consumer gave TCPA consent.' })
  consentAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

/** Contact PII of a lead. */
@ObjectType('LeadContact')
export class LeadContact {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Lower-cased.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +15125550100.' })
  phone!: string | null;
}
