// zod for every schema, re-exported so it is always imported as a namespace (`import * as z`):
// bundlers then keep only what is used. A named `{ z }` import, or passing `z` around as a value,
// keeps all of zod and its locales — measured 450 KB against 90 KB per function.
// OpenAPI names and descriptions use zod's own `.meta({ id, description })`, which
// zod-to-openapi reads, so handlers need not load zod-to-openapi at all.
export * from 'zod';
