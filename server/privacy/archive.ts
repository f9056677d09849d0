import { strToU8, zipSync, type Zippable } from 'fflate';
import { EXPORT_LIMIT_BYTES } from '../contract/privacy';
import { AppError } from '../http/errors';
import { msg, render, type MessageKey, type MessageLocale } from '../messages';
import type { Collected } from './collect';

/** README.md's lines, one per file of the export (the keys under privacy.file). */
const FILES: [string, MessageKey][] = [
  ['profile.json', 'privacy.file.profile'],
  ['courses.json', 'privacy.file.courses'],
  ['attempts.json', 'privacy.file.attempts'],
  ['attempts/', 'privacy.file.attemptFiles'],
  ['reviews.json', 'privacy.file.reviews'],
  ['competency.json', 'privacy.file.competency'],
  ['placements.json', 'privacy.file.placements'],
  ['logbook.json', 'privacy.file.logbook'],
  ['logbook/', 'privacy.file.logbookFiles'],
  ['workplace-assessments.json', 'privacy.file.workplace'],
  ['talent.json', 'privacy.file.talent'],
  ['sessions.json', 'privacy.file.sessions'],
  ['mail.json', 'privacy.file.mail'],
  ['audit.json', 'privacy.file.audit'],
  ['comments.json', 'privacy.file.comments'],
];

export function readme(locale: MessageLocale, who: { name: string; email: string }, at: Date): string {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC';
  const lines = [
    `# ${render(msg('privacy.readmeTitle'), locale)}`,
    '',
    render(msg('privacy.readmeIntro', { name: who.name, email: who.email, date }), locale),
    '',
    `## ${render(msg('privacy.readmeFiles'), locale)}`,
    '',
    ...FILES.map(([file, key]) => `- \`${file}\` — ${render(msg(key), locale)}`),
    '',
    render(msg('privacy.readmeOmitted'), locale),
    '',
  ];
  return lines.join('\n');
}

/**
 * The zip, built in memory: fflate's zipSync over JSON and the original files. Memory is the
 * limit, so an export holding more than EXPORT_LIMIT_BYTES before compression is refused (413)
 * rather than built; attempt files and logbook attachments have their own quotas well below it.
 */
export function buildArchive(data: Collected, readmeText: string, at: Date): Uint8Array {
  const tree: Zippable = { 'README.md': strToU8(readmeText) };
  let total = 0;
  for (const [name, value] of Object.entries(data.json)) {
    const bytes = strToU8(JSON.stringify(value, null, 2) + '\n');
    total += bytes.length;
    tree[name] = bytes;
  }
  for (const f of data.files) {
    total += f.bytes.length;
    tree[f.path] = f.bytes;
  }
  if (total > EXPORT_LIMIT_BYTES) {
    throw new AppError('payload_too_large', msg('privacy.tooLarge', { megabytes: Math.ceil(total / 2 ** 20), limit: EXPORT_LIMIT_BYTES / 2 ** 20 }));
  }
  return zipSync(tree, { level: 6, mtime: at });
}
