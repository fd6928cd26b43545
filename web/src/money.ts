// The API speaks integer paise; people read rupees.
const rupees = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatPaise = (paise: number): string => `₹${rupees.format(paise / 100)}`;
