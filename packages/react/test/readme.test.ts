import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's TypeScript examples are compiled as they are written (strict, with the real
 * packages' types), so the examples users copy cannot drift from the API.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const README = join(HERE, '..', '..', '..', 'README.md');
const WORK = join(HERE, '.readme-examples');

afterAll(() => rm(WORK, { recursive: true, force: true }));

describe('README examples', () => {
  it('every ts and tsx block compiles under strict TypeScript', async () => {
    const readme = await readFile(README, 'utf8');
    const blocks = [...readme.matchAll(/```(tsx?)\n([\s\S]*?)```/g)].map(([, lang, code]) => ({ lang: lang!, code: code! }));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    await mkdir(WORK, { recursive: true });
    const files = await Promise.all(
      blocks.map(async ({ lang, code }, index) => {
        const file = join(WORK, `example-${index}.${lang}`);
        // Each block is a module of its own (top-level await, no shared names).
        await writeFile(file, `${code}\nexport {};\n`);
        return file;
      }),
    );
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `${diagnostic.file.fileName.split('/').pop()}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
