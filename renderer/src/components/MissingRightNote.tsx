import type { OperatorRight } from '../../../shared/domain/operators.ts';
import { useT } from '../i18n/locale-store.ts';
import type { OperatorRights } from '../queries/operator-query.ts';

/**
 * Says why something is not offered: the operator's role lacks the right, and who can give it.
 * Nothing while the operator is not known yet (the screen offers nothing that needs a right then).
 */
export function MissingRightNote({ rights, right, testId = 'missing-right' }: { rights: OperatorRights; right: OperatorRight; testId?: string }) {
  const t = useT();
  if (!rights.known || rights.may(right) || rights.me === null) return null;
  return (
    <p className="notice missing-right" role="note" data-testid={testId} data-right={right}>
      {t('rights.missing', { login: rights.me.login, role: t(`role.${rights.me.role}`), right: t(`right.${right}`) })}
    </p>
  );
}
