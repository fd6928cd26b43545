// The shopper page: sign in, browse, fill the cart, check out, pay, and watch the order arrive.
import { addressForm } from './address-form';
import { Api, type Cart, type Order, type Product } from './api';
import { cartView } from './cart-view';
import { catalogView } from './catalog-view';
import { loadConfig, type SiteConfig } from './config';
import { byId, h } from './dom';
import { ApiError, inWords } from './errors';
import { LiveSocket, type ServerMessage } from './live-socket';
import { formatPaise } from './money';
import { isCancellable, isLater, isTerminal, knownStatus, statusInWords } from './order-status';
import { pay } from './payment';
import { cognitoSignIn, devSignIn, type Session } from './session';
import { TrackingMap } from './tracking-map';

/** A demo dark store in Indiranagar, Bengaluru, when config.json names none. */
const DEFAULT_STORE = { lat: 12.9784, lng: 77.6408 };
const PAYMENT_READY_POLL_MS = 400;

const notice = byId('notice');
const say = (message: string | undefined) => {
  notice.textContent = message ?? '';
  notice.hidden = !message;
};
const failWith = (error: unknown) => say(inWords(error));

let api: Api;
let config: SiteConfig;
let cart: Cart | undefined;
let order: Order | undefined;
let map: TrackingMap | undefined;
let socket: LiveSocket | undefined;
const address = addressForm();

async function start(): Promise<void> {
  config = await loadConfig();
  api = new Api(config.apiUrl);
  const session = config.local ? await devSignIn(api) : await signInWithCognito();
  api.token = session.token;
  byId('shopper').textContent = `Signed in as ${session.shopperId}`;
  byId('address').replaceChildren(address.element);
  socket = new LiveSocket(
    () => `${config.wsUrl}?token=${encodeURIComponent(session.token)}`,
    onLiveMessage,
    (state) => {
      byId('live').textContent = state === 'live' ? 'live' : 'reconnecting…';
      // Whatever happened while the socket was down is in the API.
      if (state === 'live' && order) void refreshTracking(order.orderId);
    },
  );
  const [, current, recent] = await Promise.all([
    showCatalog(),
    api.cart(),
    // Not worth failing the page over: without it the shopper just does not see an older order.
    api.recentOrders().catch(() => []),
  ]);
  showCart(current);
  // A reload mid-order picks the newest unfinished order up where it is: its payment step, status
  // and live feed. Not just the newest order: one placed and cancelled after it must not hide it.
  const unfinished = recent.find((placed) => !isTerminal(placed.status));
  if (unfinished) await followOrder(unfinished);
}

async function showCatalog(): Promise<void> {
  const { items } = await api.products();
  byId('catalog').replaceChildren(catalogView(items, addToCart));
}

function signInWithCognito(): Promise<Session> {
  const email = h('input', { type: 'email', placeholder: 'Email', required: true });
  const password = h('input', { type: 'password', placeholder: 'Password', required: true });
  const form = h('form', { class: 'sign-in' }, email, password, h('button', {}, 'Sign in'));
  byId('shopper').replaceChildren(form);
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      cognitoSignIn(config, email.value, password.value).then(resolve, (error: Error) => say(error.message));
    });
  });
}

function showCart(next: Cart): void {
  cart = next;
  const container = byId('cart');
  // Redrawing replaces the buttons: a keyboard user's focus goes back to the same control of the same line.
  const focused = document.activeElement;
  const focusedLine = container.contains(focused) ? focused?.closest<HTMLElement>('[data-product-id]') : null;
  const focusedControl = focused?.getAttribute('aria-label');
  container.replaceChildren(cartView(next, setQuantity));
  if (focusedLine && focusedControl) {
    const line = container.querySelector(
      `[data-product-id="${CSS.escape(focusedLine.dataset.productId ?? '')}"]`,
    );
    const control = line?.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focusedControl)}"]`);
    // The line is gone (quantity 0): the cart's first control, or the checkout button.
    (control ?? container.querySelector<HTMLElement>('button') ?? byId('checkout')).focus();
  }
  byId<HTMLButtonElement>('checkout').disabled = next.items.length === 0 || next.errors.length > 0;
}

const changedCart = (next: Cart) => {
  say(undefined);
  showCart(next);
};
const addToCart = (product: Product) => api.addToCart(product.productId).then(changedCart, failWith);
const setQuantity = (productId: string, quantity: number) =>
  api.setQuantity(productId, Math.max(quantity, 0)).then(changedCart, failWith);

async function checkout(button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const placed = await api.checkout(address.read(), crypto.randomUUID());
    order = undefined;
    await Promise.all([followOrder(placed), api.cart().then(showCart)]);
  } catch (error) {
    failWith(error);
    button.disabled = !cart?.items.length;
  }
}

/** Shows an order and keeps it current: live messages, and the payment step once the saga has it. */
async function followOrder(current: Order): Promise<void> {
  showOrder(current);
  socket?.watch(current.orderId);
  showOrder(await waitForPaymentStep(current.orderId));
}

