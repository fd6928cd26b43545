// Catalog and stock management: the admin routes and their schemas, apart from the shopper's
// areas so their functions never build these (docs/decisions.md, 2026-12-02).

import {
  ProductInput,
  ReceiveStockInput,
  SetStockShardsInput,
  ShardedStockLevels,
  StockLevels,
} from '../schemas/admin';
import { Product } from '../schemas/catalog';
import { ProductIdParams } from '../schemas/params';
import { type RouteDeclaration, route, throttles } from './declaration';

export const adminRoutes = {
  putProduct: route({
    method: 'PUT',
    path: '/admin/products/{productId}',
    handler: 'functions/http/admin/put-product.ts',
    summary: 'Create or update a product',
    access: ['admin'],
    tag: 'admin',
    params: ProductIdParams,
    body: ProductInput,
    response: Product,
    grants: { tables: { products: 'readwrite' } },
    throttle: throttles.modest,
  }),
  receiveStock: route({
    method: 'POST',
    path: '/admin/inventory/{productId}/receive',
    handler: 'functions/http/admin/receive-stock.ts',
    summary: 'Add received stock',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    body: ReceiveStockInput,
    response: StockLevels,
    grants: { tables: { products: 'readwrite' } },
    throttle: throttles.modest,
  }),
  getStockLevels: route({
    method: 'GET',
    path: '/admin/inventory/{productId}',
    handler: 'functions/http/admin/get-stock-levels.ts',
    summary: 'Stock counters of a product',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    response: StockLevels,
    grants: { tables: { products: 'read' } },
    throttle: throttles.modest,
  }),
  setStockShards: route({
    method: 'PUT',
    path: '/admin/inventory/{productId}/shards',
    handler: 'functions/http/admin/set-stock-shards.ts',
    summary: 'Spread a hot product’s stock over this many counters (totals unchanged)',
    access: ['admin'],
    tag: 'admin',
    refusals: [404],
    params: ProductIdParams,
    body: SetStockShardsInput,
    response: ShardedStockLevels,
    grants: { tables: { products: 'readwrite' } },
    throttle: throttles.modest,
  }),
} satisfies Record<string, RouteDeclaration>;
