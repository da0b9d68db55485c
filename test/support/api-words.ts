/**
 * What the OpenAPI document leaves unsaid: components and fields without a description, parameters
 * without one, operations without an example of what they take or answer. Each finding names where,
 * as a developer would look for it (`Station.location.lat`, `createReservation request example`).
 */
export function missingWords(document: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } }): string[] {
  const missing: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((item) => walk(item, where));
    const schema = node as Record<string, any>;
    for (const [field, property] of Object.entries<any>(schema.properties ?? {})) {
      if (!property.description) missing.push(`${where}.${field}: no description`);
      walk(property, `${where}.${field}`);
    }
    for (const [key, value] of Object.entries(schema)) if (key !== 'properties') walk(value, where);
  };
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (!schema.description) missing.push(`${name}: no description`);
    walk(schema, name);
  }
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values<any>(operations)) {
      const id = operation.operationId;
      for (const parameter of operation.parameters ?? []) {
        if (!parameter.$ref && !parameter.description) missing.push(`${id} parameter ${parameter.name}: no description`);
      }
      const request = operation.requestBody?.content?.['application/json'];
      if (request) {
        walk(request.schema, `${id} request`);
        if (request.example === undefined) missing.push(`${id} request: no example`);
      }
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        const json = response.content?.['application/json'];
        if (!json) continue;
        walk(json.schema, `${id} ${status}`);
        if (json.example === undefined) missing.push(`${id} ${status}: no example`);
      }
    }
  }
  return missing;
}
