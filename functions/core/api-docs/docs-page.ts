// The /docs page: Redoc rendering /openapi.json. Both URLs are relative, so the page works
// wherever the API is mounted; the script is served by the API itself (no CDN: works offline).
export const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Quick-commerce checkout API reference</title>
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <redoc spec-url="openapi.json" expand-responses="200,202" path-in-middle-panel></redoc>
    <script src="docs/redoc.standalone.js"></script>
  </body>
</html>
`;
