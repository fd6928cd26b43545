// Stands in for mime-db (133.5 KB of MIME types) in deployed bundles (an esbuild alias in
// infra/bundling.ts; nothing imports this file). The Razorpay SDK pulls it in through axios → form-data →
// mime-types, which only looks a file name's type up for a multipart body; every Razorpay call we make
// sends JSON. With no entries, such a lookup falls back to application/octet-stream.
module.exports = {};
