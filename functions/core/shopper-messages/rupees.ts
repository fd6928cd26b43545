// Paise as a shopper reads them: 8600 → ₹86.00, 123456 → ₹1,234.56 (Indian digit grouping).
const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 });

export const rupees = (paise: number): string => inr.format(paise / 100);
