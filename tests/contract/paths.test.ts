import { describe, expect, it } from 'vitest';
import { FilePath, filePathProblem, MAX_NAME_CHARS, MAX_PATH_CHARS } from '../../server/contract/paths';
import { reasonOf } from '../../server/http/validate';
import { render } from '../../server/messages';

describe('the file path rule', () => {
  it.each([
    'scenario.yaml',
    'brief.md',
    'brief.zh-CN.md',
    'src/quote.js',
    'workspace/src/quote_v2.test.ts',
    'fixtures/orders 2024.csv',
    'nginx/portal.conf',
    'a/b/c/d/e/f.txt',
    'Makefile',
    'x'.repeat(MAX_NAME_CHARS),
    `${'abcdefghi/'.repeat(29)}file.txt`,
  ])('accepts %j', (path) => expect(filePathProblem(path)).toBeNull());

  it.each([
    // The three findings of the penetration test.
    ['.git/config', 'a folder name may not start with a dot: .git'],
    ['src//double.ts', 'has an empty folder name (two / in a row)'],
    ['src/ space.ts', 'a file name may not start or end with a space: " space.ts"'],
    // Dot files and folders anywhere.
    ['.env', 'a file name may not start with a dot: .env'],
    ['workspace/.npmrc', 'a file name may not start with a dot: .npmrc'],
    ['workspace/.github/workflows/x.yml', 'a folder name may not start with a dot: .github'],
    ['.gitignore', 'a file name may not start with a dot: .gitignore'],
    // Spaces and dots at the ends of names.
    ['src /a.ts', 'a folder name may not start or end with a space: "src "'],
    ['notes.md ', 'a file name may not start or end with a space: "notes.md "'],
    ['notes.', 'a file name may not end with a dot: notes.'],
    // Leaving the package.
    ['../etc/passwd', 'may not contain .. as a folder: a path stays inside the package'],
    ['tasks/../../x', 'may not contain .. as a folder: a path stays inside the package'],
    ['./brief.md', 'may not contain . as a folder: a path stays inside the package'],
    ['/etc/passwd', 'must be relative to the package: no / at the start'],
    ['tasks/', 'ends with /: name a file, not a folder'],
    ['', 'is empty: give the file name with its folders, e.g. src/quote.js'],
    // Characters.
    ['a\\b.js', 'contains a backslash: separate folders with /'],
    ['C:/x.js', 'a folder name may use only letters A-Z, digits, spaces and . _ - (":" in C:)'],
    ['src/a\nb.js', 'contains a control character (U+000A)'],
    ['src/a\u0000.js', 'contains a control character (U+0000)'],
    ['src/a\u007f.js', 'contains a control character (U+007F)'],
    ['src/a\u0085.js', 'contains a control character (U+0085)'],
    ['naïve.md', 'a file name may use only letters A-Z, digits, spaces and . _ - ("ï" in naïve.md)'],
    ['订单.csv', 'a file name may use only letters A-Z, digits, spaces and . _ - ("订" in 订单.csv)'],
    ['a\u202Egnp.js', 'a file name may use only letters A-Z, digits, spaces and . _ - ("\u202E" in a\u202Egnp.js)'],
    ['what?.md', 'a file name may use only letters A-Z, digits, spaces and . _ - ("?" in what?.md)'],
    ['a|b.md', 'a file name may use only letters A-Z, digits, spaces and . _ - ("|" in a|b.md)'],
    ['a\uD800.md', 'a file name may use only letters A-Z, digits, spaces and . _ - ("\uD800" in a\uD800.md)'],
    // Windows device names.
    ['src/con', 'a file name may not be one Windows keeps for a device: con'],
    ['aux.js', 'a file name may not be one Windows keeps for a device: aux.js'],
    ['LPT1/x.md', 'a folder name may not be one Windows keeps for a device: LPT1'],
    // Lengths.
    [`${'y'.repeat(MAX_NAME_CHARS + 1)}.md`, `a file name is longer than ${MAX_NAME_CHARS} characters: ${'y'.repeat(24)}…`],
    ['a/'.repeat(MAX_PATH_CHARS / 2) + 'b', `is longer than ${MAX_PATH_CHARS} characters`],
  ])('refuses %j: %s', (path, reason) => expect(filePathProblem(path)).toBe(reason));

  it('names the reason’s catalog key as the field’s message in a schema, which reads as the rule', () => {
    const parsed = FilePath.safeParse('.git/config');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ message: 'path.dotStart', params: { kind: 'folder', name: '.git' } });
    expect(render(reasonOf(parsed.error!.issues[0]!))).toBe('a folder name may not start with a dot: .git');
    expect(FilePath.safeParse('src/quote.js').success).toBe(true);
    expect(FilePath.safeParse(42).success).toBe(false);
  });
});
