/**
 * The HTML pages an emulator shows a browser (the sandbox issuer's and provider's pages, a host's
 * own error page): one minimal document, with text from records escaped.
 */
import type { EmulatorResponse } from '../../gateways/types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `title` and `content` are markup: escape what comes from a request or a record before. */
export function htmlPage(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}
