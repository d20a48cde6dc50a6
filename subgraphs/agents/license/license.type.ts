import { Field, ObjectType } from 'type-graphql';
import { LineOfAuthority } from '../../../lib/domain/enums';

@ObjectType('License', { description: 'A state producer license for one line of authority' })
export class License {
  @Field(() => String, { description: 'USPS state code' })
  state!: string;

  @Field(() => LineOfAuthority)
  line!: LineOfAuthority;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD)' })
  expiresOn!: string | null;
}
