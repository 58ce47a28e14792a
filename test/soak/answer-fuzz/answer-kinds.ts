/**
 * The kinds of answer the fuzz serves in place of a documented one, and what each may lead to.
 * Only `genuine` is a success for this request; `tolerated` is a documented answer with a field
 * missing that the outcome does not depend on (either a success or a typed refusal is fine).
 */
import type { ScriptedAnswer } from './fuzz-server.ts';
import { clone, hasPath, withoutPath } from './json-paths.ts';
import type { DocAnswer, JsonObject, Pick, StepAnswer } from './model.ts';

export const ANSWER_CLASSES = [
  'genuine',
  'tolerated',
  'truncated',
  'cut_body',
  'html_page',
  'empty_body',
  'wrong_content_type',
  'missing_field',
  'unknown_code',
  'status_contradiction',
  'error_body_200',
  'throttled',
  'foreign',
] as const;
export type AnswerClass = (typeof ANSWER_CLASSES)[number];

/**
 * Classes after which the gateway may well have acted while the answer cannot say so: a money
 * call must leave its outcome unknown (or needs review) and a lookup must not report "nothing".
 */
export const MUST_STAY_UNKNOWN: ReadonlySet<AnswerClass> = new Set([
  'truncated',
  'cut_body',
  'html_page',
  'empty_body',
  'wrong_content_type',
  'missing_field',
  'unknown_code',
  'status_contradiction',
  'throttled',
  'foreign',
]);

export interface ServedAnswer {
  readonly klass: AnswerClass;
  readonly answer: ScriptedAnswer;
  /** Ids carried by a foreign answer: none of them may end up bound to our payment. */
  readonly foreignIds: readonly string[];
  readonly note: string;
}

const HTML_PAGES = [
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
  '<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p></body></html>',
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h2>Request rejected</h2><p>Support ID: 14871326823941270</p></body></html>',
  '<html><body>OK</body></html>',
];

function bodyText(doc: DocAnswer): string {
  return doc.json !== undefined ? JSON.stringify(doc.json) : (doc.text ?? '');
}

function plain(doc: DocAnswer): ScriptedAnswer {
  return { status: doc.status, contentType: doc.contentType, body: bodyText(doc) };
}

/** Which classes this step can be served as (foreign and unknown codes only where the gateway's answer allows). */
export function classesFor(step: StepAnswer): AnswerClass[] {
  const json = step.genuine.json;
  const isObject = json !== undefined && json !== null && typeof json === 'object' && !Array.isArray(json);
  return ANSWER_CLASSES.filter((klass) => {
    if (klass === 'tolerated') return isObject && step.hooks.optional.some((path) => hasPath(json, path));
    if (klass === 'missing_field') return isObject && step.hooks.decisive.some((path) => hasPath(json, path));
    if (klass === 'unknown_code') return isObject && step.hooks.unknownCode !== undefined;
    if (klass === 'foreign') return isObject && step.hooks.foreign !== undefined;
    return true;
  });
}

export function serve(step: StepAnswer, klass: AnswerClass, pick: Pick): ServedAnswer {
  const doc = step.genuine;
  const json = doc.json as JsonObject;
  const text = bodyText(doc);
  const jsonType = doc.contentType;
  switch (klass) {
    case 'genuine':
      return { klass, answer: plain(doc), foreignIds: [], note: 'documented success' };
    case 'tolerated': {
      const present = step.hooks.optional.filter((path) => hasPath(json, path));
      const removed = pick.someOf(present);
      return { klass, answer: { ...plain(doc), body: JSON.stringify(removed.reduce((body, path) => withoutPath(body, path), clone(json))) }, foreignIds: [], note: `without ${removed.join(', ')}` };
    }
    case 'truncated': {
      const cut = pick.int(0, Math.max(0, text.length - 1));
      return { klass, answer: { status: doc.status, contentType: jsonType, body: text.slice(0, cut) }, foreignIds: [], note: `first ${cut} of ${text.length} characters` };
    }
    case 'cut_body':
      return { klass, answer: { ...plain(doc), cut: true }, foreignIds: [], note: 'connection closed halfway through the body' };
    case 'html_page': {
      const status = pick.oneOf([200, 500, 502, 503, 504]);
      return { klass, answer: { status, contentType: 'text/html; charset=utf-8', body: pick.oneOf(HTML_PAGES) }, foreignIds: [], note: `HTML page with HTTP ${status}` };
    }
    case 'empty_body': {
      const status = pick.oneOf([200, 202, 204, 500, 502, 503]);
      const contentType = status === 204 ? null : pick.oneOf([jsonType, null]);
      return { klass, answer: { status, contentType, body: '' }, foreignIds: [], note: `empty body with HTTP ${status}` };
    }
    case 'wrong_content_type': {
      const variant = pick.oneOf([
        { contentType: 'application/xml', body: '<?xml version="1.0" encoding="UTF-8"?><response><result>OK</result><status>success</status></response>' },
        { contentType: 'text/plain', body: 'OK' },
        { contentType: 'application/x-www-form-urlencoded', body: 'result=success&code=000&status=Success' },
        { contentType: 'application/octet-stream', body: '\u0000\u0001PK\u0003\u0004' },
      ]);
      return { klass, answer: { status: 200, ...variant }, foreignIds: [], note: `${variant.contentType} body` };
    }
    case 'missing_field': {
      const present = step.hooks.decisive.filter((path) => hasPath(json, path));
      const removed = pick.someOf(present);
      return { klass, answer: { ...plain(doc), body: JSON.stringify(removed.reduce((body, path) => withoutPath(body, path), clone(json))) }, foreignIds: [], note: `without ${removed.join(', ')}` };
    }
    case 'unknown_code': {
      const bent = step.hooks.unknownCode?.(clone(json), pick);
      if (!bent) throw new Error('unknown_code served on a step without a code');
      return { klass, answer: { ...plain(doc), body: JSON.stringify(bent.json) }, foreignIds: [], note: `code ${JSON.stringify(bent.code)}` };
    }
    case 'status_contradiction': {
      const status = pick.oneOf([400, 404, 409, 422, 500, 502, 503]);
      return { klass, answer: { ...plain(doc), status }, foreignIds: [], note: `HTTP ${status} with the success body` };
    }
    case 'error_body_200':
      return { klass, answer: { status: 200, contentType: jsonType, body: JSON.stringify(step.hooks.errorBody(pick)) }, foreignIds: [], note: 'HTTP 200 with the documented error body' };
    case 'throttled': {
      const variant = pick.int(0, 2);
      const body = variant === 0 ? text : variant === 1 ? JSON.stringify(step.hooks.errorBody(pick)) : '';
      return { klass, answer: { status: 429, contentType: jsonType, body }, foreignIds: [], note: `HTTP 429 with ${['the success body', 'the error body', 'no body'][variant]}` };
    }
    case 'foreign': {
      const foreign = step.hooks.foreign?.(clone(json), pick);
      if (!foreign) throw new Error('foreign served on a step without echoed fields');
      return { klass, answer: { ...plain(doc), body: JSON.stringify(foreign.json) }, foreignIds: foreign.ids, note: `another transaction's success (${foreign.changed.join(', ')})` };
    }
  }
}
