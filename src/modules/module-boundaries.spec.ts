import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

const SRC = resolve(__dirname, '..');
const MODULES = __dirname;


function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The module folder a path lies in, or null outside src/modules. */
function moduleOf(path: string): string | null {
  const rel = relative(MODULES, path);
  return rel.startsWith('..') || !rel.includes(sep) ? null : rel.split(sep)[0];
}

/** Every relative import, export-from, require and dynamic import of a file, resolved to a path without extension. */
function importsOf(file: string): string[] {
  const { importedFiles } = preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolve(dirname(file), i.fileName));
}

const modules = readdirSync(MODULES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const sealed = modules.filter((m) => existsSync(join(MODULES, m, 'index.ts')));

describe('module boundaries', () => {
  it('reads the imports it checks (a module is imported through its index.ts somewhere)', () => {
    const all = sourceFiles(SRC).flatMap(importsOf);
    expect(all).toContain(join(MODULES, 'rsvp'));
    expect(all).toContain(join(MODULES, 'places'));
  });

  it.each(sealed)('nothing outside %s imports its internal files, only its index.ts', (name) => {
    const surface = [join(MODULES, name), join(MODULES, name, 'index')];
    const reaching = sourceFiles(SRC)
      .filter((file) => moduleOf(file) !== name)
      .flatMap((file) => importsOf(file).flatMap((target) => (moduleOf(`${target}.ts`) === name && !surface.includes(target) ? [`${relative(SRC, file)} -> ${relative(SRC, target)}`] : [])));
    expect(reaching).toEqual([]);
  });

  it('finds an index.ts in every module: each names what other modules may use of it', () => {
    expect(modules.filter((m) => !sealed.includes(m))).toEqual([]);
  });
});
