import type { User } from '../../shared/users/model';

/** A profile to seed with `saveUser`: a resident placed nowhere unless `fields` say otherwise. */
export const aUser = (id: string, fields: Partial<User> = {}): User => ({
  id,
  displayName: id,
  role: 'resident',
  units: [],
  stations: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});
