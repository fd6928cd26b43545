// A plain active product for a bench, with room for any quantity a bench line asks for.
import { putProduct } from '../../functions/core/catalog';

export const putBenchProduct = (productId: string) =>
  putProduct(productId, {
    name: productId,
    category: 'bench',
    price: 1000,
    mrp: 1000,
    unit: '1 pc',
    active: true,
    maxPerOrder: 1000,
  });
