import { Field, InputType } from 'type-graphql';
import { LineOfAuthority } from '../../../lib/domain/enums';

@InputType('LicenseInput')
export class LicenseInput {
  @Field(() => String, { description: 'USPS state code' })
  state!: string;

  @Field(() => LineOfAuthority)
  line!: LineOfAuthority;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD)' })
  expiresOn?: string | null;
}
