import type { Request, Response } from 'express';
import { msg } from '../messages';
import express from 'express';
import { AppError } from './errors';

/** Every route's body limit unless it declares its own (`bodyLimit` in the route table). */
export const JSON_LIMIT = '100kb';

/**
 * Deepest JSON a request may nest. Our deepest real input (a CASE package's items and their
 * associations) nests 5 levels; 64 leaves room for any honest client and keeps everything that
 * walks a value recursively (zod, JSON.stringify, the text check) far from the call-stack limit.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the raw JSON bytes nest deeper than `max`: one pass over the bytes, skipping strings,
 * so a hostile body is refused before JSON.parse builds anything. For valid JSON the count is
 * exact; for invalid JSON it agrees with the parser up to the first bad byte, where the parser
 * stops anyway. UTF-8 only: no byte of a multi-byte character looks like a bracket or a quote.
 * A string is skipped with indexOf (native, so a 10 MB CASE package's texts cost milliseconds,
 * not the tens a byte-by-byte loop takes): its closing quote is the first one after an even
 * number of backslashes.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      let end = buf.indexOf(QUOTE, i + 1);
      while (end !== -1 && escaped(buf, end)) end = buf.indexOf(QUOTE, end + 1);
      if (end === -1) return false;
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Whether the quote at `at` is escaped: an odd number of backslashes right before it. */
function escaped(buf: Buffer, at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && buf[j] === BACKSLASH; j--) n++;
  return n % 2 === 1;
}

function verify(_req: Request, _res: Response, buf: Buffer, encoding: string): void {
  // body-parser accepts any utf-* charset; the byte scan (and RFC 8259) needs UTF-8.
  if (!/^utf-?8$/i.test(encoding)) {
    throw new AppError('unsupported_media_type', msg('http.charset', { charset: String(encoding) }));
  }
  if (nestsDeeperThan(buf, MAX_JSON_DEPTH)) {
    throw new AppError('nesting_too_deep', msg('http.tooDeep', { depth: MAX_JSON_DEPTH }));
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Writes must send JSON: anything else would silently arrive as an empty body. Headers only. */
export function assertJsonBody(req: Request): void {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (UNSAFE.has(req.method) && hasBody && !req.is('application/json')) {
    throw new AppError('unsupported_media_type', msg('http.contentType', { contentType: req.get('content-type') ?? '—' }));
  }
}

/**
 * A reader of a route's JSON body with the route's limit. The route table calls it only after
 * the caller passed the route's access rule, so nobody else's bytes are ever read or parsed.
 */
export function jsonBodyReader(limit: string = JSON_LIMIT): (req: Request, res: Response) => Promise<void> {
  const parse = express.json({ limit, verify });
  return (req, res) => new Promise((resolve, reject) => parse(req, res, (err?: Error) => (err ? reject(err) : resolve())));
}

/**
 * A reader of a file upload: the raw bytes, any content type (the route judges the bytes, never
 * the declared type), up to `limit`. Like the JSON reader, it runs only after the access rule.
 */
export function rawBodyReader(limit: string): (req: Request, res: Response) => Promise<void> {
  const parse = express.raw({ limit, type: () => true });
  return (req, res) => new Promise((resolve, reject) => parse(req, res, (err?: Error) => (err ? reject(err) : resolve())));
}
