import { apiDocsOf } from '../http/api-docs';
import { photoRefSchema, photoSchema, uploadSchema, uploadStatusSchema } from './model';
import { photoRoutes } from './routes';

/** An upload's id as the demo data shape it (shared/ids.ts `newId`): the id a photo keeps once attached. */
const UPLOAD_ID = '0mrlgpsf1Tq8Rw2B';

/** Signed URLs as S3 presigns them; shortened, but shaped like the real ones. */
const signed = (variant: 'display' | 'thumb') =>
  `https://grid-service-photos.s3.cn-north-1.amazonaws.com.cn/photos/${UPLOAD_ID}/${variant}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=3f1c9a`;

/**
 * The fields a photo reference and a photo share: `Photo` spreads `PhotoRef`'s shape rather than
 * referring to it, so both components carry these words.
 */
const photoRefFields = {
  id: { description: 'The photo’s id: the id of the upload it was made from (`POST /uploads`).', example: UPLOAD_ID },
  stage: {
    description:
      'Why it was added: `report` (with the request), `resolution` (the grid worker’s “after” picture), `reopen` (the resident’s, saying it is not fixed), `fault` and `repair` (a facility’s fault report and its repair), `gallery` (a picture of a station or facility).',
    example: 'report',
  },
  by: { description: 'The user id of whoever added it.', example: '0mk2x9d41Rq7LmPa' },
  at: { description: 'When it was added (ISO 8601, UTC).', example: '2026-07-15T02:30:00.000Z' },
  width: { description: 'The display size’s width in pixels (0 for a photo whose size was never known).', example: 1280 },
  height: { description: 'The display size’s height in pixels (0 for a photo whose size was never known).', example: 960 },
} as const;

const photoRefExample = { id: UPLOAD_ID, stage: 'report', by: '0mk2x9d41Rq7LmPa', at: '2026-07-15T02:30:00.000Z', width: 1280, height: 960 };

/**
 * The words of the photos feature: uploads, and the photos that requests, stations and facilities
 * hold. `Photo` and `PhotoRef` are named here, once, though other features' answers carry them.
 */
export const photoDocs = apiDocsOf(photoRoutes, {
  schemas: [
    [
      photoRefSchema,
      {
        name: 'PhotoRef',
        description:
          'A photo as a list shows it: which upload it is, who added it when, and its size; no URLs (open the request, station or facility for those).',
        fields: photoRefFields,
        example: photoRefExample,
      },
    ],
    [
      photoSchema,
      {
        name: 'Photo',
        description:
          'A photo with signed URLs of its display size and thumbnail (JPEG, location data and other metadata stripped). The URLs stop working at `urlsExpireAt`: fetch the object that holds the photo again for fresh ones, do not store them.',
        fields: {
          ...photoRefFields,
          url: { description: 'The display size (at most 1280 px on its longer side), signed: anyone holding it may fetch it until `urlsExpireAt`.', example: signed('display') },
          thumbnailUrl: { description: 'The thumbnail (at most 320 px on its longer side), signed like `url`.', example: signed('thumb') },
          urlsExpireAt: { description: 'When `url` and `thumbnailUrl` stop working (ISO 8601, UTC): 15 minutes after the answer.', example: '2026-07-15T02:45:00.000Z' },
        },
        example: { ...photoRefExample, url: signed('display'), thumbnailUrl: signed('thumb'), urlsExpireAt: '2026-07-15T02:45:00.000Z' },
      },
    ],
    [
      uploadStatusSchema,
      {
        name: 'UploadStatus',
        description: 'Where processing of an upload got: `processing` (poll again in a second or two), `ready` (attach it), `rejected` (it could not be made into a photo: see `reason`).',
        example: 'ready',
      },
    ],
    [
      uploadSchema,
      {
        name: 'Upload',
        description:
          'A photo I uploaded, as only I see it: whether it is processed and may be attached (send its `id` in a `photos` list: a request’s, a station’s, a facility’s) and until when.',
        fields: {
          id: { description: 'The upload’s id: send it in `photos` to attach it; it becomes the photo’s id.', example: UPLOAD_ID },
          status: 'Whether it is processed: only a `ready` upload can be attached.',
          contentType: { description: 'Its type as judged by its bytes (`image/jpeg`, `image/png` or `image/webp`), whatever the file name or declared type said.', example: 'image/jpeg' },
          bytes: { description: 'The size of the file as uploaded, in bytes (at most 4 MiB).', example: 482113 },
          createdAt: { description: 'When it was uploaded (ISO 8601, UTC).', example: '2026-07-15T02:28:41.000Z' },
          attachBefore: {
            description: 'Attach it before this time (ISO 8601, UTC; a day after the upload): after it, attaching is refused (410 `upload_expired`) and the file is deleted.',
            example: '2026-07-16T02:28:41.000Z',
          },
          width: { description: 'The display size’s width in pixels, once processed (`ready`).', example: 1280 },
          height: { description: 'The display size’s height in pixels, once processed (`ready`).', example: 960 },
          reason: { description: 'Why processing refused it, in English (only when `rejected`): upload another photo.', example: 'the image cannot be read' },
          thumbnailUrl: { description: 'Once `ready`: a signed URL of the thumbnail, to show in the form before it is sent; works for 15 minutes.', example: signed('thumb') },
          attached: { description: 'Whether it is attached to something already (then it cannot be attached elsewhere).', example: false },
        },
        example: {
          id: UPLOAD_ID,
          status: 'ready',
          contentType: 'image/jpeg',
          bytes: 482113,
          createdAt: '2026-07-15T02:28:41.000Z',
          attachBefore: '2026-07-16T02:28:41.000Z',
          width: 1280,
          height: 960,
          thumbnailUrl: signed('thumb'),
          attached: false,
        },
      },
    ],
  ],
  operations: {
    uploadPhoto: {
      request: { description: 'The form `wx.uploadFile` sends: the photo in the field `file`, nothing else.' },
      response: {
        example: {
          id: UPLOAD_ID,
          status: 'processing',
          contentType: 'image/jpeg',
          bytes: 482113,
          createdAt: '2026-07-15T02:28:41.000Z',
          attachBefore: '2026-07-16T02:28:41.000Z',
          attached: false,
        },
      },
      errors: ['unsupported_image_type', 'idempotency_in_progress'],
    },
    getUpload: {
      parameters: { uploadId: { description: 'The upload’s id, as `POST /uploads` answered it: only its uploader can read it (anyone else gets 404).', example: UPLOAD_ID } },
    },
  },
});
