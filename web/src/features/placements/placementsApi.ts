import type { PlacementView } from '../../../../server/contract/placements';
import { api } from '../../app/api';

/** Training bases and placements (issue 16). */
const placementsBase = api.enhanceEndpoints({ addTagTypes: ['Placement', 'TrainingBase'] });

export const placementsApi = placementsBase.injectEndpoints({
  endpoints: (build) => ({
    listPlacements: build.query<PlacementView[], void>({
      query: () => '/placements',
      transformResponse: (r: { placements: PlacementView[] }) => r.placements,
      providesTags: ['Placement'],
    }),
  }),
});

export const { useListPlacementsQuery } = placementsApi;
