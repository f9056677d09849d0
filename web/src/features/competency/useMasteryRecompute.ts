import { useEffect, useState } from 'react';
import type { MasteryJobView } from '../../../../server/contract/competency';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import { useAppDispatch } from '../../app/hooks';
import { onConnected, onServerEvent, request } from '../../app/socket';
import { competencyApi } from './competencyApi';

/**
 * Follows the course's mastery recompute (issue 18): joins its room (again after a reconnection
 * socket.io could not recover), answers the unfinished job as it moves on, and when it is done
 * reloads the report and records, which then show the new method's values. `initial`: the job
 * the report named when it was loaded.
 */
export function useMasteryRecompute(courseId: string, initial: MasteryJobView | null): MasteryJobView | null {
  const dispatch = useAppDispatch();
  const [job, setJob] = useState<MasteryJobView | null>(initial);
  useEffect(() => setJob(initial), [initial]);

  useEffect(() => {
    const moved = (next: MasteryJobView | null) => {
      if (next && next.courseId !== courseId) return;
      // A superseded job is followed by the one that replaced it: keep showing that one. A failed
      // one stays on the page (it says the old values stay) until a later change replaces it.
      setJob((current) => (next?.status === 'superseded' ? (current?.id === next.id ? null : current) : next?.status === 'done' ? null : next));
      if (next?.status === 'done') dispatch(competencyApi.util.invalidateTags([{ type: 'CompetencyReport', id: courseId }, { type: 'CompetencyRecord', id: courseId }]));
    };
    const offs = [
      onServerEvent<MasteryJobView>(ServerEvents.masteryProgress, moved),
      onConnected((recovered) => {
        if (recovered) return; // rooms kept, missed events replayed
        void request<{ job: MasteryJobView | null }>(ClientEvents.masteryJoin, { courseId }).then((ack) => {
          if (!ack.ok) return;
          // Finished while we were away: the values on the page are the old ones.
          setJob((current) => {
            if (current && !ack.data.job) dispatch(competencyApi.util.invalidateTags([{ type: 'CompetencyReport', id: courseId }]));
            return ack.data.job;
          });
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [courseId, dispatch]);
  return job;
}
