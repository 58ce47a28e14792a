import { useState } from 'react';
import { useT } from '../i18n/locale-store.ts';

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label, testId }: { text: () => string; label?: string; testId?: string }) {
  const t = useT();
  const [state, setState] = useState<CopyState>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text());
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy-button">
      <button type="button" onClick={copy} data-testid={testId}>
        {label ?? t('common.copy')}
      </button>
      <span role="status" className="copy-state">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
