// The layering of docs/architecture.md, checked on the code's own imports:
// contract → domain (functions/core) → handlers (functions/*) → {infra (CDK), local}.
// Nothing imports upward and there is no import circle.
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const sourceFolders = ['contract', 'functions', 'infra', 'local', 'web'];

const tsFiles = (dir: string): string[] => {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : tsFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
};

/** Relative imports of one file (static, dynamic and type-only), resolved to project paths. */
const importsOf = (file: string): string[] => {
  const source = readFileSync(join(root, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import\(|^import)\s*['"](\.{1,2}\/[^'"]+)['"]/gm)].map(
    (m) => m[1],
  );
  return specifiers.map((s) => {
    const target = relative(root, resolve(join(root, dirname(file)), s!));
    if (/\.(ts|tsx|js|json)$/.test(target)) return target.replace(/\.js$/, '.ts');
    // A folder import means its index.ts.
    return existsSync(join(root, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`;
  });
};

const files = sourceFolders.flatMap(tsFiles);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Layer of a file, lowest first; a file may import only its own layer or a lower one. */
const layerOf = (file: string): number => {
  if (file.startsWith('contract/')) return 0;
  if (file.startsWith('functions/core/')) return 1;
  if (file.startsWith('functions/')) return 2;
  return 3; // infra/, local/, web/: the readers at the top, which never import each other
};

describe('layers', () => {
  it('finds the source it checks', () => {
    expect(files.filter((f) => f.startsWith('contract/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.startsWith('functions/core/')).length).toBeGreaterThan(20);
  });

  it('has no import that runs from a lower layer back up', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => graph.has(t) && layerOf(t) > layerOf(file)).map((t) => `${file} → ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the top floors apart: Lambda code, the CDK app and the local runtime never import each other', () => {
    const top = (f: string) => f.split('/')[0];
    const across = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => graph.has(t) && layerOf(t) === 3 && layerOf(file) === 3 && top(t) !== top(file))
        .map((t) => `${file} → ${t}`),
    );
    // The local runtime reuses the stack's bundling settings for nothing; the CDK app never reads local/.
    expect(across.filter((a) => !a.startsWith('local/'))).toEqual([]);
    expect(across.filter((a) => a.includes('→ local/'))).toEqual([]);
  });

  it('keeps the contract free of CDK, the AWS SDK and anything but zod', () => {
    const packages = files
      .filter((f) => f.startsWith('contract/'))
      .flatMap((f) =>
        [...readFileSync(join(root, f), 'utf8').matchAll(/from\s*['"]([^.'"][^'"]*)['"]/g)].map(
          (m) => `${f}: ${m[1]}`,
        ),
      );
    expect(packages.filter((p) => !/: (zod|node:[a-z/]+)$/.test(p))).toEqual([]);
  });

  it('has no import circle', () => {
    // Tarjan's strongly connected components; any component of two or more files is a circle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string) => {
      indexOf.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!indexOf.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
      if (low.get(v) === indexOf.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const f of files) if (!indexOf.has(f)) visit(f);
    expect(circles).toEqual([]);
  });
});
