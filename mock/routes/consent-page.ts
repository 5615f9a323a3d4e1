import type { UserRecord } from '../store/types.ts';

/** What the login-and-consent page shows. */
export interface ConsentPage {
  clientName: string;
  scopes: string[];
  users: (UserRecord & { dealerName: string })[];
  /** The original authorize query, carried through the form. */
  query: Partial<Record<string, string>>;
  notice: string | null;
}

/** Parameters the form itself sets; everything else of the query is carried in hidden fields. */
const FORM_FIELDS = new Set(['login_hint', 'decision', 'prompt']);

/**
 * A small HTML page: pick a user, then Allow or Deny. It submits back to `GET /oauth/authorize` with
 * `login_hint` and `decision`, so the same endpoint serves people and scripts.
 */
export function renderConsentPage(page: ConsentPage): string {
  const hidden = Object.entries(page.query)
    .filter(([name, value]) => value !== undefined && !FORM_FIELDS.has(name))
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value ?? '')}">`,
    )
    .join('\n      ');
  const users = page.users
    .map(
      (user, i) =>
        `<label class="user"><input type="radio" name="login_hint" value="${escapeHtml(user.email)}"${
          i === 0 ? ' checked' : ''
        }> <strong>${escapeHtml(user.name)}</strong> &lt;${escapeHtml(user.email)}&gt;<br><small>${escapeHtml(user.dealerName)} (dealer ${
          user.dealer_id
        })${user.is_dealer_admin ? ', dealer admin' : ''}</small></label>`,
    )
    .join('\n      ');
  const scopes = page.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sign in - CHeKT sandbox</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; color: #1d2733; }
    .user { display: block; padding: .5rem; border: 1px solid #ccd; border-radius: 6px; margin: .4rem 0; }
    .notice { background: #fff4d6; padding: .5rem; border-radius: 6px; }
    button { font-size: 1rem; padding: .4rem 1.2rem; margin-right: .5rem; }
  </style>
</head>
<body>
  <h1>CHeKT sandbox sign-in</h1>
  <p>This is the local mock's login page: no password is asked for. Choose a user to sign in as.</p>
  ${page.notice ? `<p class="notice" role="alert">${escapeHtml(page.notice)}</p>` : ''}
  <form method="get" action="/oauth/authorize">
    <fieldset>
      <legend>Sign in as</legend>
      ${users}
    </fieldset>
    <p><strong>${escapeHtml(page.clientName)}</strong> asks for:</p>
    <ul>${scopes}</ul>
      ${hidden}
    <button type="submit" name="decision" value="allow">Allow</button>
    <button type="submit" name="decision" value="deny">Deny</button>
  </form>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
