// The cart: each line with the warnings and errors that concern it, then the totals in rupees.
import type { Cart, CartNotice } from './api';
import { h } from './dom';
import { formatPaise } from './money';

/** A notice in words; the code stays only as a data attribute for styling and tests. */
function noticeText(notice: CartNotice): string {
  switch (notice.code) {
    case 'LOW_STOCK':
      return notice.available === undefined ? 'Only a few left' : `Only ${notice.available} left`;
    case 'PRICE_CHANGED':
      return notice.oldPrice !== undefined && notice.newPrice !== undefined
        ? `Price changed from ${formatPaise(notice.oldPrice)} to ${formatPaise(notice.newPrice)}`
        : 'The price has changed';
    case 'OUT_OF_STOCK':
      return notice.available
        ? `Only ${notice.available} left: lower the quantity`
        : 'Out of stock: remove it';
    default:
      return notice.message ?? 'Please check this item';
  }
}

export function cartView(
  cart: Cart,
  setQuantity: (productId: string, quantity: number) => void,
): HTMLElement {
  if (cart.items.length === 0)
    return h('p', { class: 'muted', 'data-testid': 'cart-empty' }, 'Your cart is empty.');
  const notices = [...cart.errors, ...cart.warnings];
  const unplaced = notices.filter(
    (n) => !n.productId || !cart.items.some((i) => i.productId === n.productId),
  );
  return h(
    'div',
    {},
    h(
      'ul',
      { class: 'cart-lines' },
      ...cart.items.map((line) =>
        h(
          'li',
          { 'data-testid': 'cart-line', 'data-product-id': line.productId },
          h('span', { class: 'line-name' }, line.name),
          h(
            'span',
            { class: 'qty' },
            h(
              'button',
              { 'aria-label': 'One less', onclick: () => setQuantity(line.productId, line.quantity - 1) },
              '−',
            ),
            h('span', {}, line.quantity),
            h(
              'button',
              { 'aria-label': 'One more', onclick: () => setQuantity(line.productId, line.quantity + 1) },
              '+',
            ),
          ),
          h('span', { class: 'amount' }, formatPaise(line.lineTotal)),
          ...notices
            .filter((n) => n.productId === line.productId)
            .map((n) =>
              h(
                'p',
                { class: `notice ${cart.errors.includes(n) ? 'error' : 'warning'}`, 'data-notice': n.code },
                noticeText(n),
              ),
            ),
        ),
      ),
    ),
    ...unplaced.map((n) => h('p', { class: 'notice error', 'data-notice': n.code }, noticeText(n))),
    h(
      'dl',
      { class: 'totals' },
      h('dt', {}, 'Items'),
      h('dd', {}, formatPaise(cart.subtotal)),
      h('dt', {}, 'Delivery'),
      h('dd', {}, cart.deliveryFee === 0 ? 'Free' : formatPaise(cart.deliveryFee)),
      h('dt', {}, 'Handling'),
      h('dd', {}, formatPaise(cart.handlingFee)),
      h('dt', { class: 'grand' }, 'Total'),
      h('dd', { class: 'grand', 'data-testid': 'cart-total' }, formatPaise(cart.total)),
    ),
  );
}
