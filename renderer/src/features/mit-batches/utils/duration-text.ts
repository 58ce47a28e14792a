import type { Translate } from '../../../i18n/translate.ts';
import { durationOf } from './batch-progress.ts';

/** An ETA as the operator reads it, in its two largest units: "1 h 2 min", "1 min 5 s", "40 s". */
export function durationText(totalSeconds: number, t: Translate): string {
  const { hours, minutes, seconds } = durationOf(totalSeconds);
  if (hours > 0) return t('mitbatch.duration.hours', { hours, minutes });
  if (minutes > 0) return t('mitbatch.duration.minutes', { minutes, seconds });
  return t('mitbatch.duration.seconds', { seconds });
}
