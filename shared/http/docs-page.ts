/** Renders the API reference page from the OpenAPI document: no CDN, works offline. */
export function renderDocsPage(document: Record<string, any>): string {
  const escape = (value: unknown) =>
    String(value).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const sections = new Map<string, string[]>();
  for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      const tag = operation.tags?.[0] ?? 'other';
      const parameters = (operation.parameters ?? []).filter((p: any) => !p.$ref);
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries<any>(operation.responses)
        .map(([status, response]) => `<li><code>${status}</code> ${escape(response.description)}</li>`)
        .join('');
      const html = `<section id="${escape(operation.operationId)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
  <p>${escape(operation.summary)} <em>${escape(operation.description ?? '')}</em></p>
  ${parameters.length ? `<p>Parameters: ${parameters.map((p: any) => `<code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(', ')}</p>` : ''}
  ${body ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(body, null, 2))}</pre></details>` : ''}
  <ul>${responses}</ul>
</section>`;
      sections.set(tag, [...(sections.get(tag) ?? []), html]);
    }
  }
  const nav = [...sections.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  const content = [...sections.entries()]
    .map(([tag, items]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${items.join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h3{margin:.2rem 0;font-size:1rem} section{border-top:1px solid #eee;padding:.6rem 0}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:0 .3em}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#8e24aa}.patch{background:#ef6c00}.delete{background:#c62828}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.8rem} code{font-size:.9em}
</style></head><body>
<h1>${escape(document.info.title)}</h1>
<p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Sign in with <code>POST /auth/wechat</code>, then send
<code>Authorization: Bearer &lt;token&gt;</code>.</p>
<nav>${nav}</nav>
${content}
</body></html>`;
}
