import { describe, expect, it } from 'vitest';
import { connectionSlice, linkRefused, linkStatusChanged } from '../../../web/src/features/connection/connectionSlice';

describe('the live link’s state', () => {
  it('keeps the server’s reason for refusing the link until it is live again', () => {
    const reduce = connectionSlice.reducer;
    let state = reduce(undefined, linkStatusChanged('connecting'));
    state = reduce(state, linkRefused('You have 20 live connections open already.'));
    expect(state).toMatchObject({ status: 'off', refusal: 'You have 20 live connections open already.' });
    state = reduce(state, linkStatusChanged('reconnecting'));
    expect(state.refusal).toBe('You have 20 live connections open already.');
    state = reduce(state, linkStatusChanged('live'));
    expect(state).toMatchObject({ status: 'live', refusal: null });
  });
});
