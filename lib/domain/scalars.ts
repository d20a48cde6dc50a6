import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

/** The contract's `DateTime` (ISO-8601, UTC) and `JSON` scalars. */
export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar };
