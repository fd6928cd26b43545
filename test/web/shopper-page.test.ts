// The shopper page in a real browser (Debian's chromium, driven by puppeteer-core) against a local
// system: catalog → cart (warnings, total in rupees, errors in words) → checkout → pay → confirmed →
// a rider driven through the API moves on the map → delivered.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../local/dev/auth';
import { tokenFor } from '../support/api';
import { checkoutAs, hasStatus, useCheckoutSystem, waitForOrder } from '../support/checkout';
import { type PlacedOrder, payFor } from '../support/orders';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '../../.test-results/screenshots');
/** How long to wait for the page to show something before failing (not a timing assertion). */
const WAIT = { timeout: 10_000 };

const shop = useCheckoutSystem();
const api = () => shop.api();

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** What the page asked for and the server did not have (a missing favicon is a console error on every load). */
const notFound: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  await openShopperTab();
});

/** A new tab is a new shopper (the page keeps its generated shopper id per tab). */
async function openShopperTab() {
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() === 404) notFound.push(response.url());
  });
}

afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const textOf = (testId: string) =>
  page.$eval(`[data-testid="${testId}"]`, (e) => e.textContent?.trim() ?? '');
const waitForText = (testId: string, text: string) =>
  page.waitForFunction(
    (id, expected) =>
      (globalThis as any).document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === expected,
    WAIT,
    testId,
    text,
  );
const waitForShopper = () =>
  page
    .waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('[data-testid="shopper"]')
          ?.textContent?.startsWith('Signed in as '),
      WAIT,
    )
    .then(() => textOf('shopper'));
const riderPosition = () => page.$eval('[data-testid="rider"]', (e) => e.getAttribute('transform'));

async function addToCart(name: string) {
  const card = await page.waitForSelector(
    `xpath///li[@data-testid="product"][.//h3[text()="${name}"]]`,
    WAIT,
  );
  const button = await card!.$('[data-testid="add"]');
  await button!.click();
}

