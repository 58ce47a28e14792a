import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { BankTransferInstructions } from './BankTransferInstructions.tsx';
import { MultibancoInstructions } from './MultibancoInstructions.tsx';
import { UssdInstructions } from './UssdInstructions.tsx';

export type PaymentInstructionsView = NonNullable<PaymentSummary['instructions']>;

/** Whatever the customer needs to pay by themselves: a Multibanco reference, a bank account or a USSD code. */
/** `email`: the customer's, when known, for sending a Multibanco reference. */
export function PaymentInstructions({ instructions, email = null }: { instructions: PaymentInstructionsView; email?: string | null }) {
  switch (instructions.type) {
    case 'multibanco':
      return <MultibancoInstructions instructions={instructions} email={email} />;
    case 'bank_transfer':
      return <BankTransferInstructions instructions={instructions} />;
    case 'ussd':
      return <UssdInstructions instructions={instructions} />;
  }
}
