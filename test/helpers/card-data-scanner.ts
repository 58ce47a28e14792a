/**
 * Looks for cardholder data in every file below a folder: any 13–19 digit run that passes Luhn
 * and is not part of a hex string (as text or as UTF-16), the test PANs used, and the CVVs used next to a card-ish key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { luhnValid } from '../../shared/card/card-rules.ts';

export interface CardDataFinding {
  readonly file: string;
  readonly what: string;
}

/** What follows the year of an ISO instant: "-MM-DDT". */
const ISO_DATE_AFTER_YEAR = /^-\d{2}-\d{2}T$/;

export function scanForCardData(root: string, knownPans: readonly string[], knownCvvs: readonly string[]): CardDataFinding[] {
  const findings: CardDataFinding[] = [];
  for (const file of walk(root)) {
    const bytes = readFileSync(file);
    const texts = [bytes.toString('latin1'), bytes.toString('utf16le')];
    for (const text of texts) {
      for (const pan of knownPans) if (text.includes(pan)) findings.push({ file, what: `test PAN ${pan.slice(0, 6)}…` });
      // Digit runs inside hex (hashes, signatures) are not card numbers; the known PANs are still
      // looked for anywhere above.
      for (const match of text.matchAll(/(?<![\dA-Fa-f])\d{13,19}(?![\dA-Fa-f])/g)) {
        // SQLite writes a row's values one after another: a value ending in digits (a reference,
        // a count) right before an ISO instant reads as one run with the instant's year; the run
        // without that year is what is checked.
        const run = text.startsWith('-', (match.index ?? 0) + match[0].length) && ISO_DATE_AFTER_YEAR.test(text.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 7)) ? match[0].slice(0, -4) : match[0];
        if (run.length >= 13 && luhnValid(run) && /^[2-6]/.test(run)) findings.push({ file, what: `Luhn-valid number ${run.slice(0, 6)}…${run.slice(-4)}` });
      }
      for (const cvv of knownCvvs) {
        const near = new RegExp(`(cvv|cvc|secureCode|CARDCVV|card\\.cvv|csc)["'=:\\s\\]]{0,6}${cvv}(?!\\d)`, 'i');
        if (near.test(text)) findings.push({ file, what: `CVV ${cvv} next to a card field` });
      }
    }
  }
  return findings;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) yield* walk(path);
    else if (info.isFile()) yield path;
  }
}
