import { expiresAfter as expiresAfterSeconds } from '../../table/expiry';

/** How long day schedules, hours and swaps are kept before TTL collects them (reads never rely on it). */
const KEEP_SECONDS = 400 * 24 * 3600;

/** The `expiresAt` of an item about a local date (`YYYY-MM-DD`) or an instant (ISO string). */
export const expiresAfter = (isoOrDate: string): number =>
  expiresAfterSeconds(new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate), KEEP_SECONDS);
