import type { Context } from 'aws-lambda';
import { ProblemError } from '../../shared/http/errors';
import { type HttpEvent, type HttpResult, httpFunction } from '../../shared/http/function';
import { languageOf, problemResponse } from '../../shared/http/problem';
import { routeKeyOf } from '../../shared/http/route';
import { RouteTable } from '../../shared/http/router';
import { metaRoutes } from '../../shared/meta/routes';
import { routeCatalogue } from '../../shared/routes';

const routed = httpFunction(metaRoutes, {
  async getHealth() {
    return { status: 'ok' as const };
  },
});

const table = new RouteTable<string>();
for (const route of Object.values(routeCatalogue)) table.add(route, routeKeyOf(route));

/**
 * What API Gateway's `$default` route reaches: a path no route declares (404), or a declared path
 * with the wrong method (405 with `Allow`), both as problem+json like every other error.
 */
export function answerUnmatched(event: Pick<HttpEvent, 'rawPath' | 'headers' | 'requestContext'>): HttpResult {
  const method = event.requestContext.http.method;
  const language = languageOf(event.headers);
  const match = table.match(method, event.rawPath);
  if ('allowed' in match && match.allowed.length > 0) {
    return problemResponse(
      new ProblemError('method_not_allowed', `${method} ${event.rawPath}`, [], { allow: match.allowed.join(', ') }),
      language,
      event.rawPath,
    );
  }
  return problemResponse(new ProblemError('route_not_found', `${method} ${event.rawPath}`), language, event.rawPath);
}

export const handler = async (event: HttpEvent, context: Context): Promise<HttpResult> =>
  event.routeKey === '$default' ? answerUnmatched(event) : routed(event, context);
