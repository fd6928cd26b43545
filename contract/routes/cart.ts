// The shopper's cart: its routes and only their schemas, so a cart function builds nothing of
// another area at cold start (docs/decisions.md, 2026-12-02).

import { AddCartItemInput, Cart, SetCartItemInput } from '../schemas/cart';
import { ProductIdParams } from '../schemas/params';
import { type RouteDeclaration, route, throttles } from './declaration';

export const cartRoutes = {
  getCart: route({
    method: 'GET',
    path: '/cart',
    handler: 'functions/http/cart/get-cart.ts',
    summary: 'The cart, validated against current stock and prices',
    access: ['shopper'],
    tag: 'cart',
    response: Cart,
    grants: { tables: { carts: 'read', products: 'read' } },
    throttle: throttles.shopping,
  }),
  addCartItem: route({
    method: 'POST',
    path: '/cart/items',
    handler: 'functions/http/cart/add-item.ts',
    summary: 'Add a product (merges with a line already there)',
    access: ['shopper'],
    tag: 'cart',
    refusals: [409],
    body: AddCartItemInput,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
    throttle: throttles.shopping,
  }),
  setCartItem: route({
    method: 'PATCH',
    path: '/cart/items/{productId}',
    handler: 'functions/http/cart/set-item.ts',
    summary: 'Set a line’s quantity; 0 removes it',
    access: ['shopper'],
    tag: 'cart',
    refusals: [409],
    params: ProductIdParams,
    body: SetCartItemInput,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
    throttle: throttles.shopping,
  }),
  removeCartItem: route({
    method: 'DELETE',
    path: '/cart/items/{productId}',
    handler: 'functions/http/cart/remove-item.ts',
    summary: 'Remove a line',
    access: ['shopper'],
    tag: 'cart',
    params: ProductIdParams,
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
    throttle: throttles.shopping,
  }),
  clearCart: route({
    method: 'DELETE',
    path: '/cart',
    handler: 'functions/http/cart/clear-cart.ts',
    summary: 'Empty the cart',
    access: ['shopper'],
    tag: 'cart',
    response: Cart,
    rateLimit: 'cartWrite',
    grants: { tables: { carts: 'readwrite', products: 'read', control: 'readwrite' } },
    throttle: throttles.shopping,
  }),
} satisfies Record<string, RouteDeclaration>;
