/**
 * The `app://console/` protocol: serves the renderer bundle (and nothing else) with the CSP and
 * the other security headers, instead of file:// which would give the page a null origin and the
 * whole disk as its neighbourhood.
 */
import { loadRendererFile } from './renderer-content.ts';
import { APP_HOST, APP_SCHEME } from './security.ts';

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const file = await loadRendererFile(rendererDir, url.pathname);
    const body = request.method === 'HEAD' ? null : typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
    return new Response(body, { status: file.status, headers: file.headers });
  };
}
