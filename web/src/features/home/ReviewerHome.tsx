import type { SessionViewT } from '../../../../server/contract/accounts';
import { EmptyState } from '../../components/EmptyState';
import { RoleSection } from './RoleSection';

export function ReviewerHome({ session }: { session: SessionViewT }) {
  return (
    <RoleSection role="reviewer" title="Reviews" session={session}>
      <div className="panel">
        <h3 className="panel__title">Review queue</h3>
        <EmptyState title="Nothing to review">
          Student submissions that need a review from your company will wait for you here.
        </EmptyState>
      </div>
    </RoleSection>
  );
}
