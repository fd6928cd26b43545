// Creates products through the admin API, so HTTP tests set up state the way an operator would.
import { randomUUID } from 'node:crypto';
import { putProduct } from '../../functions/core/catalog';
import { receiveStock } from '../../functions/core/inventory';
import { type ApiClient, tokenFor } from './api';

export interface ProductSpec {
  productId?: string;
  name?: string;
  category?: string;
  price?: number;
  mrp?: number;
  unit?: string;
  imageUrl?: string;
  active?: boolean;
  maxPerOrder?: number;
  /** Units received after creating it. */
  stock?: number;
}

let adminToken: Promise<string> | undefined;
export const adminTokenOnce = () => {
  adminToken ??= tokenFor('admin', 'admin-fixture');
  return adminToken;
};

export async function createProduct(api: ApiClient, spec: ProductSpec = {}) {
  const { productId = `p-${randomUUID().slice(0, 8)}`, stock = 20, ...fields } = spec;
  const token = await adminTokenOnce();
  const body = {
    name: `Product ${productId}`,
    category: 'test',
    price: 3000,
    unit: '1 pc',
    active: true,
    maxPerOrder: 10,
    ...fields,
    mrp: fields.mrp ?? Math.max(fields.price ?? 3000, 3500),
  };
  const put = await api.put(`/admin/products/${productId}`, { token, body });
  if (put.status !== 200)
    throw new Error(`PUT product ${productId}: ${put.status} ${JSON.stringify(put.body)}`);
  if (stock > 0) {
    const received = await api.post(`/admin/inventory/${productId}/receive`, {
      token,
      body: { quantity: stock },
    });
    if (received.status !== 200) throw new Error(`receive ${productId}: ${received.status}`);
  }
  return { productId, ...body };
}

/** Re-PUTs a product with some fields changed (the rest as `product` has them). */
export async function updateProduct(
  api: ApiClient,
  product: Awaited<ReturnType<typeof createProduct>>,
  changes: Omit<ProductSpec, 'productId' | 'stock'>,
) {
  const { productId, ...fields } = product;
  const res = await api.put(`/admin/products/${productId}`, {
    token: await adminTokenOnce(),
    body: { ...fields, ...changes },
  });
  if (res.status !== 200) throw new Error(`update ${productId}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...product, ...changes };
}

/** Many 1-rupee products with 5 units each, written through the domain (no HTTP round trips):
 *  for tests about how many different lines a cart or an order may hold. */
export async function stockedProducts(productIds: string[], category: string): Promise<void> {
  await Promise.all(
    productIds.map(async (productId) => {
      await putProduct(productId, {
        name: productId,
        category,
        price: 100,
        mrp: 100,
        unit: '1 pc',
        active: true,
        maxPerOrder: 5,
      });
      await receiveStock(productId, 5);
    }),
  );
}
