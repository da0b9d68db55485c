import { facilityFaultReported } from '../../events/facilities';
import { type Notice, inBoth, notificationRule } from '../events/notices';
import { listGridWorkers } from '../organisation/repository';
import { facilityNoticeTexts, faultAction } from './texts';

/** Who hears about facilities. */
export const facilitiesNotificationRules = [
  /**
   * A fault was reported: the station's managers and the grid's worker(s) are told, and the grid's
   * WeCom group hears which facility of which station (not the reporter's description), so whoever
   * is nearest can look.
   */
  notificationRule(facilityFaultReported, async (data): Promise<Notice[]> => {
    const gridWorkers = await listGridWorkers(data.gridId, 100);
    const userIds = [...new Set([...data.managers, ...gridWorkers])].filter((id) => id !== data.by);
    const title = inBoth(facilityNoticeTexts.faultTitle, { station: data.stationName, kind: data.kind });
    const subject = { type: 'facility', id: data.facilityId };
    return [
      {
        // The staff who fix it read the reporter's description; the group hears which facility, where
        // (in Chinese: a group has no one reader to choose a language for).
        userIds,
        group: { gridIds: [data.gridId], headline: title.zh, action: faultAction.zh, reference: subject },
        kind: 'facility.fault-reported',
        title,
        body: inBoth(facilityNoticeTexts.faultBody, data.note ? { note: data.note } : {}),
        subject,
      },
    ];
  }),
];
