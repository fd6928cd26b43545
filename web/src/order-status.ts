// Order statuses in their order (API.md "Order"), so a late or repeated message never moves one back.
const flow = ['pending', 'awaiting_payment', 'confirmed', 'rider_assigned', 'picked_up', 'out_for_delivery'];
const terminal = ['delivered', 'rejected', 'payment_failed', 'cancelled'];

const rank = (status: string): number =>
  terminal.includes(status) ? flow.length : Math.max(flow.indexOf(status), 0);

export const isLater = (next: string, current: string | undefined): boolean =>
  current === undefined || (!terminal.includes(current) && rank(next) > rank(current));

export const isTerminal = (status: string): boolean => terminal.includes(status);

const words: Record<string, string> = {
  pending: 'Placing your order…',
  awaiting_payment: 'Waiting for your payment',
  confirmed: 'Confirmed: we are packing it',
  rider_assigned: 'A rider is on the way to the store',
  picked_up: 'Picked up',
  out_for_delivery: 'On the way to you',
  delivered: 'Delivered. Enjoy!',
  rejected: 'Sorry, some items ran out: nothing was charged',
  payment_failed: 'The payment did not go through in time',
  cancelled: 'Cancelled',
};

export const statusInWords = (status: string): string => words[status] ?? status.replace(/_/g, ' ');
