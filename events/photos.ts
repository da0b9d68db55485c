import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';

const source = 'grid.photos';

export const photoUploaded = defineEvent({
  source,
  detailType: 'photo.uploaded',
  version: 1,
  description: 'A photo arrived as its sender chose it; processing strips its metadata and makes its display size and thumbnail.',
  data: z.object({ uploadId: z.string(), ownerId: z.string(), contentType: z.string(), bytes: z.number() }),
});

export const photosAttached = defineEvent({
  source,
  detailType: 'photos.attached',
  version: 1,
  description:
    'Uploads became photos of a request, a facility or a station (written with what holds them); their objects are tagged attached, out of the lifecycle, and the uploads marked.',
  data: z.object({ target: z.string(), ownerId: z.string(), uploadIds: z.array(z.string()) }),
});
