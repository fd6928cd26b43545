// Where a shopper can be reached, as their verified token said at checkout (stored on the order).
import * as z from '../../../contract/schemas/zod';
import { cutText } from '../text';

export interface ShopperContact {
  email?: string;
  /** E.164, e.g. +919876543210 */
  phone?: string;
  name?: string;
}

const Email = z.email().max(254);
const Phone = z.string().regex(/^\+[1-9][0-9]{7,14}$/);

/** The usable contact claims of a verified token; an email the IdP marks unverified is left out. */
export function contactFromClaims(claims: Readonly<Record<string, unknown>>): ShopperContact {
  const emailVerified = claims.email_verified !== false && claims.email_verified !== 'false';
  const email = emailVerified ? Email.safeParse(claims.email) : undefined;
  const phone = Phone.safeParse(claims.phone_number);
  const name = typeof claims.name === 'string' ? cutText(claims.name.trim(), 100) : '';
  return {
    ...(email?.success ? { email: email.data } : {}),
    ...(phone.success ? { phone: phone.data } : {}),
    ...(name ? { name } : {}),
  };
}
