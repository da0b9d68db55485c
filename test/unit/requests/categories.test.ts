import { describe, expect, it } from 'vitest';
import type { ProblemError } from '../../../shared/http/errors';
import { validateAttributes } from '../../../shared/requests/categories/attributes';
import { planCategory } from '../../../shared/requests/categories/rules';
import { NOW, category, cityAdmin, communityAdmin, statusOf } from './fixtures';

describe('categories and their extra fields', () => {
  it('refuses catalogue changes by admins who are not city-wide, and list fields without options', () => {
    expect(statusOf(() => planCategory(communityAdmin, 'x', { name: 'x', acceptWithinHours: 1, resolveWithinHours: 1, attributes: [] }, NOW))).toBe(403);
    const missingOptions = () =>
      planCategory(cityAdmin, 'x', { name: 'x', acceptWithinHours: 1, resolveWithinHours: 1, attributes: [{ code: 'k', label: 'k', datatype: 'singlevaluelist', required: false, order: 0 }] }, NOW);
    expect(statusOf(missingOptions)).toBe(400);
  });

  it('checks a submission’s extra fields against the category, naming every bad one', () => {
    // Act
    let problem: ProblemError | undefined;
    try {
      validateAttributes(category, { count: 'three', who: ['elderly', 'pets'], colour: 'red' });
    } catch (error) {
      problem = error as ProblemError;
    }
    const kept = validateAttributes(category, { facility: 'bench', count: 2, who: [] });
    // Assess
    expect(problem?.errors.map((e) => `${e.field} ${e.code}`).sort()).toEqual([
      'body.attributes.colour unknown_field',
      'body.attributes.count invalid',
      'body.attributes.facility required',
      'body.attributes.who invalid',
    ]);
    expect(kept).toEqual({ facility: 'bench', count: 2 });
  });
});
