/** How long day schedules, hours and swaps are kept before TTL collects them (reads never rely on it). */
const KEEP_SECONDS = 400 * 24 * 3600;

/** The `expiresAt` of an item about a local date (`YYYY-MM-DD`) or an instant (ISO string). */
export const expiresAfter = (isoOrDate: string): number =>
  Math.floor(Date.parse(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate) / 1000) + KEEP_SECONDS;
