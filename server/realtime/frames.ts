import { Emitter } from '@socket.io/component-emitter';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { DRAFT_FILE_MAX_BYTES } from '../contract/authoring';

/**
 * The largest frame a client may send. The largest message we need is a 512 KB file save; in
 * JSON a character takes at most 6 bytes (`\u0001`, or a lone surrogate), so a save of any
 * content the payload schemas accept fits, with room for the envelope (ids, a 300-character
 * path). The transport cap sits just above the schema on purpose: a frame cut at the transport
 * looks like a network failure to the client, which would retry the same save for ever instead
 * of showing the schema's "larger than 512 KB".
 */
export const MAX_FRAME_BYTES = 6 * DRAFT_FILE_MAX_BYTES + 16 * 1024;

/** Every client event takes one payload; a few spare for protocol growth. */
export const MAX_EVENT_ARGS = 3;

/** Our payloads are objects of strings and numbers (depth 2 in the packet); anything deeper is hostile. */
export const MAX_DEPTH = 16;

/** Thrown from the decoder: socket.io then reports it to the sockets (their 'error' event) and closes the connection. */
export class RefusedFrame extends Error {
  constructor(readonly reason: string) {
    super(`refused socket frame: ${reason}`);
  }
}

/** Whether `value` nests deeper than `max` (iterative: hostile depth must not cost us our own stack). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Why `packet` must not reach socket.io's dispatch, or null when it may. */
export function refusal(packet: Packet): string | null {
  const data: unknown = packet.data;
  if (packet.type === PacketType.EVENT || packet.type === PacketType.ACK) {
    // socket.io spreads the arguments onto the stack (listener.apply): 100,000 of them overflow it.
    const max = packet.type === PacketType.EVENT ? MAX_EVENT_ARGS + 1 : MAX_EVENT_ARGS;
    if (!Array.isArray(data)) return 'arguments are not a list';
    if (data.length > max) return `${data.length} arguments (at most ${max})`;
  }
  if (deeperThan(data, MAX_DEPTH)) return `nested deeper than ${MAX_DEPTH} levels`;
  return null;
}

type DecoderEvents = { decoded: (packet: Packet) => void };

/**
 * socket.io's decoder, with every decoded packet checked before socket.io sees it. A refused
 * packet throws inside `add`, where socket.io's client catches protocol errors: it tells the
 * connection's sockets (we log there, with the user) and closes the connection. Binary packets
 * are refused outright: no event of ours takes binary data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- socket.io-parser's Decoder has these very type arguments
class GuardedDecoder extends Emitter<{}, {}, DecoderEvents> {
  private readonly inner = new Decoder({ maxAttachments: 0 });

  constructor() {
    super();
    this.inner.on('decoded', (packet: Packet) => {
      const why = refusal(packet);
      if (why) throw new RefusedFrame(why);
      this.emitReserved('decoded', packet);
    });
  }

  add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new RefusedFrame('binary data');
    const type = Number(chunk.charAt(0)) as PacketType;
    if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) throw new RefusedFrame('binary packet');
    this.inner.add(chunk);
  }

  destroy(): void {
    this.inner.destroy();
  }
}

/** For socket.io's `parser` option. */
export const guardedParser = { Encoder, Decoder: GuardedDecoder };
