import { describe, expect, it } from 'vitest';
import { stationSchema } from '../../../shared/stations/model';
import { stationFields } from '../../../shared/stations/terms';

describe('station terms', () => {
  it("lists the station schema's fields, in its order (what the codec reads back from an item)", () => {
    expect(stationFields).toEqual(Object.keys(stationSchema.shape));
  });
});
