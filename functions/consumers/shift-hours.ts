import { shiftCheckedOut, shiftNoShow } from '../../events/shifts';
import { consumerFunction, on } from '../../shared/events/consumer';
import { hoursEntryOf } from '../../shared/shifts/domain/hours';
import { putHoursEntry } from '../../shared/shifts/repository/hours';

/**
 * Writes the hours log from check-outs and no-shows. The handler writes the same line right after
 * the shift's write; this consumer is what makes it certain (the event sits in the shift item's
 * outbox), and both derive the same item, so writing it twice changes nothing.
 */
export const handler = consumerFunction('shift-hours', [
  on(shiftCheckedOut, async (data) => {
    await putHoursEntry(
      hoursEntryOf({ id: data.shiftId, microGridId: data.microGridId, title: data.title, date: data.date }, data.userId, {
        checkedInAt: data.checkedInAt,
        checkedOutAt: data.checkedOutAt,
        minutes: data.minutes,
      }),
    );
  }),
  on(shiftNoShow, async (data) => {
    await putHoursEntry(
      hoursEntryOf({ id: data.shiftId, microGridId: data.microGridId, title: data.title, date: data.date }, data.userId, {
        noShowAt: data.markedAt,
        ...(data.comment ? { comment: data.comment } : {}),
      }),
    );
  }),
]);
