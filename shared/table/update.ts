import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './design';

/** A readable description of an UpdateItem, turned into expressions by {@link buildUpdate}. */
export interface UpdateSpec {
  key: ItemKey;
  set?: Record<string, unknown>;
  /** Lists to append to (`list_append`, starting an absent list), in the same write. */
  append?: Record<string, readonly unknown[]>;
  /** Numeric increments (`ADD`). */
  add?: Record<string, number>;
  remove?: readonly string[];
  /**
   * Nested paths to set, e.g. `[['volunteers', userId], slot]`: every name segment is aliased (map
   * keys are often ids), a number is a list index.
   */
  setPaths?: readonly (readonly [path: readonly (string | number)[], value: unknown])[];
  /** Nested paths to remove, e.g. `['volunteers', userId]` or `['waitQueue', 0]`. */
  removePaths?: readonly (readonly (string | number)[])[];
  /** A condition expression using `#name` / `:value` placeholders of its own. */
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  returnValues?: UpdateCommandInput['ReturnValues'];
}

/**
 * Builds UpdateItem expressions from plain objects, so no repository spells out
 * `SET #a0 = :a0, …` by hand. Attribute names are always aliased (many are reserved words).
 */
export function buildUpdate(tableName: string, spec: UpdateSpec): UpdateCommandInput {
  const names: Record<string, string> = { ...spec.names };
  const values: Record<string, unknown> = { ...spec.values };
  let counter = 0;
  const alias = (attribute: string) => {
    const name = `#u${counter}`;
    const value = `:u${counter}`;
    counter += 1;
    names[name] = attribute;
    return { name, value };
  };
  const setParts = Object.entries(spec.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([attribute, value]) => {
      const a = alias(attribute);
      values[a.value] = value;
      return `${a.name} = ${a.value}`;
    });
  const appendParts = Object.entries(spec.append ?? {}).map(([attribute, items]) => {
    const a = alias(attribute);
    values[a.value] = items;
    values[`${a.value}e`] = [];
    return `${a.name} = list_append(if_not_exists(${a.name}, ${a.value}e), ${a.value})`;
  });
  const addParts = Object.entries(spec.add ?? {}).map(([attribute, value]) => {
    const a = alias(attribute);
    values[a.value] = value;
    return `${a.name} ${a.value}`;
  });
  const pathOf = (path: readonly (string | number)[]) =>
    path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${alias(segment).name}`)).join('');
  const setPathParts = (spec.setPaths ?? []).map(([path, value]) => {
    const placeholder = `:p${counter}`;
    const expression = `${pathOf(path)} = ${placeholder}`;
    values[placeholder] = value;
    return expression;
  });
  const removeParts = [
    ...(spec.remove ?? []).map((attribute) => alias(attribute).name),
    ...(spec.removePaths ?? []).map(pathOf),
  ];
  const clauses = [
    setParts.length || appendParts.length || setPathParts.length
      ? `SET ${[...setParts, ...appendParts, ...setPathParts].join(', ')}`
      : '',
    addParts.length ? `ADD ${addParts.join(', ')}` : '',
    removeParts.length ? `REMOVE ${removeParts.join(', ')}` : '',
  ].filter(Boolean);
  return {
    TableName: tableName,
    Key: spec.key,
    UpdateExpression: clauses.join(' '),
    ...(spec.condition ? { ConditionExpression: spec.condition } : {}),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    ...(spec.returnValues ? { ReturnValues: spec.returnValues } : {}),
  };
}
