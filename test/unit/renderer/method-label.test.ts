import assert from 'node:assert/strict';
import { test } from 'node:test';
import { methodLabel } from '../../../renderer/src/format/method-label.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';

test('every method a gateway offers is shown in words in both languages; a code without words is shown as it is', async () => {
  const { availableGateways } = await import('../../../electron/core/gateways/gateway-catalog.ts');
  const methods = new Set(availableGateways().flatMap((definition) => definition.descriptor.paymentMethods));
  for (const locale of ['en', 'pt-PT'] as const) {
    const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
    for (const method of methods) assert.notEqual(methodLabel(t, method), method, `${locale} has no words for ${method}`);
  }
  assert.equal(methodLabel((key) => translate('en', key), 'bank_transfer'), 'Bank transfer');
  assert.equal(methodLabel((key) => translate('pt-PT', key), 'bank_transfer'), 'Transferência bancária');
  assert.equal(methodLabel((key) => translate('en', key), 'crypto'), 'crypto');
});
