import { replayed } from '../../shared/http/creation';
import { notFound } from '../../shared/http/errors';
import { httpFunction, reply } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { parseMultipart } from '../../shared/http/multipart';
import { receiveUpload } from '../../shared/photos/receive';
import { getUpload } from '../../shared/photos/repository';
import { photoRoutes } from '../../shared/photos/routes';
import { uploadView } from '../../shared/photos/views';

export const handler = httpFunction(photoRoutes, {
  async uploadPhoto({ identity, file, creation }) {
    // An upload route: httpFunction refuses a request without its file before this runs.
    const received = await receiveUpload(identity, file!, creation, new Date());
    const view = await uploadView(received.upload);
    const headers = { location: `/uploads/${view.id}` };
    return received.replayed ? replayed(view, headers) : reply(view, { status: 201, headers });
  },

  async getUpload({ identity, params }) {
    const upload = await getUpload(params.uploadId);
    // Someone else's upload is answered as one that does not exist.
    if (!upload || upload.ownerId !== identity.userId) throw notFound(`upload ${params.uploadId}`);
    return uploadView(upload);
  },
}, { idempotencyKeys: idempotencyKeyGuard, multipart: parseMultipart });
