/**
 * An emulator's way to misbehave below HTTP: thrown from a route handler, it makes the sandbox
 * server drop the connection (`reset`) or never answer (`hang`, until the client gives up or the
 * server closes). Both leave the client unable to know whether the request was acted on.
 */
export type TransportFaultAction = 'reset' | 'hang';

export class TransportFault extends Error {
  override name = 'TransportFault';
  readonly action: TransportFaultAction;
  constructor(action: TransportFaultAction) {
    super(action === 'reset' ? 'connection reset by the emulator' : 'the emulator withholds its answer');
    this.action = action;
  }
}
