/**
 * The API reference page, rendered from the OpenAPI document on the server: one HTML file with no
 * CDN, no web font and no framework, so it works offline, on a phone, and behind the city's
 * network. Each operation shows its parameters with their types, its body and answer as field
 * tables (named schemas link to their own table), examples, and the problem codes it may answer;
 * a search box filters operations and schemas as you type.
 */

type Json = Record<string, any>;

const escape = (value: unknown) => String(value).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Markdown's inline code only: the document's descriptions use backticks and nothing else. */
const prose = (text: unknown) => (text === undefined ? '' : escape(text).replace(/`([^`]+)`/g, '<code>$1</code>'));

const refName = (ref: string) => ref.split('/').pop()!;
const schemaLink = (name: string) => `<a href="#schema-${escape(name)}">${escape(name)}</a>`;

/** A schema's type in a few words: `string (date-time)`, `Station[]`, `"zh" | "en"`. */
function typeOf(schema: Json | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schemaLink(refName(schema.$ref));
  if ('const' in schema) return `<code>${escape(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) return schema.enum.map((value: unknown) => `<code>${escape(JSON.stringify(value))}</code>`).join(' | ');
  const branches: Json[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.map(typeOf).join(' | ');
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return (
    types
      .map((type) => {
        if (type === 'array') return schema.prefixItems ? `[${schema.prefixItems.map(typeOf).join(', ')}]` : `${typeOf(schema.items)}[]`;
        if (type === 'object' && !schema.properties && schema.additionalProperties) return `map of ${typeOf(schema.additionalProperties)}`;
        return schema.format ? `${type} (${escape(schema.format)})` : type;
      })
      .join(' | ') || 'any'
  );
}

/** The bounds and defaults worth a reader's eye. */
function constraintsOf(schema: Json): string {
  const parts: string[] = [];
  const bound = (label: string, value: unknown) => value !== undefined && parts.push(`${label} ${escape(value)}`);
  bound('≥', schema.minimum);
  bound('≤', schema.maximum);
  bound('min length', schema.minLength);
  bound('max length', schema.maxLength);
  bound('min items', schema.minItems);
  bound('max items', schema.maxItems);
  // A format (date-time) says it better than zod's long pattern for it.
  if (schema.pattern && !schema.format) parts.push(`pattern <code>${escape(schema.pattern)}</code>`);
  if ('default' in schema) parts.push(`default <code>${escape(JSON.stringify(schema.default))}</code>`);
  return parts.length ? `<span class="c">${parts.join(', ')}</span>` : '';
}

/** An object's fields as rows; a nested object that has no name of its own is shown indented under its field. */
function fieldRows(schema: Json, depth = 0): string {
  const object = schema.properties ? schema : (schema.items?.properties ? schema.items : undefined);
  if (!object || depth > 4) return '';
  const required = new Set<string>(object.required ?? []);
  return Object.entries<Json>(object.properties)
    .map(([name, field]) => {
      const row = `<tr><td style="padding-left:${0.4 + depth * 1.2}rem"><code>${escape(name)}</code>${required.has(name) ? '' : ' <span class="o">optional</span>'}</td><td>${typeOf(field)} ${constraintsOf(field)}</td><td>${prose(field.description)}</td></tr>`;
      return row + (field.$ref ? '' : fieldRows(field, depth + 1));
    })
    .join('');
}

const fieldTable = (schema: Json) => {
  const rows = fieldRows(schema);
  return rows ? `<table><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>` : '';
};

const exampleBlock = (example: unknown, label = 'Example') =>
  example === undefined ? '' : `<details><summary>${label}</summary><pre>${escape(JSON.stringify(example, null, 2))}</pre></details>`;

/** A body: its schema's name (linked to its own section) and its fields, then an example. */
function bodyOf(media: Json | undefined, document: Json): string {
  if (!media?.schema) return '';
  const schema = media.schema;
  const named = schema.$ref ? document.components.schemas[refName(schema.$ref)] : undefined;
  const shape = named ? `<p>${schemaLink(refName(schema.$ref))} — ${prose(named.description)}</p>${fieldTable(named)}` : `<p>${typeOf(schema)}</p>${fieldTable(schema)}`;
  return shape + exampleBlock(media.example);
}

function parameterTable(parameters: Json[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters
    .map(
      (parameter) =>
        `<tr><td><code>${escape(parameter.name)}</code> <span class="o">${escape(parameter.in)}${parameter.required ? ', required' : ''}</span></td><td>${typeOf(parameter.schema)} ${constraintsOf(parameter.schema ?? {})}</td><td>${prose(parameter.description)}${parameter.example !== undefined ? ` <span class="c">e.g. <code>${escape(parameter.example)}</code></span>` : ''}</td></tr>`,
    )
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What a search box matches a section by: its words, and the names and words of the fields it shows. */
function searchTextOf(words: string, ...schemas: unknown[]): string {
  const found: string[] = [words];
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    const schema = node as Json;
    if (typeof schema.$ref === 'string') found.push(refName(schema.$ref));
    for (const [field, property] of Object.entries<Json>(schema.properties ?? {})) found.push(field, property.description ?? '');
    for (const value of Object.values(schema)) walk(value, depth + 1);
  };
  schemas.forEach((schema) => walk(schema, 0));
  return found.join(' ').toLowerCase();
}

function operationSection(path: string, method: string, operation: Json, document: Json): string {
  // The shared ones (Accept-Language) are said once, at the top.
  const parameters = (operation.parameters ?? []).filter((parameter: Json) => !parameter.$ref);
  const request = operation.requestBody?.content ?? {};
  const requestType = Object.keys(request)[0];
  const responses = Object.entries<Json>(operation.responses)
    .map(([status, answer]) => {
      const response = answer.$ref ? document.components.responses[refName(answer.$ref)] : answer;
      const json = response.content?.['application/json'];
      const other = Object.keys(response.content ?? {}).filter((type) => type !== 'application/json' && type !== 'application/problem+json');
      const success = /^2/.test(status);
      return `<li class="${success ? 'ok' : 'err'}"><code>${escape(status)}</code> ${prose(response.description)}${other.length ? ` <span class="c">${other.map(escape).join(', ')}</span>` : ''}${success && json ? bodyOf(json, document) : ''}</li>`;
    })
    .join('');
  return `<section class="op" id="op-${escape(operation.operationId)}" data-search="${escape(searchTextOf(`${method} ${path} ${operation.operationId} ${operation.summary} ${operation.tags?.join(' ')}`, requestType ? request[requestType].schema : undefined, operation.responses))}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
  <p>${prose(operation.summary)} <em>${prose(operation.description ?? '')}</em> <span class="c">operationId <code>${escape(operation.operationId)}</code></span></p>
  ${parameterTable(parameters)}
  ${requestType ? `<h4>Request body <span class="c">${escape(requestType)}</span></h4>${bodyOf(request[requestType], document)}` : ''}
  <h4>Responses</h4><ul class="responses">${responses}</ul>
</section>`;
}

function schemaSection(name: string, schema: Json): string {
  return `<section class="schema" id="schema-${escape(name)}" data-search="${escape(searchTextOf(`${name} ${schema.description ?? ''}`, schema))}">
  <h3>${escape(name)}</h3>
  <p>${prose(schema.description)}</p>
  ${schema.properties ? fieldTable(schema) : `<p>${typeOf(schema)} ${constraintsOf(schema)}</p>`}
  ${exampleBlock(schema.examples?.[0] ?? schema.example)}
</section>`;
}

// Filters the sections by what is typed; `/` focuses the box, as on most reference sites.
const SEARCH_SCRIPT = `
const box = document.getElementById('q');
const items = [...document.querySelectorAll('[data-search]')];
const links = [...document.querySelectorAll('nav a[data-for]')];
box.addEventListener('input', () => {
  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
  const shown = new Set();
  for (const item of items) {
    const hit = words.every((word) => item.dataset.search.includes(word));
    item.hidden = !hit;
    if (hit) shown.add(item.id);
  }
  for (const link of links) link.hidden = !shown.has(link.dataset.for);
  for (const group of document.querySelectorAll('.group')) group.hidden = !group.querySelector('[data-search]:not([hidden]), a[data-for]:not([hidden])');
});
addEventListener('keydown', (event) => { if (event.key === '/' && document.activeElement !== box) { event.preventDefault(); box.focus(); } });
`;

/** Renders the API reference page from the OpenAPI document: no CDN, works offline. */
export function renderDocsPage(document: Json): string {
  const groups = new Map<string, { nav: string[]; sections: string[] }>();
  for (const [path, operations] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(operations)) {
      const tag = operation.tags?.[0] ?? 'other';
      const group = groups.get(tag) ?? { nav: [], sections: [] };
      group.nav.push(`<a data-for="op-${escape(operation.operationId)}" href="#op-${escape(operation.operationId)}"><span class="m ${method}">${method.toUpperCase()}</span> ${escape(path)}</a>`);
      group.sections.push(operationSection(path, method, operation, document));
      groups.set(tag, group);
    }
  }
  const schemas = Object.entries<Json>(document.components?.schemas ?? {});
  const nav = [...groups.entries()]
    .map(([tag, group]) => `<div class="group"><b>${escape(tag)}</b>${group.nav.join('')}</div>`)
    .concat(`<div class="group"><b>schemas</b>${schemas.map(([name]) => `<a data-for="schema-${escape(name)}" href="#schema-${escape(name)}">${escape(name)}</a>`).join('')}</div>`)
    .join('');
  const content = [...groups.entries()]
    .map(([tag, group]) => `<div class="group"><h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${group.sections.join('\n')}</div>`)
    .concat(`<div class="group"><h2 id="schemas">Schemas</h2>${schemas.map(([name, schema]) => schemaSection(name, schema)).join('\n')}</div>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)}</title>
<style>
[hidden]{display:none!important}
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:0;color:#222;display:flex}
nav{position:sticky;top:0;height:100vh;overflow:auto;width:300px;flex:none;border-right:1px solid #eee;padding:.8rem;box-sizing:border-box;font-size:13px;background:#fafafa}
nav a{display:block;color:#333;text-decoration:none;padding:1px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis} nav b{display:block;margin:.6rem 0 .2rem}
#q{width:100%;box-sizing:border-box;padding:.4rem;font:inherit;border:1px solid #ccc;border-radius:4px}
main{padding:1rem 2rem;max-width:1100px;min-width:0}
h3{margin:.2rem 0;font-size:1rem} h4{margin:.6rem 0 .2rem;font-size:.9rem} section{border-top:1px solid #eee;padding:.6rem 0}
.m{display:inline-block;min-width:3.6em;text-align:center;border-radius:3px;color:#fff;font-size:.72rem;padding:0 .3em}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#8e24aa}.patch{background:#ef6c00}.delete{background:#c62828}
table{border-collapse:collapse;width:100%;font-size:.85rem} td,th{border-bottom:1px solid #eee;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{color:#666;font-weight:600} .o,.c{color:#777;font-size:.8rem} ul.responses{padding-left:1rem} li.err{color:#555}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.8rem} code{font-size:.9em;background:#f3f3f3;padding:0 .2em;border-radius:3px}
</style></head><body>
<nav><input id="q" type="search" placeholder="Search · 搜索 ( / )" aria-label="Search operations and schemas">${nav}</nav>
<main>
<h1>${escape(document.info.title)}</h1>
<p>${prose(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Sign in with <code>POST /auth/wechat</code>, then send
<code>Authorization: Bearer &lt;token&gt;</code>. Send <code>Accept-Language: en</code> for English messages (Chinese by default). A typed client generated from this document is in the repository’s <code>client/</code>.</p>
${content}
</main>
<script>${SEARCH_SCRIPT}</script>
</body></html>`;
}
