import FindMyWay from 'find-my-way';
import type { HttpMethod, RouteDefinition } from './route';

export interface RouteMatch<T> {
  value: T;
  pathParameters: Record<string, string>;
}

/**
 * Matches method + path against API Gateway style templates (`/org-units/{unitId}`), as API Gateway
 * does: used by the local gateway, and by the `$default` route in AWS to tell 404 from 405.
 */
export class RouteTable<T> {
  private readonly router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true });
  private readonly methods = new Set<HttpMethod>();

  add(route: Pick<RouteDefinition, 'method' | 'path'>, value: T): void {
    const template = route.path.replace(/\{([^}]+)\}/g, ':$1');
    this.methods.add(route.method);
    this.router.on(route.method, template, () => undefined, { value });
  }

  /** The route for this method and path, or, when none, the methods the path does allow (empty: unknown path). */
  match(method: string, path: string): { found: RouteMatch<T> } | { allowed: HttpMethod[] } {
    const hit = this.router.find(method as HttpMethod, path);
    if (hit) {
      return {
        found: {
          value: (hit.store as { value: T }).value,
          pathParameters: Object.fromEntries(
            Object.entries(hit.params).map(([key, raw]) => [key, String(raw)]),
          ),
        },
      };
    }
    return { allowed: [...this.methods].filter((other) => this.router.find(other, path) !== null) };
  }
}
