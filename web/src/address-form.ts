// The delivery address: a demo address prefilled, so checkout needs no typing, and every field editable.
import type { Address } from './api';
import { h } from './dom';

const DEMO_ADDRESS: Address = {
  line1: '12, 4th Cross, Indiranagar',
  city: 'Bengaluru',
  pincode: '560038',
  lat: 12.9719,
  lng: 77.6412,
};

const fields: { name: keyof Address; label: string; type?: string; step?: string }[] = [
  { name: 'line1', label: 'Address' },
  { name: 'city', label: 'City' },
  { name: 'pincode', label: 'Pincode' },
  { name: 'lat', label: 'Latitude', type: 'number', step: 'any' },
  { name: 'lng', label: 'Longitude', type: 'number', step: 'any' },
];

export function addressForm(): { element: HTMLElement; read: () => Address } {
  const inputs = new Map<keyof Address, HTMLInputElement>();
  const element = h(
    'fieldset',
    { class: 'address' },
    h('legend', {}, 'Deliver to'),
    ...fields.map((field) => {
      const input = h('input', {
        name: field.name,
        type: field.type ?? 'text',
        step: field.step,
        value: String(DEMO_ADDRESS[field.name] ?? ''),
        required: true,
      });
      inputs.set(field.name, input);
      return h('label', {}, h('span', {}, field.label), input);
    }),
  );
  const value = (name: keyof Address) => inputs.get(name)!.value.trim();
  return {
    element,
    read: () => ({
      line1: value('line1'),
      city: value('city'),
      pincode: value('pincode'),
      lat: Number(value('lat')),
      lng: Number(value('lng')),
    }),
  };
}
