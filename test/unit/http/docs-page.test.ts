import { describe, expect, it } from 'vitest';
import { apiDocs } from '../../../shared/api-docs';
import { renderDocsPage } from '../../../shared/http/docs-page';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routeCatalogue } from '../../../shared/routes';

describe('the API reference page', () => {
  const document = buildOpenApiDocument(routeCatalogue, apiDocs) as Record<string, any>;
  const page = renderDocsPage(document);
  const sectionOf = (id: string) => page.slice(page.indexOf(`id="${id}"`), page.indexOf('</section>', page.indexOf(`id="${id}"`)));

  it('shows an operation’s parameters with their types, its answer’s schema and an example', () => {
    // Act
    const search = sectionOf('op-searchStations');
    // Assess
    expect(search).toMatch(/<code>lat<\/code> <span class="o">query, required<\/span><\/td><td>number/);
    expect(search).toContain('href="#schema-');
    expect(search).toContain('<summary>Example</summary>');
  });

  it('gives every named schema a section with its fields, linked from where it is used', () => {
    // Act
    const location = sectionOf('schema-Location');
    // Assess
    expect(location).toContain('<code>coordSystem</code>');
    expect(location).toContain('Latitude in degrees');
  });

  it('lists the problem codes an operation answers', () => {
    expect(sectionOf('op-createReservation')).toContain('<code>slot_full</code>');
  });

  it('has a search box that filters operations and schemas, and needs nothing from the internet', () => {
    // Assess
    expect(page).toContain('<input id="q" type="search"');
    expect(page).toMatch(/data-search="post \/stations\/\{stationid\}\/reservations/);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('renders Chinese text and declares it', () => {
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('南京网格化社会治理');
    expect(page).toContain('WenQuanYi Micro Hei');
  });
});
