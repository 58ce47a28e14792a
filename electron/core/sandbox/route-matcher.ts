/**
 * A small method + path matcher for the sandbox server: literal segments and `:name`
 * parameters, no wildcards. When two routes match, the one with more literal segments wins, so
 * `/payments/status` beats `/payments/:id`.
 */

type Segment = { readonly literal: string } | { readonly param: string };

interface CompiledRoute<T> {
  readonly method: string;
  readonly segments: readonly Segment[];
  readonly literalCount: number;
  readonly value: T;
}

export interface RouteMatch<T> {
  readonly value: T;
  readonly params: Record<string, string>;
}

export interface RouteMatcher<T> {
  add(method: string, path: string, value: T): void;
  match(method: string, path: string): RouteMatch<T> | null;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function compile(path: string): Segment[] {
  return splitPath(path).map((segment) => {
    if (segment.startsWith(':')) {
      const param = segment.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(param)) throw new Error(`Bad route parameter name in ${path}`);
      return { param };
    }
    return { literal: segment };
  });
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function createRouteMatcher<T>(): RouteMatcher<T> {
  const routes: CompiledRoute<T>[] = [];
  return {
    add(method, path, value) {
      const segments = compile(path);
      routes.push({ method: method.toUpperCase(), segments, literalCount: segments.filter((segment) => 'literal' in segment).length, value });
    },
    match(method, path) {
      const parts = splitPath(path);
      let best: { route: CompiledRoute<T>; params: Record<string, string> } | null = null;
      for (const route of routes) {
        if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
        if (best !== null && best.route.literalCount >= route.literalCount) continue;
        const params: Record<string, string> = Object.create(null) as Record<string, string>;
        let matched = true;
        for (const [index, segment] of route.segments.entries()) {
          const part = parts[index];
          const decoded = part === undefined ? null : decodeSegment(part);
          if (decoded === null) {
            matched = false;
            break;
          }
          if ('literal' in segment) {
            if (segment.literal !== decoded) {
              matched = false;
              break;
            }
          } else {
            params[segment.param] = decoded;
          }
        }
        if (matched) best = { route, params };
      }
      return best === null ? null : { value: best.route.value, params: best.params };
    },
  };
}
