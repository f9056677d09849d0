import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { LinkStatus } from '../../app/socket';

/** `refusal`: why the server refused the live link (too many open tabs), in its words. */
type ConnectionState = { status: LinkStatus; clockOffsetMs: number | null; syncedAt: number | null; refusal: string | null };

const initialState: ConnectionState = { status: 'off', clockOffsetMs: null, syncedAt: null, refusal: null };

export const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {
    linkStatusChanged(state, action: PayloadAction<LinkStatus>) {
      state.status = action.payload;
      if (action.payload === 'live') state.refusal = null;
    },
    linkRefused(state, action: PayloadAction<string>) {
      state.status = 'off';
      state.refusal = action.payload;
    },
    clockSynced(state, action: PayloadAction<{ offsetMs: number; at: number }>) {
      state.clockOffsetMs = action.payload.offsetMs;
      state.syncedAt = action.payload.at;
    },
  },
  selectors: {
    selectLinkStatus: (state) => state.status,
    selectClockOffsetMs: (state) => state.clockOffsetMs,
    selectLinkRefusal: (state) => state.refusal,
  },
});

export const { linkStatusChanged, linkRefused, clockSynced } = connectionSlice.actions;
export const { selectLinkStatus, selectClockOffsetMs, selectLinkRefusal } = connectionSlice.selectors;
