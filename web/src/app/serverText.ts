import i18next from 'i18next';

/**
 * What the server says, in the reader's language. Server errors and acks carry a message key and
 * its parameters (server/messages, loaded here as the `messages` namespace) beside an English
 * message; the key wins whenever the catalog has it, the English is the last resort.
 */

export type ServerMessage = { message: string; key?: string | undefined; params?: Record<string, unknown> | undefined };

export type ServerDetail = { field?: unknown; message?: unknown; key?: unknown; params?: unknown };

/**
 * The sign-in page's share of `messages` (the groups its errors use), loaded before the first
 * paint while the whole catalog waits for idle time (i18n.ts).
 */
export const FIRST_MESSAGES_NS = 'firstMessages';

function translate(key: string, params: Record<string, unknown> | undefined): string | null {
  if (!i18next.isInitialized) return null;
  for (const id of [`messages:${key}`, `${FIRST_MESSAGES_NS}:${key}`]) {
    if (i18next.exists(id)) return i18next.t(id, params ?? {});
  }
  return null;
}

/** One field's reason ("is taken", "已被占用"), from a validation error's details. */
export function detailText(detail: ServerDetail): string | null {
  if (typeof detail.key === 'string') {
    const text = translate(detail.key, (detail.params as Record<string, unknown> | undefined) ?? undefined);
    if (text !== null) return text;
  }
  return typeof detail.message === 'string' ? detail.message : null;
}

/**
 * The error's sentence. "Invalid {field}: {reason}" takes its reason from the first detail, so
 * the reason reads in the same language as the sentence around it.
 */
export function serverText(error: ServerMessage & { details?: unknown }): string {
  if (!error.key) return error.message;
  let params = error.params;
  if ((error.key === 'http.invalidField' || error.key === 'http.invalidFields') && Array.isArray(error.details) && error.details[0]) {
    const reason = detailText(error.details[0] as ServerDetail);
    if (reason !== null) params = { ...params, reason };
  }
  return translate(error.key, params) ?? error.message;
}

/** Text the client itself says about a failed exchange (offline, timeout), in the reader's language. */
export function clientText(key: 'offline' | 'timeout' | 'httpError' | 'badResponse' | 'clientError', params?: Record<string, unknown>): string {
  return i18next.t(`shell:problem.${key}`, params ?? {});
}

export type CheckNote = { key: string; params?: Record<string, unknown> | undefined };

/**
 * A check result's messages in the reader's language: the grader's sentences come with their keys
 * (`notes`, one for each message); words that are not the grader's (`grading.text`), results
 * stored before notes existed and keys this client does not know read as the English `messages`.
 */
export function checkMessages(result: { messages: string[]; notes?: CheckNote[] | undefined }): string[] {
  const notes = result.notes && result.notes.length === result.messages.length ? result.notes : null;
  return result.messages.map((message, i) => {
    const note = notes?.[i];
    if (!note || note.key === 'grading.text') return message;
    return translate(note.key, note.params) ?? message;
  });
}
