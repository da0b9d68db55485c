import { apiDocsOf } from '../http/api-docs';
import { announcement } from './api-examples';
import { announcementSchema } from './model';
import { announcementRoutes } from './routes';

/** The words of announcements (通知公告): an admin's message to every grid worker of a unit, or of the city. */
export const announcementDocs = apiDocsOf(announcementRoutes, {
  schemas: [
    [
      announcementSchema,
      {
        name: 'Announcement',
        description:
          'An announcement (通知公告) an admin made, and how far its delivery has gone: it is written to the inbox of every person of ' +
          'its audience under its scope, once each, in batches. Admins whose scope reaches its scope see it.',
        fields: {
          id: { description: 'The announcement’s id, for `GET /announcements/{announcementId}`.', example: '0mrldi1s0Vb7Yc2P' },
          title: { description: 'One line: the inbox item’s title.', example: '防汛值守通知' },
          body: { description: 'The text: the inbox item’s body.', example: '受强降雨影响，今晚 20:00 起各网格安排专人值守，请留意积水点并及时上报。' },
          scope: {
            description: 'The org unit whose audience hears it, with every unit under it (a district, a street, a community or a grid), or `city` for the whole city.',
            example: 'gulou-hunan',
          },
          audience: '`grid_workers`: the grid workers (网格员) of every grid under the scope.',
          status: '`sending`: batches are still being written; `sent`: everyone in the audience has it in their inbox.',
          progress: 'How far the delivery has gone; final once `status` is `sent`.',
          'progress.unitKind': { description: 'The kind of unit the delivery walks to find the audience: `grid` for grid workers.', example: 'grid' },
          'progress.unitsDone': { description: 'Units of that kind walked so far, their people written.', example: 4 },
          'progress.recipientsWritten': {
            description: 'Inbox items written so far: each person once, however many of the units they belong to.',
            example: 5,
          },
          'progress.batches': { description: 'Batches done so far (each writes up to 1,000 people).', example: 1 },
          createdBy: { description: 'The user id of the admin who made it.', example: '0mk1t8c40Ha5Ws3e' },
          startedAt: { description: 'When it was made and its delivery started (ISO 8601, UTC).', example: '2026-07-15T01:00:00.000Z' },
          updatedAt: { description: 'When the last batch was written (ISO 8601, UTC).', example: '2026-07-15T01:00:03.000Z' },
          finishedAt: { description: 'When the last person had it (ISO 8601, UTC); absent while `sending`.', example: '2026-07-15T01:00:09.000Z' },
        },
        example: announcement,
      },
    ],
  ],
  operations: {
    createAnnouncement: {
      request: {
        description: 'What to announce, and to whom.',
        fields: {
          title: { description: 'One line, 1 to 60 characters (trimmed).', example: '防汛值守通知' },
          body: { description: 'The text, 1 to 1,000 characters (trimmed).', example: '受强降雨影响，今晚 20:00 起各网格安排专人值守，请留意积水点并及时上报。' },
          scope: {
            description:
              'The org unit whose audience hears it, with every unit under it: a district, a street, a community or a grid within your ' +
              'scope (404 otherwise); `city` for the whole city, city-wide admins only. 400 (naming `body.scope`) when no unit of the audience lies under it.',
            example: 'gulou-hunan',
          },
          audience: { description: 'Who hears it under the scope: `grid_workers`, the grid workers (网格员) of every grid.', example: 'grid_workers' },
        },
        example: {
          title: '防汛值守通知',
          body: '受强降雨影响，今晚 20:00 起各网格安排专人值守，请留意积水点并及时上报。',
          scope: 'gulou-hunan',
          audience: 'grid_workers',
        },
      },
      response: { example: { ...announcement, progress: { unitKind: 'grid', unitsDone: 0, recipientsWritten: 0, batches: 0 }, updatedAt: announcement.startedAt } },
      // `idempotency_in_progress`: the same Idempotency-Key's first attempt is still running; retry after a second.
      errors: ['idempotency_in_progress'],
    },
    getAnnouncement: {
      parameters: {
        announcementId: {
          description: 'The announcement to show: its `id`. 404 when there is none, or its scope is outside yours.',
          example: '0mrldi1s0Vb7Yc2P',
        },
      },
      response: {
        example: {
          ...announcement,
          status: 'sent',
          progress: { unitKind: 'grid', unitsDone: 6, recipientsWritten: 7, batches: 1 },
          updatedAt: '2026-07-15T01:00:09.000Z',
          finishedAt: '2026-07-15T01:00:09.000Z',
        },
      },
    },
  },
});
