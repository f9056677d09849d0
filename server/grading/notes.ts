import { msg, render, type MessageKey, type MessageParams, type Msg } from '../messages';

/**
 * The grading engine's own sentences in a check result, as message keys (server/messages,
 * `grading.*`) beside the English `messages`, so a reader sees them in their language.
 * `notes[i]` says `messages[i]`; words that are not the engine's (an author's assertion message,
 * a test's own assertion text, what student code threw) travel as `grading.text` with the text.
 */
export type Note = { key: string; params?: MessageParams };

/** One message: the English text and its key. */
export type Said = { text: string; note: Msg };

export function say(key: MessageKey, params?: MessageParams): Said {
  const note = msg(key, params);
  return { text: render(note), note };
}

/** Words that are not the engine's: shown as they are, in every language. */
export function verbatim(text: string): Said {
  return { text, note: msg('grading.text', { text }) };
}

/** The notes for `messages`, when every message has one (older results may have none). */
export function notesFor(messages: string[], notes: Note[] | undefined): Note[] {
  return notes && notes.length === messages.length ? notes : messages.map((text) => verbatim(text).note);
}

export function split(said: readonly { text: string; note: Note }[]): { messages: string[]; notes: Note[] } {
  return { messages: said.map((s) => s.text), notes: said.map((s) => s.note) };
}
