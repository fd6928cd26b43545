// A probe of bench/bundle-import-costs.ts: what node pays to import a bundle at all.
export const handler = async () => 'ok';
