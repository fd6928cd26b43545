// Routes are declared per area (contract/routes/<area>.ts) and gathered in contract/routes/index.ts
// for the readers of the whole API (CDK, local gateway, OpenAPI). A handler takes its route from its
// area's module, so its bundle builds no other area's schemas; test/infra/bundling.test.ts checks the
// bundles themselves, this checks the source without bundling.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeAreas, routeList, routes } from '../../contract/routes';

const root = resolve(import.meta.dirname, '../..');
const areaOf = new Map(
  Object.entries(routeAreas).flatMap(([area, declared]) => Object.keys(declared).map((name) => [name, area])),
);
/** The contract/routes modules a file imports (`index` for the folder itself). */
const routeModulesImportedBy = (file: string): string[] =>
  [
    ...readFileSync(resolve(root, file), 'utf8').matchAll(
      /from\s*['"](?:\.\.\/)+contract\/routes(\/[\w-]+)?['"]/g,
    ),
  ].map((m) => m[1]?.slice(1) ?? 'index');

describe('route areas', () => {
  it('gathers every area, each route once, under the name its area declares it', () => {
    const declared = Object.values(routeAreas).flatMap((area) => Object.keys(area));
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(routes)).toEqual(declared);
    for (const [area, declaredHere] of Object.entries(routeAreas)) {
      for (const [name, route] of Object.entries(declaredHere)) {
        expect(routes[name as keyof typeof routes], `${area}.${name}`).toBe(route);
      }
    }
  });

  it("imports each handler's route from its own area's module, never from the gathered routes", () => {
    const wrong = routeList
      .map((r) => ({
        handler: r.handler,
        imports: routeModulesImportedBy(r.handler),
        area: areaOf.get(r.name),
      }))
      // The /docs page and its script answer without their declaration, so they import none.
      .filter(({ imports, area }) => imports.some((module) => module !== area));
    expect(wrong).toEqual([]);
    const importingNone = routeList.filter((r) => routeModulesImportedBy(r.handler).length === 0);
    expect(importingNone.map((r) => r.name)).toEqual(['docs', 'docsScript']);
  });
});
