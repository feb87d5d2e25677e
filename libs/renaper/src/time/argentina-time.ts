/**
 * Argentina keeps UTC-3 all year (no daylight saving since 2009). The registry's tokens live until
 * 23:59:59 of the Argentine day they were issued, and its dates are Argentine calendar days.
 */
const ARGENTINA_OFFSET_MS = -3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Argentine wall clock of an instant, read through the UTC getters of the returned Date. */
function argentinaWallClock(at: Date): Date {
  return new Date(at.getTime() + ARGENTINA_OFFSET_MS);
}

/** The last millisecond (23:59:59.999) of the Argentine day that contains `at`. */
export function argentinaEndOfDay(at: Date): Date {
  const wall = argentinaWallClock(at);
  const endOfDayWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), 23, 59, 59, 999);
  return new Date(endOfDayWall - ARGENTINA_OFFSET_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `dd/mm/yyyy` of the Argentine day that contains `at` (the registry's date format). */
export function formatRegistryDate(at: Date): string {
  const wall = argentinaWallClock(at);
  return `${pad(wall.getUTCDate())}/${pad(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()}`;
}

/** `HH:mm:ss` Argentine time. */
export function formatRegistryTime(at: Date): string {
  const wall = argentinaWallClock(at);
  return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

/**
 * Parses a registry date, `dd/mm/yyyy` (card dates) or `yyyy-mm-dd` (birth date), into the first
 * instant of that Argentine day. Null for anything else, impossible days (31/02/2020) included.
 */
export function parseRegistryDate(text: string): Date | null {
  const value = text.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number);
  const wall = new Date(Date.UTC(year, month - 1, day));
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day) return null;
  return new Date(wall.getTime() - ARGENTINA_OFFSET_MS);
}

/** True once the Argentine day `day` (as returned by parseRegistryDate) is over at `now`. */
export function isDayOver(day: Date, now: Date): boolean {
  return now.getTime() >= day.getTime() + DAY_MS;
}
