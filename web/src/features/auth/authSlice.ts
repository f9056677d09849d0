import { createSlice } from '@reduxjs/toolkit';
import { authApi } from './authApi';
import { endSession, type SessionEndReason } from './session';

type AuthState = { endReason: SessionEndReason | null };

const initialState: AuthState = { endReason: null };

/** Why the last session ended, so the sign-in page can say so; server data lives in RTK Query. */
export const authSlice = createSlice({
  name: 'auth',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(endSession.pending, (state, action) => {
        state.endReason = action.meta.arg;
      })
      .addMatcher(authApi.endpoints.signIn.matchFulfilled, (state) => {
        state.endReason = null;
      });
  },
  selectors: {
    selectEndReason: (state) => state.endReason,
  },
});

export const { selectEndReason } = authSlice.selectors;
