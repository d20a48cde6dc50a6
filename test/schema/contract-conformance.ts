import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/**
 * Compares the public contract with the gateway's API schema. Each finding is
 * a coordinate (`Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`) and why.
 */
export interface Finding {
  coordinate: string;
  problem: string;
}

/** Output positions may be stricter than the contract (non-null where it allows null). */
function outputCompatible(contract: GraphQLType, actual: GraphQLType): boolean {
  if (isNonNullType(contract)) return isNonNullType(actual) && outputCompatible(contract.ofType, actual.ofType);
  const inner = isNonNullType(actual) ? actual.ofType : actual;
  if (isListType(contract)) return isListType(inner) && outputCompatible(contract.ofType, inner.ofType);
  return !isListType(inner) && getNamedType(inner).name === contract.name;
}

/** Input positions may be looser than the contract (optional where it requires). */
function inputCompatible(contract: GraphQLType, actual: GraphQLType): boolean {
  const contractInner = isNonNullType(contract) ? contract.ofType : contract;
  if (isNonNullType(actual) && !isNonNullType(contract)) return false;
  const actualInner = isNonNullType(actual) ? actual.ofType : actual;
  if (isListType(contractInner))
    return isListType(actualInner) && inputCompatible(contractInner.ofType, actualInner.ofType);
  return !isListType(actualInner) && getNamedType(actualInner).name === contractInner.name;
}

const describeType = (type: GraphQLNamedType): string =>
  isObjectType(type)
    ? 'object'
    : isInputObjectType(type)
      ? 'input'
      : isEnumType(type)
        ? 'enum'
        : isScalarType(type)
          ? 'scalar'
          : 'other';

export function compareWithContract(contract: GraphQLSchema, api: GraphQLSchema): Finding[] {
  const findings: Finding[] = [];
  const missing = (coordinate: string, problem = 'missing'): void => void findings.push({ coordinate, problem });

  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    const actual = api.getType(type.name);
    if (!actual) {
      missing(type.name);
      continue;
    }
    if (describeType(actual) !== describeType(type)) {
      missing(type.name, `is ${describeType(actual)}, contract says ${describeType(type)}`);
      continue;
    }
    if (isObjectType(type) && (isObjectType(actual) || isInterfaceType(actual))) {
      const actualFields = actual.getFields();
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const actualField = actualFields[field.name];
        if (!actualField) {
          missing(coordinate);
          continue;
        }
        if (!outputCompatible(field.type as GraphQLOutputType, actualField.type)) {
          missing(coordinate, `type ${String(actualField.type)} is not compatible with ${String(field.type)}`);
        }
        for (const arg of field.args) {
          const actualArg = actualField.args.find((candidate) => candidate.name === arg.name);
          if (!actualArg) missing(`${coordinate}(${arg.name})`);
          else if (!inputCompatible(arg.type as GraphQLInputType, actualArg.type)) {
            missing(
              `${coordinate}(${arg.name})`,
              `type ${String(actualArg.type)} is not compatible with ${String(arg.type)}`,
            );
          }
        }
        for (const extra of actualField.args) {
          if (
            isNonNullType(extra.type) &&
            extra.defaultValue === undefined &&
            !field.args.some((arg) => arg.name === extra.name)
          ) {
            missing(`${coordinate}(${extra.name})`, 'is a required argument the contract does not have');
          }
        }
      }
    }
    if (isInputObjectType(type) && isInputObjectType(actual)) {
      const actualFields = actual.getFields();
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const actualField = actualFields[field.name];
        if (!actualField) missing(coordinate);
        else if (!inputCompatible(field.type, actualField.type)) {
          missing(coordinate, `type ${String(actualField.type)} is not compatible with ${String(field.type)}`);
        }
      }
      for (const extra of Object.values(actualFields)) {
        if (!type.getFields()[extra.name] && isNonNullType(extra.type) && extra.defaultValue === undefined) {
          missing(`${type.name}.${extra.name}`, 'is a required input field the contract does not have');
        }
      }
    }
    if (isEnumType(type) && isEnumType(actual)) {
      for (const value of type.getValues()) {
        if (!actual.getValue(value.name)) missing(`${type.name}.${value.name}`);
      }
    }
  }
  return findings;
}
