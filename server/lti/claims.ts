/** The LTI 1.3 claims the launch reads, and why a launch is refused. */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
} as const;

/** Why a launch was refused; each has a message in both catalogs (lti.refused.*). */
export const LTI_REFUSALS = [
  'unknownRegistration',
  'state',
  'signature',
  'issuer',
  'audience',
  'expired',
  'claims',
  'replay',
  'deployment',
  'message',
  'noRole',
  'notMember',
  'disabled',
] as const;
export type LtiRefusalReason = (typeof LTI_REFUSALS)[number];

export class LtiRefusal extends Error {
  constructor(
    readonly reason: LtiRefusalReason,
    /** For the log, never the page. */
    override readonly cause?: unknown,
  ) {
    super(`lti launch refused: ${reason}`);
  }
}
