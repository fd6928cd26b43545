// Files imported as text (esbuild's `with { type: 'text' }`).
declare module 'redoc/bundles/redoc.standalone.js' {
  const text: string;
  export default text;
}
