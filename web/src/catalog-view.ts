// The catalog: one card per product, each with its add button.
import type { Product } from './api';
import { h } from './dom';
import { formatPaise } from './money';

export function catalogView(products: Product[], onAdd: (product: Product) => Promise<unknown>): HTMLElement {
  if (products.length === 0) return h('p', { class: 'muted' }, 'No products yet.');
  return h(
    'ul',
    { class: 'catalog' },
    ...products.map((product) =>
      h(
        'li',
        { class: 'card', 'data-testid': 'product', 'data-product-id': product.productId },
        h('div', { class: 'swatch', 'aria-hidden': 'true' }, product.name.slice(0, 1)),
        h('h3', {}, product.name),
        h('p', { class: 'muted' }, product.unit),
        h(
          'p',
          { class: 'price' },
          formatPaise(product.price),
          product.mrp > product.price && h('s', { class: 'muted' }, formatPaise(product.mrp)),
        ),
        h(
          'button',
          {
            'data-testid': 'add',
            disabled: product.available <= 0,
            // One add per tap: a second tap while the first is on its way would add two.
            onclick: (event: Event) => {
              const button = event.currentTarget as HTMLButtonElement;
              button.disabled = true;
              void onAdd(product).finally(() => {
                button.disabled = product.available <= 0;
              });
            },
          },
          product.available > 0 ? 'Add' : 'Sold out',
        ),
      ),
    ),
  );
}
