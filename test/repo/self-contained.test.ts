// A clone of this repository alone must install, run and test: no tracked file may point at a
// folder beside the checkout (the published contract's `shared` folder) or at an absolute path of
// one machine. The one exception is test/api/schema.test.ts, which compares the repository's copy of
// the contract documents with the published one when that sits beside the checkout. No database.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED = new Set([
  'test/api/schema.test.ts',
  // Stryker's incremental report (npm run test:mutation): copies of tracked sources and tests, whose
  // relative imports read as climbing out from test/. The files it copies are checked themselves.
  'test/stryker-incremental.json',
]);

/** A run of parent steps not preceded by a name or a dot (so "a/.../b" and "x../" are not one). */
const PARENT_STEPS = /(?<![\w.])((?:\.\.[\\/])+)/g;
/** Parent steps that land on a sibling folder named shared, at any depth. */
const SIBLING_SHARED = /(?<![\w.])(?:\.\.[\\/])+shared\b/;
/** Absolute paths of one machine: the team's work area, home folders, file urls of them. */
const MACHINE_PATH = /(?<![\w.~-])(?:file:\/\/)?\/(?:work|home|Users|root|mnt)\/[\w.-]/;

/** What in `text` (a file at repository path `file`) points outside the repository, as "file:line: text". */
function outsidePointers(file: string, text: string): string[] {
  const dir = posix.dirname(file);
  const depth = dir === '.' ? 0 : dir.split('/').length;
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const climbsOut = [...line.matchAll(PARENT_STEPS)].some((m) => m[1]!.length / 3 > depth);
    if (climbsOut || SIBLING_SHARED.test(line) || MACHINE_PATH.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
  });
  return found;
}

/** Folders .gitignore names (`node_modules/`, `/tmp/`…): a walk without git skips them as git would. */
function ignoredFolders(): Set<string> {
  const names = new Set(['.git']);
  const gitignore = join(root, '.gitignore');
  if (!existsSync(gitignore)) return names;
  for (const line of readFileSync(gitignore, 'utf8').split('\n')) {
    const folder = /^\/?([^*#!\s/]+)\/$/.exec(line.trim());
    if (folder) names.add(folder[1]!);
  }
  return names;
}

/** Every file under the repository, for a copy without git (a tarball, an export). */
function walk(dir = root, skip = ignoredFolders()): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : walk(path, skip);
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
  });
}

/** The files git tracks, or every file when git (or the repository's .git) is absent. */
function repositoryFiles(): { files: string[]; source: string } {
  try {
    const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { files: listed.split('\0').filter(Boolean), source: 'git ls-files' };
  } catch {
    return { files: walk(), source: 'a walk of the folder (no git here)' };
  }
}

function isText(buffer: Buffer): boolean {
  return !buffer.subarray(0, 8000).includes(0);
}

describe('the repository stands alone', () => {
  const { files, source } = repositoryFiles();

  it('no file points outside it (only test/api/schema.test.ts may look for the published contract)', () => {
    // The listing is real: it holds top-level files and the one file allowed to look outside.
    expect(files, source).toEqual(expect.arrayContaining(['package.json', 'README.md', ...ALLOWED]));
    const offences: string[] = [];
    for (const file of files) {
      const path = join(root, file);
      if (ALLOWED.has(file) || !existsSync(path) || !statSync(path).isFile()) continue;
      const buffer = readFileSync(path);
      if (isText(buffer)) offences.push(...outsidePointers(file, buffer.toString('utf8')));
    }
    expect(offences, `files from ${source} that point outside the repository; keep what they need inside it`).toEqual([]);
  });

  it('the walk without git finds every file git tracks', () => {
    const walked = new Set(walk());
    expect(files.filter((f) => existsSync(join(root, f)) && !walked.has(f))).toEqual([]);
  });
});

describe('outsidePointers', () => {
  // Built from parts, so that this file holds no pointer of its own.
  const up = (n: number) => '..'.concat('/').repeat(n);
  const machine = (...parts: string[]) => ['', ...parts].join('/');

  it('names the file and line of a sibling shared folder at any depth', () => {
    expect(outsidePointers('test/api/x.test.ts', `ok\nconst p = new URL('${up(3)}shared/contract/operations.graphql', import.meta.url);`)).toEqual([
      `test/api/x.test.ts:2: const p = new URL('${up(3)}shared/contract/operations.graphql', import.meta.url);`,
    ]);
    expect(outsidePointers('README.md', `see ${up(1)}shared/contract/CONTRACT.md`)).toHaveLength(1);
    // Relative to the working directory, not the file: still the sibling folder.
    expect(outsidePointers('test/api/x.test.ts', `readFileSync('${up(1)}shared/a.md')`)).toHaveLength(1);
  });

  it('finds parent steps that climb above the repository root, and only those', () => {
    expect(outsidePointers('docs/api.md', `[the readme](${up(1)}README.md)`)).toEqual([]);
    expect(outsidePointers('server/graphql/types/x.ts', `import { experts } from '${up(3)}schema/index.js';`)).toEqual([]);
    expect(outsidePointers('server/graphql/types/x.ts', `import x from '${up(4)}elsewhere/x.js';`)).toHaveLength(1);
    expect(outsidePointers('README.md', `cd ${up(1)}other-checkout`)).toHaveLength(1);
    expect(outsidePointers('docs/api.md', 'an ellipsis ../… or a/.../b is no path')).toEqual([]);
  });

  it('finds absolute paths of one machine', () => {
    expect(outsidePointers('bench/x.ts', `const contract = '${machine('work', 'shared', 'contract')}';`)).toHaveLength(1);
    expect(outsidePointers('.ci/run', `cp ${machine('home', 'me', 'standby')} .`)).toHaveLength(1);
    expect(outsidePointers('x.md', `file://${machine('Users', 'me', 'a.md')}`)).toHaveLength(1);
    expect(outsidePointers('.gitignore', `${machine('tmp', '')}\nnode_modules/`)).toEqual([]);
    expect(outsidePointers('web/x.test.ts', `executablePath: '${machine('usr', 'bin', 'chromium')}'`)).toEqual([]);
  });
});
