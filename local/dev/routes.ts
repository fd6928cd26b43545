// The local runtime's own HTTP routes, never deployed: local/http-gateway.ts serves them beside
// contract/routes/, and nothing under infra/ or functions/ imports this file.
import { type RouteDeclaration, route } from '../../contract/routes';
import { DevOutboxList, DevOutboxQuery } from './outbox-schema';
import {
  DevRazorpayConfig,
  DevRazorpayFault,
  DevRazorpayPayInput,
  DevRazorpayPayResult,
} from './razorpay-pay-schema';
import { DevTokenInput } from './token-schema';

export const localRoutes = {
  devToken: route({
    method: 'POST',
    path: '/dev/token',
    handler: 'local/dev/token.ts',
    summary: 'Local only: a signed token for {sub, role} and optional email, phone_number, name claims',
    access: 'public',
    body: DevTokenInput,
  }),
  devRazorpayPay: route({
    method: 'POST',
    path: '/dev/razorpay/pay',
    handler: 'local/dev/razorpay-pay.ts',
    summary: 'Local only: pay or fail a Razorpay order as Checkout would; the double sends the webhooks',
    // Stands in for Razorpay Checkout, which runs outside this API and carries no token of ours.
    access: 'public',
    body: DevRazorpayPayInput,
    response: DevRazorpayPayResult,
  }),
  devOutbox: route({
    method: 'GET',
    path: '/dev/outbox',
    handler: 'local/dev/outbox.ts',
    summary: 'Local only: emails and SMS sent to an address or phone (?to=), newest first',
    access: 'public',
    query: DevOutboxQuery,
    response: DevOutboxList,
  }),
  devRazorpayConfig: route({
    method: 'GET',
    path: '/dev/razorpay/config',
    handler: 'local/dev/razorpay-config.ts',
    summary: 'Local only: the double’s key id and webhook secret, to sign test webhooks',
    access: 'public',
    response: DevRazorpayConfig,
  }),
  devRazorpayFaults: route({
    method: 'POST',
    path: '/dev/razorpay/faults',
    handler: 'local/dev/razorpay-faults.ts',
    summary: 'Local only: the system’s next Razorpay calls fail (count or seconds) or hang',
    access: 'public',
    body: DevRazorpayFault,
  }),
  devRazorpayClearFaults: route({
    method: 'DELETE',
    path: '/dev/razorpay/faults',
    handler: 'local/dev/razorpay-clear-faults.ts',
    summary: 'Local only: clears injected Razorpay faults and releases hung calls',
    access: 'public',
  }),
} satisfies Record<string, RouteDeclaration>;

export const localRouteList = Object.entries(localRoutes).map(([name, r]) => ({
  name,
  ...r,
})) as (RouteDeclaration & { name: string })[];
