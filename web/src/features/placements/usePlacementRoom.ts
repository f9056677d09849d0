import { useEffect, useRef } from 'react';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import { useAppDispatch } from '../../app/hooks';
import { onConnected, onServerEvent, request } from '../../app/socket';
import { placementsApi } from './placementsApi';

type ServerEventName = (typeof ServerEvents)[keyof typeof ServerEvents];

/** Every server event about one placement: `placement.changed`, and those the logbook and assessments add (`placement.*`). */
const PLACEMENT_EVENTS = (Object.values(ServerEvents) as ServerEventName[]).filter((name) => name.startsWith('placement.'));

/**
 * Follows one placement live: joins its room (again after a reconnection socket.io could not
 * recover, then reloads what may have been missed), and on `placement.changed` reloads the
 * placements. `onEvent` hears every placement event of this placement, so the logbook and the
 * assessments can invalidate their own tags.
 */
export function usePlacementRoom(placementId: string | undefined, onEvent?: (event: ServerEventName, payload: { placementId: string }) => void): void {
  const dispatch = useAppDispatch();
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!placementId) return;
    let joinedOnce = false;
    const offs = [
      ...PLACEMENT_EVENTS.map((name) =>
        onServerEvent<{ placementId?: string }>(name, (payload) => {
          if (payload?.placementId !== placementId) return;
          if (name === ServerEvents.placementChanged) dispatch(placementsApi.util.invalidateTags(['Placement']));
          handler.current?.(name, { ...payload, placementId });
        }),
      ),
      onConnected((recovered) => {
        if (recovered) return; // rooms kept, missed events replayed
        void request(ClientEvents.placementJoin, { placementId }).then((ack) => {
          if (!ack.ok || !joinedOnce) {
            joinedOnce = ack.ok;
            return;
          }
          // Back after a gap: what changed meanwhile was not heard.
          dispatch(placementsApi.util.invalidateTags(['Placement']));
          for (const name of PLACEMENT_EVENTS) handler.current?.(name, { placementId });
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [placementId, dispatch]);
}
