import { replayed } from '../../shared/http/creation';
import { httpFunction, reply } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { inOpen311Terms, submissionOf } from '../../shared/open311/mapping';
import { findOpen311Requests, getOpen311Request, getOpen311ServiceDefinition, listOpen311Services } from '../../shared/open311/requests';
import { open311Routes } from '../../shared/open311/routes';
import { planSearch } from '../../shared/open311/search';
import { routedNotice } from '../../shared/open311/texts';
import { cachedCategory } from '../../shared/requests/categories/repository';
import { submitRequest } from '../../shared/requests/submit-request';

export const handler = httpFunction(
  open311Routes,
  {
    async listOpen311Services({ language }) {
      return listOpen311Services(language);
    },

    async getOpen311ServiceDefinition({ params, language }) {
      return getOpen311ServiceDefinition(params.service_code, language);
    },

    async listOpen311Requests({ query, language }) {
      return findOpen311Requests(planSearch(query), language);
    },

    async getOpen311Request({ params, language }) {
      return [await getOpen311Request(params.service_request_id, language)];
    },

    async submitOpen311Request({ identity, body, creation, language }) {
      const input = submissionOf(body, await cachedCategory(body.service_code));
      const submitted = await submitRequest(identity, input, creation, new Date()).catch((error: unknown) => {
        throw inOpen311Terms(error);
      });
      const answer = [{ service_request_id: submitted.request.id, service_notice: routedNotice(submitted.request.gridId, language) }];
      const headers = { location: `/open311/v2/requests/${submitted.request.id}.json` };
      return submitted.replayed ? replayed(answer, headers) : reply(answer, { status: 201, headers });
    },
  },
  { idempotencyKeys: idempotencyKeyGuard },
);
