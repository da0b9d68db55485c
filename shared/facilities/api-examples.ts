/**
 * The example data of the facilities and donors words (./api-docs.ts): one consistent story, so that the examples
 * of the OpenAPI document agree with each other. Plain data, imported only by the words (so only by
 * the tools and the bundle-time document, never by a function that serves a route).
 */

// ─── Example data ──────────────────────────────────────────────────────────────────────────────
// One story told throughout: a merchants' association gives the Hunan Road rest station an air
// conditioner; a resident reports it broken, the station manager has it repaired, and later it is
// moved or retired. Ids are shaped like real ones (readable where an admin chose them, `newId()`
// otherwise), so the examples read as one history and validate against their schemas.

export const STATION = 'gulou-hunan-station';
export const OTHER_STATION = 'gulou-shanxilu-station';
export const MANAGER = '0mpui4kg0Hn3TqWz';
export const RESIDENT = '0mrjy2740Vb8LdRe';
export const DONOR = { id: 'donor-hunan-merchants', name: '湖南路商圈商户联合会' } as const;

export const GALLERY_PHOTO = '0mqa1c9k0Gt5NwYb';
export const FAULT_PHOTO = '0mrlgpsg0Qm4XwEa';
export const REPAIR_PHOTO = '0mrnx3b40Kp7ZcVd';

/** A photo as the API shows it, its URLs signed for 15 minutes. */
export function photo(id: string, stage: 'gallery' | 'fault' | 'repair', by: string, at: string) {
  const signed = (variant: string) =>
    `https://grid-service-photos.s3.cn-north-1.amazonaws.com.cn/photos/${id}/${variant}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=5d1f0c`;
  return { id, stage, by, at, width: 1280, height: 960, url: signed('display'), thumbnailUrl: signed('thumb'), urlsExpireAt: '2026-07-15T09:35:00.000Z' };
}

/** The same photo as a reference (lists keep references only). */
export const ref = ({ url: _url, thumbnailUrl: _thumbnailUrl, urlsExpireAt: _expires, ...reference }: ReturnType<typeof photo>) => reference;

export const donatedLine = {
  at: '2026-06-20T03:00:00.000Z',
  action: 'donated',
  by: MANAGER,
  status: 'in_service',
  stationId: STATION,
  note: '湖南路商圈商户联合会捐赠，供环卫工人和外卖骑手夏季纳凉',
} as const;
export const faultLine = {
  at: '2026-07-14T01:10:00.000Z',
  action: 'fault_reported',
  by: RESIDENT,
  status: 'fault_reported',
  stationId: STATION,
  note: '空调不制冷，出风口只有热风',
  photos: [photo(FAULT_PHOTO, 'fault', RESIDENT, '2026-07-14T01:10:00.000Z')],
} as const;
export const repairLine = { at: '2026-07-14T06:00:00.000Z', action: 'repair_started', by: MANAGER, status: 'under_repair', stationId: STATION, note: '已联系格力售后，明天上门检修' } as const;
export const restoredLine = {
  at: '2026-07-15T08:20:00.000Z',
  action: 'restored',
  by: MANAGER,
  status: 'in_service',
  stationId: STATION,
  note: '更换启动电容，制冷恢复正常',
  costYuan: 180,
  photos: [photo(REPAIR_PHOTO, 'repair', MANAGER, '2026-07-15T08:20:00.000Z')],
} as const;

/** The air conditioner as registered: in service, one log line, no pictures yet. */
export const registered = {
  id: 'gulou-hunan-ac-1',
  kind: 'air_conditioner',
  model: '格力 KFR-72LW 柜式空调',
  donorId: DONOR.id,
  donorName: DONOR.name,
  stationId: STATION,
  donatedOn: '2026-06-20',
  declaredValueYuan: 6999,
  condition: 'new',
  status: 'in_service',
  photoUrls: [],
  photos: [],
  log: [donatedLine],
  createdAt: donatedLine.at,
  updatedAt: donatedLine.at,
  version: 1,
};
export const galleryPhoto = photo(GALLERY_PHOTO, 'gallery', MANAGER, '2026-06-20T03:05:00.000Z');
export const withPicture = { ...registered, photos: [galleryPhoto], version: 2 };
export const faulty = { ...withPicture, status: 'fault_reported', log: [donatedLine, faultLine], updatedAt: faultLine.at, version: 3 };
export const underRepair = { ...faulty, status: 'under_repair', log: [donatedLine, faultLine, repairLine], updatedAt: repairLine.at, version: 4 };
/** The facility after a round of fault and repair: the main example. */
export const repaired = { ...underRepair, status: 'in_service', condition: 'good', log: [donatedLine, faultLine, repairLine, restoredLine], updatedAt: restoredLine.at, version: 5 };
export const movedLine = {
  at: '2026-08-01T02:00:00.000Z',
  action: 'moved',
  by: MANAGER,
  status: 'in_service',
  stationId: OTHER_STATION,
  fromStationId: STATION,
  note: '山西路驿站无空调，调拨使用',
} as const;
export const moved = { ...repaired, stationId: OTHER_STATION, log: [...repaired.log, movedLine], updatedAt: movedLine.at, version: 6 };
export const retiredLine = { at: '2026-09-30T07:00:00.000Z', action: 'retired', by: MANAGER, status: 'retired', stationId: STATION, note: '压缩机损坏，维修费用超过设备残值' } as const;
export const retired = { ...repaired, status: 'retired', log: [...repaired.log, retiredLine], updatedAt: retiredLine.at, version: 6 };

export const donorExample = {
  id: DONOR.id,
  name: DONOR.name,
  kind: 'social_organisation',
  contact: { name: '吴秘书长', phone: '025-8320 1234' },
  note: '湖南路沿街商户共同出资',
  createdAt: '2026-06-18T02:00:00.000Z',
  createdBy: MANAGER,
};
