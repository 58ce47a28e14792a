import { useT } from '../../../i18n/locale-store.ts';
import { newPaymentStore } from '../stores/new-payment.ts';
import type { PaymentMethodChoice } from '../utils/payment-methods.ts';

/**
 * Native radios: Tab reaches the group, the arrow keys move between methods, and Alt+1/2/…
 * (handled by the screen) jump straight to one.
 */
export function MethodSwitch({ available, method, disabled }: { available: readonly PaymentMethodChoice[]; method: PaymentMethodChoice; disabled: boolean }) {
  const t = useT();
  return (
    <fieldset className="method-switch" data-testid="method-switch" disabled={disabled}>
      <legend>{t('method.label')}</legend>
      {available.map((choice, index) => (
        <label key={choice} className={`method-option${choice === method ? ' method-option-active' : ''}`}>
          <input
            type="radio"
            name="payment-method"
            value={choice}
            checked={choice === method}
            onChange={() => newPaymentStore.getState().chooseMethod(choice)}
            data-testid={`method-${choice}`}
            aria-keyshortcuts={`Alt+${index + 1}`}
          />
          {t(`method.${choice}`)}
          <kbd className="shortcut" aria-hidden="true">
            Alt+{index + 1}
          </kbd>
        </label>
      ))}
    </fieldset>
  );
}
