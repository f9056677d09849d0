import i18next from 'i18next';

/** Monaco language ids by file extension; anything unknown is plain text. */
const BY_EXTENSION: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  sql: 'sql',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  md: 'markdown',
  // nginx and similar config files read well with the ini tokenizer (comments, keys, sections).
  conf: 'ini',
  nginx: 'ini',
  ini: 'ini',
  env: 'ini',
  csv: 'plaintext',
  txt: 'plaintext',
  html: 'html',
  css: 'css',
  xml: 'xml',
  py: 'python',
  sh: 'shell',
  dockerfile: 'dockerfile',
};

export function languageOf(path: string): string {
  const name = path.split('/').pop()!.toLowerCase();
  if (name === 'dockerfile') return 'dockerfile';
  if (name === 'nginx.conf' || name.endsWith('.nginx')) return 'ini';
  const ext = name.includes('.') ? name.split('.').pop()! : '';
  return BY_EXTENSION[ext] ?? 'plaintext';
}

const LABEL: Record<string, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  sql: 'SQL',
  json: 'JSON',
  yaml: 'YAML',
  markdown: 'Markdown',
  html: 'HTML',
  css: 'CSS',
  xml: 'XML',
  python: 'Python',
  shell: 'Shell',
  dockerfile: 'Dockerfile',
};

/** A language's name for the status bar: names of languages stay as they are; "Config" and "Plain text" are words. */
export function languageLabel(language: string): string {
  if (language === 'ini') return i18next.t('workspace:language.config');
  if (language === 'plaintext') return i18next.t('workspace:language.plaintext');
  return LABEL[language] ?? language;
}

/**
 * Editor behaviour that depends on the file's language. Monaco's markdown closes every `<`
 * with a `>` (its HTML-ish bracket pairs), which in prose ("costs < 5 yuan") is a stray
 * character to delete: in markdown nothing is closed automatically.
 */
export function editingOptionsFor(language: string): { autoClosingBrackets: 'never' | 'languageDefined' } {
  return { autoClosingBrackets: language === 'markdown' ? 'never' : 'languageDefined' };
}
