import { describe, expect, it } from 'vitest';
import { donorSchema, facilitySchema } from '../../../shared/facilities/model';
import { donorFields, facilityFields } from '../../../shared/facilities/terms';

describe('facility terms', () => {
  it("lists the donor's and the facility's schema fields, in their order (what the repository reads back from an item)", () => {
    expect(donorFields).toEqual(Object.keys(donorSchema.shape));
    expect(facilityFields).toEqual(Object.keys(facilitySchema.shape));
  });
});
