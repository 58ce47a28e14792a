import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { BankTransferInstructions } from './BankTransferInstructions.tsx';
import { MultibancoInstructions } from './MultibancoInstructions.tsx';
import { UssdInstructions } from './UssdInstructions.tsx';

export type PaymentInstructionsView = NonNullable<PaymentSummary['instructions']>;

/** Whatever the customer needs to pay by themselves: a Multibanco reference, a bank account or a USSD code. */
export function PaymentInstructions({ instructions }: { instructions: PaymentInstructionsView }) {
  switch (instructions.type) {
    case 'multibanco':
      return <MultibancoInstructions instructions={instructions} />;
    case 'bank_transfer':
      return <BankTransferInstructions instructions={instructions} />;
    case 'ussd':
      return <UssdInstructions instructions={instructions} />;
  }
}
