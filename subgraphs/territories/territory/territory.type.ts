import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Areas and members are field resolvers (see TerritoryResolver), batched through the request's loaders. */
@Directive('@key(fields: "id")')
@ObjectType('Territory', {
  description: 'A named set of states, ZIP codes, ZIP prefixes and counties, with member agents.',
})
export class Territory {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;
}
