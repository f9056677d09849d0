import type { Response } from 'express';
import { NOTICE_KINDS, NotificationSettings, NotificationSettingsBody, UnsubscribeQuery, type NotificationSettingsView } from '../contract/mail';
import type { Locale } from '../contract/constants';
import type { AppDeps } from '../deps';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { msg, render, type Msg } from '../messages';
import { mailSecret, readUnsubscribeToken } from './links';
import { DELIVERIES, preferencesOf, recipientLocale, setDelivery } from './notify';
import type { MailKind } from './outbox';

/** What a person receives by e-mail (signed in), and the unsubscribe link (no sign-in: the token is the proof). */

async function settingsOf(deps: AppDeps, userId: string): Promise<NotificationSettingsView> {
  const prefs = await preferencesOf(deps.db, userId);
  const user: { email: string } = await deps.db('users').where({ id: userId }).first('email');
  return { email: user.email, kinds: NOTICE_KINDS.map((kind) => ({ kind, delivery: prefs[kind] })) };
}

const KIND_NAMES: Record<MailKind, Msg | null> = {
  passwordReset: null,
  invitation: null,
  reviewReleased: msg('mail.kind.reviewReleased'),
  courseReviewReleased: msg('mail.kind.courseReviewReleased'),
  regradeAnswered: msg('mail.kind.regradeAnswered'),
  assignmentDue: msg('mail.kind.assignmentDue'),
  placementDue: msg('mail.kind.placementDue'),
  digest: msg('mail.kind.digest'),
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page of its own (no sign-in, no app): the text, and a form when there is something to confirm. */
function page(res: Response, status: number, locale: Locale, text: string, form = ''): void {
  const title = render(msg('mail.unsubscribe.title'), locale);
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
        `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6"><main><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${form}</main></body></html>`,
    );
}

/** Whose link and which kind, when the token is good and its person still exists; changes nothing. */
async function readLink(deps: AppDeps, token: string): Promise<{ userId: string; kind: MailKind } | null> {
  const who = readUnsubscribeToken(mailSecret(deps.config), token);
  if (!who) return null;
  return (await deps.db('users').where({ id: who.userId }).first('id')) ? who : null;
}

/**
 * Switches the token's kind off. The digest's link switches off every kind gathered in it
 * (the person asked for less mail, not for the digest to become separate mails).
 */
async function unsubscribe(deps: AppDeps, token: string): Promise<{ locale: Locale; kind: MailKind } | null> {
  const who = await readLink(deps, token);
  if (!who) return null;
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    if (who.kind === 'digest') {
      const prefs = await preferencesOf(trx, who.userId);
      for (const kind of NOTICE_KINDS) if (prefs[kind] === 'digest') await setDelivery(trx, who.userId, kind, 'off', now);
    } else await setDelivery(trx, who.userId, who.kind as (typeof NOTICE_KINDS)[number], 'off', now);
  });
  return { locale: await recipientLocale(deps.db, who.userId), kind: who.kind };
}

export function mailRoutes(deps: AppDeps): AnyRoute[] {
  const invalid = (res: Response, acceptLanguage: string | undefined) => {
    const locale: Locale = /^en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
    page(res, 400, locale, render(msg('mail.unsubscribe.invalid'), locale));
  };
  const answer = async (res: Response, token: string, acceptLanguage: string | undefined) => {
    const done = await unsubscribe(deps, token);
    if (!done) return invalid(res, acceptLanguage);
    page(res, 200, done.locale, render(msg('mail.unsubscribe.done', { kind: render(KIND_NAMES[done.kind]!, done.locale) }), done.locale));
  };
  /**
   * Opening the link asks; only the button (a POST, like a mail client's one-click) switches the
   * kind off. Mail security scanners and link previews open every link in a message: a GET that
   * acted would switch people's notifications off without anyone asking.
   */
  const confirm = async (res: Response, token: string, acceptLanguage: string | undefined) => {
    const who = await readLink(deps, token);
    if (!who) return invalid(res, acceptLanguage);
    const locale = await recipientLocale(deps.db, who.userId);
    const action = `/api/mail/unsubscribe?token=${encodeURIComponent(token)}`;
    const button = render(msg('mail.unsubscribe.button'), locale);
    page(
      res,
      200,
      locale,
      render(msg('mail.unsubscribe.confirm', { kind: render(KIND_NAMES[who.kind]!, locale) }), locale),
      `<form method="post" action="${escapeHtml(action)}"><button type="submit" style="font:inherit;padding:.5rem 1rem">${escapeHtml(button)}</button></form>`,
    );
  };
  return [
    route({
      method: 'get',
      path: '/api/me/notifications',
      access: access.authenticated,
      summary: 'Which notifications the signed-in user receives by e-mail: each, in a daily digest, or none, per kind',
      response: NotificationSettings,
      handler: ({ actor }) => settingsOf(deps, actor!.id),
    }),
    route({
      method: 'put',
      path: '/api/me/notifications',
      access: access.authenticated,
      summary: 'Change how the signed-in user receives each kind of notification (kinds left out stay as they are)',
      body: NotificationSettingsBody,
      response: NotificationSettings,
      handler: async ({ actor, body }) => {
        const now = deps.clock();
        await deps.db.transaction(async (trx) => {
          for (const kind of NOTICE_KINDS) {
            const delivery = body.kinds[kind];
            if (delivery && DELIVERIES.includes(delivery)) await setDelivery(trx, actor!.id, kind, delivery, now);
          }
        });
        return settingsOf(deps, actor!.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/mail/unsubscribe',
      access: access.public,
      summary: 'The unsubscribe link in a notification e-mail, no sign-in (the token is an HMAC of person and kind): a small page that asks, with a button that posts the switch-off; opening the link changes nothing',
      query: UnsubscribeQuery,
      produces: 'text/html',
      handler: ({ query, req, res }) => confirm(res, query.token, req.get('accept-language')),
    }),
    route({
      method: 'post',
      path: '/api/mail/unsubscribe',
      access: access.public,
      summary: 'Switches the kind off: the button of the link\'s page, or one-click unsubscribe (RFC 8058), where a mail client posts List-Unsubscribe=One-Click to the List-Unsubscribe address; no Origin check applies (the token is the proof)',
      query: UnsubscribeQuery,
      // The form body says nothing the token does not: read and ignored.
      rawBody: '1kb',
      produces: 'text/html',
      handler: ({ query, req, res }) => answer(res, query.token, req.get('accept-language')),
    }),
  ];
}
