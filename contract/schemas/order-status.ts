// An order's status as the API shows it, shared by the shopper's order and the rider's view of it:
// its own module, so the delivery routes do not build every order schema.
import { ORDER_STATUSES } from '../order-status';
import * as z from './zod';

export const OrderStatusName = z.enum(ORDER_STATUSES);
