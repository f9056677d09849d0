import { ServerEvents } from '../../../../server/contract/realtime';
import { useAppDispatch } from '../../app/hooks';
import { usePlacementRoom } from '../placements/usePlacementRoom';
import { profilesApi } from '../profiles/profilesApi';
import { assessmentsApi } from './assessmentsApi';

/** The events after which a placement's assessments and its gap to the profile may read differently. */
const REFETCH_ON: readonly string[] = [ServerEvents.placementAssessment, ServerEvents.placementChanged];

/**
 * Follows the placement's room and refetches its assessments and its gap to the profile when a
 * mentor signs off (the record moved) or the placement changed (dates, status, mentor), so an
 * open page shows it without a reload. The placements themselves `usePlacementRoom` refetches.
 */
export function useLiveAssessments(placementId: string | undefined): void {
  const dispatch = useAppDispatch();
  usePlacementRoom(placementId, (event, { placementId: id }) => {
    if (!REFETCH_ON.includes(event)) return;
    dispatch(assessmentsApi.util.invalidateTags([{ type: 'PlacementAssessments', id }, 'AssessmentReminders']));
    dispatch(profilesApi.util.invalidateTags([{ type: 'PlacementGap', id }]));
  });
}
