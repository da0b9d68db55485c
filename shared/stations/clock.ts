// Moved to shared/time/local.ts (the one clock); kept until stations import it directly.
export {
  type LocalDate,
  type LocalTime,
  type WeekdayName,
  MINUTE_MS,
  TIME_ZONE as STATION_TIME_ZONE,
  addDays,
  clockOf,
  instantAt,
  localTimeOf,
  minuteOfClock,
  weekdayNames,
  weekdayOf,
} from '../time/local';
