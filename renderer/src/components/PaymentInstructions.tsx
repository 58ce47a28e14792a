import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { BankTransferInstructions } from './BankTransferInstructions.tsx';
import { MultibancoInstructions } from './MultibancoInstructions.tsx';

export type PaymentInstructionsView = NonNullable<PaymentSummary['instructions']>;

/** Whatever the customer needs to pay by themselves: a Multibanco reference or a bank account. */
export function PaymentInstructions({ instructions }: { instructions: PaymentInstructionsView }) {
  switch (instructions.type) {
    case 'multibanco':
      return <MultibancoInstructions instructions={instructions} />;
    case 'bank_transfer':
      return <BankTransferInstructions instructions={instructions} />;
  }
}
