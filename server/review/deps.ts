import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { Publisher } from '../realtime/publisher';

export type ReviewDeps = { db: Db; clock: () => Date; publisher: Publisher };
/** What telling a queue needs; other domains (accounts) call it with their own deps. */
export type QueueDeps = { db: Knex; clock: () => Date; publisher: Publisher; logger?: { warn: (o: object, m: string) => void } };
