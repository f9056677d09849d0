/**
 * Storage limits, shared with the web client (no zod here, so the bundle stays small). Every
 * limit on stored text counts UTF-8 bytes, the unit the database and the socket pay for: a
 * character count lets '中' (3 bytes) through at three times the limit.
 */

/** One file of a workspace, a draft or a preview: well inside a 1 MB socket message. */
export const FILE_MAX_BYTES = 512 * 1024;

/**
 * What one attempt may store of the files its student saved, older versions kept for replay
 * included (the starter files do not count). Older versions are thinned out automatically
 * (server/attempts/compaction.ts), harder as the attempt nears the limit.
 */
/** An attempt's workspace (and an author's preview of one) holds at most this many files. */
export const MAX_WORKSPACE_FILES = 200;

export const ATTEMPT_QUOTA_BYTES = 20 * 1024 * 1024;

/** All files of a draft (drafts keep only the newest version of each file). */
export const DRAFT_QUOTA_BYTES = 20 * 1024 * 1024;

/**
 * The UTF-8 length of `text` without encoding it (TextEncoder would copy up to a megabyte per
 * save). A lone surrogate counts 3, as the U+FFFD it is stored as.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** 524288 → "512 KB", 20971520 → "20 MB", 1572864 → "1.5 MB": for messages people read. */
export function formatBytes(bytes: number): string {
  const round = (x: number) => String(Math.round(x * 10) / 10);
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  return `${round(bytes / 1024 / 1024)} MB`;
}
