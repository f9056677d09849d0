import type { AttachmentType } from '../contract/logbook';

/**
 * What a file is, from its leading bytes alone: a name or a declared type is whatever the
 * sender says, the bytes are what a reader's program will open. Only the four kinds the
 * logbook keeps are recognised; anything else is refused.
 */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  return null;
}

const EXTENSIONS: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/**
 * The name a download carries: the sender's name without path or control characters, its
 * extension made to match what the bytes are (a PNG called .pdf downloads as .png).
 */
export function safeName(name: string, type: AttachmentType): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"').join('').trim();
  const stem = base.replace(/\.[^.]*$/, '') || 'attachment';
  return `${stem.slice(0, 180)}.${EXTENSIONS[type]}`;
}
