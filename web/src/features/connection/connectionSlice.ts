import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { LinkStatus } from '../../app/socket';

type ConnectionState = { status: LinkStatus; clockOffsetMs: number | null; syncedAt: number | null };

const initialState: ConnectionState = { status: 'off', clockOffsetMs: null, syncedAt: null };

export const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {
    linkStatusChanged(state, action: PayloadAction<LinkStatus>) {
      state.status = action.payload;
    },
    clockSynced(state, action: PayloadAction<{ offsetMs: number; at: number }>) {
      state.clockOffsetMs = action.payload.offsetMs;
      state.syncedAt = action.payload.at;
    },
  },
  selectors: {
    selectLinkStatus: (state) => state.status,
    selectClockOffsetMs: (state) => state.clockOffsetMs,
  },
});

export const { linkStatusChanged, clockSynced } = connectionSlice.actions;
export const { selectLinkStatus, selectClockOffsetMs } = connectionSlice.selectors;
