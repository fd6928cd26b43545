// The flash-sale product of the benches that go through the admin API: one per shopper, discounted.
export const saleItem = (name: string) => ({
  name,
  category: 'bench',
  price: 19_900,
  mrp: 29_900,
  unit: '1 pc',
  active: true,
  maxPerOrder: 1,
});
