// A demo catalog for `npm start`: ~30 groceries over six categories, stocked through the same
// inventory moves an operator would use. Some lines are low, one is sold out, one is inactive.
import { findProduct, type ProductFields, putProduct } from '../functions/core/catalog';
import { receiveStock } from '../functions/core/inventory';

interface DemoProduct extends Omit<ProductFields, 'active' | 'maxPerOrder'> {
  productId: string;
  stock: number;
  active?: boolean;
  maxPerOrder?: number;
}

const image = (productId: string) => `https://images.example.com/products/${productId}.jpg`;

// Prices in paise (₹1 = 100).
// biome-ignore format: one product per line reads as a table
export const demoCatalog: DemoProduct[] = [
  { productId: 'amul-taaza-500ml', category: 'dairy', name: 'Amul Taaza Toned Milk', unit: '500 ml', price: 2800, mrp: 2800, stock: 120, maxPerOrder: 6 },
  { productId: 'amul-butter-100g', category: 'dairy', name: 'Amul Salted Butter', unit: '100 g', price: 5800, mrp: 6000, stock: 40 },
  { productId: 'mother-dairy-curd-400g', category: 'dairy', name: 'Mother Dairy Classic Curd', unit: '400 g', price: 4500, mrp: 4700, stock: 3 },
  { productId: 'amul-paneer-200g', category: 'dairy', name: 'Amul Fresh Paneer', unit: '200 g', price: 9000, mrp: 9500, stock: 25 },
  { productId: 'eggs-6', category: 'dairy', name: 'Farm Fresh White Eggs', unit: '6 pcs', price: 5400, mrp: 6000, stock: 60 },
  { productId: 'banana-robusta-6', category: 'fruits', name: 'Banana Robusta', unit: '6 pcs', price: 4900, mrp: 6000, stock: 80 },
  { productId: 'apple-shimla-4', category: 'fruits', name: 'Shimla Apple', unit: '4 pcs (approx. 500 g)', price: 13900, mrp: 16000, stock: 30 },
  { productId: 'pomegranate-2', category: 'fruits', name: 'Pomegranate', unit: '2 pcs', price: 11900, mrp: 14000, stock: 4 },
  { productId: 'mango-alphonso-1kg', category: 'fruits', name: 'Alphonso Mango', unit: '1 kg', price: 59900, mrp: 69900, stock: 0 },
  { productId: 'papaya-1', category: 'fruits', name: 'Papaya', unit: '1 pc (approx. 800 g)', price: 6500, mrp: 7500, stock: 18 },
  { productId: 'onion-1kg', category: 'vegetables', name: 'Onion', unit: '1 kg', price: 3900, mrp: 5000, stock: 150, maxPerOrder: 5 },
  { productId: 'tomato-hybrid-500g', category: 'vegetables', name: 'Tomato Hybrid', unit: '500 g', price: 2400, mrp: 3000, stock: 90 },
  { productId: 'potato-1kg', category: 'vegetables', name: 'Potato', unit: '1 kg', price: 3500, mrp: 4200, stock: 140, maxPerOrder: 5 },
  { productId: 'coriander-100g', category: 'vegetables', name: 'Coriander Leaves', unit: '100 g', price: 1500, mrp: 2000, stock: 2 },
  { productId: 'capsicum-green-250g', category: 'vegetables', name: 'Green Capsicum', unit: '250 g', price: 2900, mrp: 3500, stock: 35 },
  { productId: 'lays-magic-masala-52g', category: 'snacks', name: "Lay's India's Magic Masala", unit: '52 g', price: 2000, mrp: 2000, stock: 200 },
  { productId: 'haldiram-bhujia-400g', category: 'snacks', name: "Haldiram's Bhujia Sev", unit: '400 g', price: 11000, mrp: 11500, stock: 45 },
  { productId: 'parle-g-800g', category: 'snacks', name: 'Parle-G Gold Biscuits', unit: '800 g', price: 10000, mrp: 10000, stock: 70 },
  { productId: 'dark-fantasy-75g', category: 'snacks', name: 'Sunfeast Dark Fantasy Choco Fills', unit: '75 g', price: 4000, mrp: 4000, stock: 5 },
  { productId: 'kurkure-masala-90g', category: 'snacks', name: 'Kurkure Masala Munch', unit: '90 g', price: 2000, mrp: 2000, stock: 0, active: false },
  { productId: 'coca-cola-750ml', category: 'beverages', name: 'Coca-Cola', unit: '750 ml', price: 4000, mrp: 4000, stock: 100 },
  { productId: 'tata-tea-gold-500g', category: 'beverages', name: 'Tata Tea Gold', unit: '500 g', price: 31000, mrp: 33000, stock: 30 },
  { productId: 'nescafe-classic-90g', category: 'beverages', name: 'Nescafé Classic Instant Coffee', unit: '90 g', price: 33500, mrp: 35500, stock: 22 },
  { productId: 'real-orange-1l', category: 'beverages', name: 'Real Fruit Power Orange Juice', unit: '1 L', price: 12500, mrp: 13000, stock: 15 },
  { productId: 'bisleri-1l', category: 'beverages', name: 'Bisleri Packaged Drinking Water', unit: '1 L', price: 2000, mrp: 2000, stock: 300, maxPerOrder: 12 },
  { productId: 'aashirvaad-atta-5kg', category: 'staples', name: 'Aashirvaad Shudh Chakki Atta', unit: '5 kg', price: 26500, mrp: 29500, stock: 40, maxPerOrder: 3 },
  { productId: 'india-gate-basmati-1kg', category: 'staples', name: 'India Gate Basmati Rice Classic', unit: '1 kg', price: 21000, mrp: 25000, stock: 35 },
  { productId: 'tata-salt-1kg', category: 'staples', name: 'Tata Salt', unit: '1 kg', price: 2800, mrp: 2800, stock: 110 },
  { productId: 'fortune-sunflower-1l', category: 'staples', name: 'Fortune Sunlite Refined Sunflower Oil', unit: '1 L', price: 16500, mrp: 19000, stock: 50 },
  { productId: 'toor-dal-1kg', category: 'staples', name: 'Tata Sampann Unpolished Toor Dal', unit: '1 kg', price: 18900, mrp: 21500, stock: 1 },
];

/** Seeds each demo product that is not there yet, so a restart (data persists) changes nothing. */
export async function seedDemoCatalogIfEmpty(): Promise<{ seeded: number }> {
  const seeded = await Promise.all(
    demoCatalog.map(async ({ productId, stock, active = true, maxPerOrder = 10, ...fields }) => {
      if (await findProduct(productId)) return false;
      await putProduct(productId, { ...fields, imageUrl: image(productId), active, maxPerOrder });
      if (stock > 0) await receiveStock(productId, stock);
      return true;
    }),
  );
  return { seeded: seeded.filter((created) => created).length };
}