describe('the shopper web page', () => {
  it('is served by the local gateway with a config.json pointing at this system', async () => {
    const index = await api().get('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.body).toContain('<script type="module" src="app.js">');
    const script = await api().get('/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const config = await api().get('/config.json');
    expect(config.body).toEqual({
      apiUrl: shop.localSystem().httpUrl,
      wsUrl: shop.localSystem().wsUrl,
      local: true,
    });
    // Anything else is still the API's 404.
    expect((await api().get('/secrets.js')).body.error.code).toBe('NOT_FOUND');
  });

  it('takes a shopper from the catalog to a delivered order, with the rider moving on the map', async () => {
    const milk = await shop.product({ name: 'Browser Test Milk', price: 2800, stock: 50, maxPerOrder: 2 });
    const curd = await shop.product({ name: 'Browser Test Curd', price: 4500, stock: 1 });

    await page.goto(`${shop.localSystem().httpUrl}/`);
    await page.waitForSelector('[data-testid="product"]', WAIT);
    const shopper = (await textOf('shopper')).replace('Signed in as ', '');
    expect(shopper).toMatch(/^shopper-[0-9a-f]{8}$/);

    await addToCart(milk.name);
    await waitForText('cart-total', '₹58.00'); // 28.00 + 25.00 delivery + 5.00 handling
    // By keyboard: the cart redraws on each change, and focus stays on the control the shopper used.
    const focused = () =>
      page.evaluate(() => {
        const active = (globalThis as any).document.activeElement;
        return `${active?.closest('[data-product-id]')?.dataset.productId} ${active?.getAttribute('aria-label')}`;
      });
    await page.focus(
      `[data-testid="cart-line"][data-product-id="${milk.productId}"] [aria-label="One more"]`,
    );
    await page.keyboard.press('Enter');
    await waitForText('cart-total', '₹86.00');
    expect(await focused()).toBe(`${milk.productId} One more`);
    // Past maxPerOrder: the limit in words, not a word about the order's stage.
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="notice"]:not([hidden])', WAIT);
    expect(await textOf('notice')).toBe('You can buy at most 2 of this per order.');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    await page.keyboard.press('Enter');
    await waitForText('cart-total', '₹58.00');
    expect(await focused()).toBe(`${milk.productId} One less`);
    await addToCart(curd.name);
    await waitForText('cart-total', '₹103.00');
    // The warning sits on the line it concerns, in words.
    const lowStock = await page.waitForSelector(
      `[data-testid="cart-line"][data-product-id="${curd.productId}"] [data-notice="LOW_STOCK"]`,
      WAIT,
    );
    expect(await lowStock!.evaluate((e) => e.textContent)).toBe('Only 1 left');
    // One more curd than there is: refused, and said in words, never as a code.
    await addToCart(curd.name);
    await page.waitForSelector('[data-testid="notice"]:not([hidden])', WAIT);
    const refusal = await textOf('notice');
    expect(refusal).toMatch(/only 1 available/i);
    expect(refusal).not.toMatch(/[A-Z]+_[A-Z]+/);
    expect(await textOf('cart-total')).toBe('₹103.00');
    await shot('1-cart');

    // An admin raises the milk's price while the cart is open: the payment step names what will be
    // charged (33.00 + 45.00 + 25.00 + 5.00), and the cart says why it is not the ₹103.00 shown before.
    const { productId: _, ...milkFields } = milk;
    const repriced = await api().put(`/admin/products/${milk.productId}`, {
      token: await tokenFor('admin', 'browser-test-admin'),
      body: { ...milkFields, price: 3300, mrp: 3500 },
    });
    expect(repriced.status, JSON.stringify(repriced.body)).toBe(200);
    await page.click('[data-testid="checkout"]');
    await page.waitForSelector('[data-testid="pay"]:not([hidden])', WAIT);
    await waitForText('pay', 'Pay ₹108.00');
    await page.waitForSelector(
      `[data-testid="cart-line"][data-product-id="${milk.productId}"] [data-notice="PRICE_CHANGED"]`,
      WAIT,
    );
    await waitForText('order-status', 'awaiting_payment');
    await page.waitForSelector('[data-testid="map"]', WAIT);
    await shot('2-payment-step');

    // A reload mid-order comes back to the order, its payment step and its live feed.
    await page.reload();
    await page.waitForSelector('[data-testid="pay"]:not([hidden])', WAIT);
    await waitForText('order-status', 'awaiting_payment');

    // The first attempt is declined (the double answers as Checkout's payment.failed would): said so,
    // and the shopper can pay again.
    let declined = false;
    const declineFirstPayment = (request: HTTPRequest) => {
      if (declined || !request.url().endsWith('/dev/razorpay/pay')) return void request.continue();
      declined = true;
      void request.continue({
        postData: JSON.stringify({ ...JSON.parse(request.postData() ?? '{}'), outcome: 'failure' }),
      });
    };
    await page.setRequestInterception(true);
    page.on('request', declineFirstPayment);
    // On a phone the pay button is far down the page: the message must still be in view.
    await page.setViewport({ width: 375, height: 700 });
    await page.click('[data-testid="pay"]');
    await page.waitForSelector('[data-testid="notice"]:not([hidden])', WAIT);
    expect(await textOf('notice')).toMatch(/^Your payment did not go through\b.*Please try again\.$/);
    const noticeBox = await page.$eval('[data-testid="notice"]', (e) => {
      const { top, bottom } = e.getBoundingClientRect();
      return { top, bottom, viewport: (globalThis as any).innerHeight as number };
    });
    expect(noticeBox.top).toBeGreaterThanOrEqual(0);
    expect(noticeBox.bottom).toBeLessThanOrEqual(noticeBox.viewport);
    await page.screenshot({ path: join(SCREENSHOTS, '2b-payment-declined-narrow.png') });
    await page.setViewport({ width: 1200, height: 900 });
    page.off('request', declineFirstPayment);
    await page.setRequestInterception(false);
    await page.waitForSelector('[data-testid="pay"]:not([hidden]):not([disabled])', WAIT);
    expect(await textOf('order-status')).toBe('awaiting_payment');

    // Paid, while the saga is still confirming it with Razorpay (held here): no second Pay button,
    // and the page says the payment arrived. Several calls are held: the declined attempt's webhook
    // may still cause one.
    const confirmation = shop.razorpay().hangNextApiCalls(5);
    await page.click('[data-testid="pay"]');
    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .getElementById('status-words')
          ?.textContent?.startsWith('Payment received'),
      WAIT,
    );
    expect(await page.$eval('[data-testid="pay"]', (e) => (e as any).hidden)).toBe(true);
    expect(await textOf('order-status')).toBe('awaiting_payment');
    confirmation.release();
    await waitForText('order-status', 'confirmed');
    expect(await page.$eval('[data-testid="notice"]', (e) => (e as any).hidden)).toBe(true);

    // The order, as its shopper sees it through the API: the one the page placed.
    const orders = await api().get('/orders', { token: await tokenFor('shopper', shopper) });
    const orderId: string = orders.body.items[0].orderId;
    expect(orders.body.items).toHaveLength(1);

    // A rider comes on duty near the demo address and is assigned.
    const rider = await signDevToken(`rider-${shopper}`, 'rider', 3600, { name: 'Ravi' });
    const onDuty = await api().put('/rider/availability', {
      token: rider,
      body: { available: true, location: { lat: 12.979, lng: 77.64 } },
    });
    expect(onDuty.status, JSON.stringify(onDuty.body)).toBe(200);
    await waitForText('order-status', 'rider_assigned');
    const step = async (status: string) => {
      const res = await api().post(`/rider/orders/${orderId}/status`, { token: rider, body: { status } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await waitForText('order-status', status);
    };
    const moveTo = async (lat: number, lng: number) => {
      const res = await api().post('/rider/location', { token: rider, body: { orderId, lat, lng } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };

    await step('picked_up');
    await moveTo(12.977, 77.6405);
    await page.waitForSelector('[data-testid="rider"]', WAIT);
    const first = await riderPosition();
    expect(await textOf('eta')).toMatch(/^Arriving in about \d+ min$/);
    await shot('3-rider-at-store');

    await step('out_for_delivery');
    await moveTo(12.9735, 77.641);
    await page.waitForFunction(
      (before) =>
        (globalThis as any).document.querySelector('[data-testid="rider"]')?.getAttribute('transform') !==
        before,
      WAIT,
      first,
    );
    expect(await riderPosition()).not.toBe(first);
    await shot('4-rider-near');

    await step('delivered');
    // Delivered: no ETA left anywhere, the map's rider label included.
    await page.waitForFunction(
      () => (globalThis as any).document.querySelector('[data-testid="rider"]')?.textContent === 'RRider',
      WAIT,
    );
    expect(await textOf('eta')).toBe('');
    await shot('5-delivered');
    expect(pageErrors).toEqual([]);
    expect(notFound).toEqual([]);
  });

  it('lets a shopper cancel an unpaid order, and gives the cart back', async () => {
    const bread = await shop.product({ name: 'Browser Test Bread', price: 4000, stock: 5 });
    await openShopperTab();
    await page.goto(`${shop.localSystem().httpUrl}/`);
    // An earlier order of this shopper, paid and still going (placed through the API): the newer
    // order cancelled below must not hide it after a reload.
    const shopper = (await waitForShopper()).replace('Signed in as ', '');
    const token = await tokenFor('shopper', shopper);
    const earlier = await api().post('/cart/items', {
      token,
      body: { productId: bread.productId, quantity: 1 },
    });
    expect(earlier.status, JSON.stringify(earlier.body)).toBe(200);
    const placed = await checkoutAs(api(), token);
    const orderId: string = placed.body.orderId;
    const { payment, orderNumber } = await waitForOrder(orderId, hasStatus('awaiting_payment'));
    await payFor(shop, { orderId, token, razorpayOrderId: payment!.razorpayOrderId } as PlacedOrder, {
      via: 'webhook',
    });
    // Confirming it empties the cart (just after the status): the page starts from an empty one.
    await expect.poll(async () => (await api().get('/cart', { token })).body.items.length, WAIT).toBe(0);
    // A second tap while the first add is on its way adds nothing: the first request is held
    // until the second tap was made, any other goes straight through.
    const adds: HTTPRequest[] = [];
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const holdFirstAdd = (request: HTTPRequest) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/cart/items'))
        return void request.continue();
      adds.push(request);
      if (adds.length === 1) void firstHeld.then(() => request.continue());
      else void request.continue();
    };
    await page.setRequestInterception(true);
    page.on('request', holdFirstAdd);
    await addToCart(bread.name);
    await addToCart(bread.name);
    releaseFirst();
    await waitForText('cart-total', '₹70.00');
    await page.waitForNetworkIdle({ idleTime: 300, ...WAIT });
    page.off('request', holdFirstAdd);
    await page.setRequestInterception(false);
    expect(adds).toHaveLength(1);
    expect(await textOf('cart-total')).toBe('₹70.00');
    await page.click('[data-testid="checkout"]');
    await page.waitForSelector('[data-testid="pay"]:not([hidden])', WAIT);
    const badgeColour = () =>
      page.$eval('[data-testid="order-status"]', (e) => (globalThis as any).getComputedStyle(e).color);
    const awaitingColour = await badgeColour();
    await page.click('[data-testid="cancel"]');
    await waitForText('order-status', 'cancelled');
    // Not the colour of an order still going (nor the brand's green of a good one).
    expect(await badgeColour()).not.toBe(awaitingColour);
    expect(await badgeColour()).toBe('rgb(179, 38, 30)');
    expect(await page.$eval('[data-testid="pay"]', (e) => (e as any).hidden)).toBe(true);
    expect(await page.$eval('[data-testid="cancel"]', (e) => (e as any).hidden)).toBe(true);
    await page.waitForSelector('[data-testid="checkout"]:not([disabled])', WAIT);
    await shot('6-cancelled');
    // The next order can be cancelled too: its Cancel button is not left disabled by the last cancel.
    await page.click('[data-testid="checkout"]');
    await page.waitForSelector('[data-testid="pay"]:not([hidden])', WAIT);
    expect(await page.$eval('[data-testid="cancel"]', (e) => (e as any).disabled)).toBe(false);
    await page.click('[data-testid="cancel"]');
    await waitForText('order-status', 'cancelled');
    // A reload comes back to the earlier order, still going, not to the newest one, which ended.
    await page.reload();
    await page.waitForFunction(
      (expected) => (globalThis as any).document.getElementById('order-number')?.textContent === expected,
      WAIT,
      `Order ${orderNumber}`,
    );
    expect(pageErrors).toEqual([]);
  });
});
