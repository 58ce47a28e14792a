import { useT } from '../i18n/locale-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';

export function CoreUnreachable() {
  const t = useT();
  const error = useWorkspace((state) => state.connectionError);
  return (
    <main className="unreachable" data-testid="core-unreachable">
      <h1>{t('app.unreachable.title')}</h1>
      <p>{t('app.unreachable.body')}</p>
      {error && <p className="muted">{t('app.unreachable.detail', { message: error.message })}</p>}
      <button type="button" onClick={() => void workspaceStore.getState().connect()} autoFocus>
        {t('app.retry')}
      </button>
    </main>
  );
}
