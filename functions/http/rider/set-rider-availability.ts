import { deliveryRoutes } from '../../../contract/routes/delivery';
import { profileFromClaims } from '../../core/auth/claims';
import { setRiderAvailability } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(deliveryRoutes.setRiderAvailability, ({ caller, body }) =>
  setRiderAvailability(caller.userId, body, profileFromClaims(caller.claims)),
);
