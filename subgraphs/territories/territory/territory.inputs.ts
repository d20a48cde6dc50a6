import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { TerritoryRole } from '../../../lib/domain/enums';

/** What a territory is made of; the GraphQL input and the demo seeder both pass this shape. */
export interface NewTerritory {
  name: string;
  states?: readonly string[] | null;
  postalCodes?: readonly string[] | null;
  zipPrefixes?: readonly string[] | null;
  counties?: readonly string[] | null;
}

@InputType('CreateTerritoryInput', { description: 'At least one area (state, ZIP, ZIP prefix or county) is required.' })
export class CreateTerritoryInput implements NewTerritory {
  @Field(() => String)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'USPS state codes, e.g. "TX".' })
  states?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Real US ZIP codes; ZIP+4 is accepted and stored as 5 digits.',
  })
  postalCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Leading 1 to 4 digits of a ZIP code, e.g. "787".' })
  zipPrefixes?: string[] | null;

  @Field(() => [String], { nullable: true, description: '5-digit county FIPS codes (state + county), e.g. "48453".' })
  counties?: string[] | null;
}

/** `assignTerritory`'s arguments, as a class so the SDL lists them in the contract's order. */
@ArgsType()
export class AssignTerritoryArgs {
  @Field(() => ID)
  territoryId!: string;

  @Field(() => ID)
  agentId!: string;

  @Field(() => TerritoryRole, { nullable: true, description: 'PRIMARY when absent.' })
  role?: TerritoryRole | null;

  @Field(() => Float, { nullable: true, description: 'Above 0; 1 when absent.' })
  weight?: number | null;
}
