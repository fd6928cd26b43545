// What a shopper browses: the catalog routes and only their schemas, so these busiest functions
// build nothing of another area at cold start (docs/decisions.md, 2026-12-02).

import { Product, ProductList, ProductListQuery } from '../schemas/catalog';
import { ProductIdParams } from '../schemas/params';
import { type RouteDeclaration, route, throttles } from './declaration';

export const catalogRoutes = {
  listProducts: route({
    method: 'GET',
    path: '/products',
    handler: 'functions/http/catalog/list-products.ts',
    summary: 'Active products, optionally by category',
    access: 'public',
    tag: 'catalog',
    query: ProductListQuery,
    response: ProductList,
    grants: { tables: { products: 'read' } },
    throttle: throttles.highTraffic,
  }),
  getProduct: route({
    method: 'GET',
    path: '/products/{productId}',
    handler: 'functions/http/catalog/get-product.ts',
    summary: 'One active product with the stock a shopper can buy now',
    access: 'public',
    tag: 'catalog',
    refusals: [404],
    params: ProductIdParams,
    response: Product,
    grants: { tables: { products: 'read' } },
    throttle: throttles.highTraffic,
  }),
} satisfies Record<string, RouteDeclaration>;
