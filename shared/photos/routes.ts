import * as z from 'zod/mini';
import { roles } from '../auth/identity';
import { idSchema } from '../http/common';
import { defineRoute } from '../http/route';
import { uploadSchema } from './model';
import { MAX_UPLOAD_BYTES, UPLOAD_FIELD } from './terms';

const uploadParams = z.strictObject({ uploadId: idSchema });

export const photoRoutes = {
  uploadPhoto: defineRoute({
    method: 'POST',
    path: '/uploads',
    function: 'uploads',
    tag: 'photos',
    summary:
      "Upload a photo as wx.uploadFile sends it (multipart/form-data, the file in 'file'): JPEG, PNG or WebP by its content, at most 4 MiB. " +
      'It is processed in the background (location data stripped, a display size and a thumbnail made): attach it by its id within a day, once its status is ready',
    access: roles,
    idempotencyKey: 'optional',
    upload: {
      field: UPLOAD_FIELD,
      maxBytes: MAX_UPLOAD_BYTES,
      description: 'The photo: JPEG, PNG or WebP (judged by its bytes, not its name or declared type), at most 4 MiB',
    },
    success: { status: 201, description: 'The upload, processing (Location: where to poll it)', schema: uploadSchema },
    errors: [429],
  }),
  getUpload: defineRoute({
    method: 'GET',
    path: '/uploads/{uploadId}',
    function: 'uploads',
    tag: 'photos',
    summary: 'One of my uploads: whether it is processed (ready to attach) or was refused, with its thumbnail once ready',
    access: roles,
    params: uploadParams,
    success: { status: 200, description: 'The upload', schema: uploadSchema },
    errors: [404],
  }),
};