/** The saga creates the Razorpay order a moment after checkout; the pay button waits for it. */
async function waitForPaymentStep(orderId: string): Promise<Order> {
  for (;;) {
    const current = await api.order(orderId);
    if (current.payment?.razorpayOrderId || isTerminal(current.status) || current.status !== 'pending') {
      return current;
    }
    await new Promise((resolve) => setTimeout(resolve, PAYMENT_READY_POLL_MS));
  }
}

function showOrder(next: Order): void {
  const sameOrder = order?.orderId === next.orderId;
  const status = sameOrder && !isLater(next.status, order?.status) ? order!.status : next.status;
  order = sameOrder ? { ...order!, ...next, status } : next;
  if (!sameOrder) byId('order-status').dataset.status = '';
  byId('order').hidden = false;
  byId('order-number').textContent = `Order ${next.orderNumber}`;
  setStatus(status);
  // A payment id means a payment arrived: the saga is confirming it, so nothing is left to pay.
  const paid = status === 'awaiting_payment' && Boolean(order.payment?.paymentId);
  if (paid) byId('status-words').textContent = 'Payment received: confirming your order…';
  const payButton = byId<HTMLButtonElement>('pay');
  payButton.hidden = status !== 'awaiting_payment' || !order.payment?.razorpayOrderId || paid;
  // The amount charged is the order's, priced at checkout: it may differ from the cart as last shown.
  payButton.textContent = `Pay ${formatPaise(order.payment?.amount ?? order.total)}`;
  // Not while a payment is being confirmed: the API answers 409 until the order is confirmed.
  byId('cancel').hidden = !isCancellable(status) || paid;
  if (!sameOrder) {
    // A cancelled order leaves its Cancel button disabled (it waits for the saga): not this one's.
    byId<HTMLButtonElement>('cancel').disabled = false;
    map = new TrackingMap(config.store ?? DEFAULT_STORE, next.deliveryAddress);
    byId('map').replaceChildren(map.element);
    byId('eta').textContent = '';
  }
}

function setStatus(wireStatus: string): void {
  const status = knownStatus(wireStatus);
  if (!order || !status) return;
  if (order.status !== status && !isLater(status, order.status)) return;
  order.status = status;
  const badge = byId('order-status');
  if (badge.dataset.status === status) return;
  badge.textContent = status;
  badge.dataset.status = status;
  byId('status-words').textContent = statusInWords(status);
  if (status !== 'awaiting_payment') byId('pay').hidden = true;
  if (!isCancellable(status)) byId('cancel').hidden = true;
  if (isTerminal(status)) {
    byId('eta').textContent = '';
    map?.forgetEta();
  }
  // The saga empties the cart and moves stock as the order goes: show both as they are now.
  api.cart().then(showCart, () => {});
  void showCatalog().catch(() => {});
}

function onLiveMessage(message: ServerMessage): void {
  if (!order || ('orderId' in message && message.orderId !== order.orderId)) return;
  if (message.type === 'order.status') setStatus(message.status);
  if (message.type === 'delivery.location') showRider(message.lat, message.lng, message.etaMinutes);
}

function showRider(lat: number, lng: number, etaMinutes?: number): void {
  map?.moveRider({ lat, lng }, etaMinutes);
  byId('eta').textContent = etaMinutes === undefined ? '' : `Arriving in about ${etaMinutes} min`;
}

async function refreshTracking(orderId: string): Promise<void> {
  try {
    const tracking = await api.tracking(orderId);
    setStatus(tracking.status);
    if (tracking.currentLocation)
      showRider(tracking.currentLocation.lat, tracking.currentLocation.lng, tracking.etaMinutes);
  } catch {
    // The next message or reconnect tries again.
  }
}

async function payForOrder(button: HTMLButtonElement): Promise<void> {
  if (!order) return;
  button.disabled = true;
  say(undefined);
  try {
    showOrder(await pay(api, config, order));
  } catch (error) {
    // Our own payment errors are already sentences; anything from the network or the API is put in words.
    say(
      error instanceof ApiError || !(error instanceof Error) || error instanceof TypeError
        ? inWords(error)
        : error.message,
    );
  } finally {
    button.disabled = false;
  }
}

async function cancelOrder(button: HTMLButtonElement): Promise<void> {
  if (!order) return;
  button.disabled = true;
  say(undefined);
  try {
    // Before payment the answer still shows the order open: the saga cancels it a moment later
    // (order.status arrives); the button stays disabled until then.
    showOrder(await api.cancelOrder(order.orderId));
  } catch (error) {
    failWith(error);
    button.disabled = false;
  }
}

byId<HTMLButtonElement>('checkout').addEventListener(
  'click',
  (e) => void checkout(e.currentTarget as HTMLButtonElement),
);
byId<HTMLButtonElement>('pay').addEventListener(
  'click',
  (e) => void payForOrder(e.currentTarget as HTMLButtonElement),
);
byId<HTMLButtonElement>('cancel').addEventListener(
  'click',
  (e) => void cancelOrder(e.currentTarget as HTMLButtonElement),
);
start().catch(failWith);
