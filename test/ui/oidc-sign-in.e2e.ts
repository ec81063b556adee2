import type { Browser } from 'playwright-core';
import { AUDIENCE, ISSUER, TestIdentityProvider } from '../acl/identity-provider';
import { ADMIN, as, avro, basic, startSecuredCharter } from '../acl/support';
import { launchBrowser, openPage } from '../support/browser';
import type { RunningCharter } from '../support/charter';

/**
 * Signing in to the web UI through the organisation's identity provider: the authorization code
 * flow with PKCE, the provider's own sign-in page, and the token it gives used as the API's
 * bearer token, with the role bindings of the user and its groups.
 */
describe('sign-in through the identity provider, in the browser', () => {
  const idp = new TestIdentityProvider();
  let charter: RunningCharter;
  let browser: Browser;

  beforeAll(async () => {
    idp.addKey('rsa-1', 'RS256');
    const jwks = await idp.start();
    charter = await startSecuredCharter('sqlite', {
      AUTH_OIDC_ISSUER: ISSUER,
      AUTH_OIDC_AUDIENCE: AUDIENCE,
      AUTH_OIDC_JWKS_URL: jwks,
      AUTH_OIDC_USERNAME_CLAIM: 'preferred_username',
      AUTH_OIDC_GROUPS_CLAIM: 'realm_access.roles',
      AUTH_OIDC_UI_CLIENT_ID: 'charter-ui',
      // The test provider's issuer is a name, not where it serves: its discovery is elsewhere.
      AUTH_OIDC_DISCOVERY_URL: `${idp.url}/.well-known/openid-configuration`,
    });
    idp.clients.set('charter-ui', [`${charter.url}/ui/sign-in/callback`]);
    idp.users.set('olivia', { sub: 'u-olivia', preferred_username: 'olivia', realm_access: { roles: ['schema-readers'] } });
    const admin = as(charter, basic(ADMIN.user, ADMIN.password));
    await admin.post('/acl/bindings', { principal: 'Group:schema-readers', role: 'DeveloperRead', resource: { type: 'Subject', name: 'shared-', patternType: 'PREFIXED' } });
    await admin.register('shared-orders-value', avro('Orders'));
    await admin.register('private-payroll-value', avro('Payroll'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await charter?.close();
    await idp.stop();
  });

  it('tells the sign-in page where the provider is, without credentials', async () => {
    const res = await as(charter).get('/acl/sign-in-options');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      authenticationEnabled: true,
      oidc: {
        issuer: ISSUER,
        clientId: 'charter-ui',
        scopes: 'openid profile email',
        authorizationEndpoint: `${idp.url}/authorize`,
        tokenEndpoint: `${idp.url}/token`,
        endSessionEndpoint: `${idp.url}/logout`,
      },
    });
  });

  it('sends a person to the provider and back, signed in with its groups, to the page they wanted', async () => {
    const { page, context, errors } = await openPage(browser, charter.url);
    await page.goto('/ui/subjects');
    await page.waitForURL(/\/ui\/sign-in\?next=/);
    await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
    await page.getByRole('heading', { name: 'ACME sign-in' }).waitFor();
    expect(new URL(page.url()).origin).toBe(idp.url);
    await page.getByLabel('User').fill('olivia');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/ui\/subjects$/);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('olivia');
    // Group:schema-readers reads shared- subjects, and nothing else.
    const table = page.getByRole('table', { name: 'Subjects' });
    await table.getByRole('link', { name: 'shared-orders-value' }).waitFor();
    expect(await table.getByRole('link', { name: 'private-payroll-value' }).count()).toBe(0);

    // Signing out ends the provider's session too, and comes back to the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/ui\/sign-in$/);
    expect(idp.signOuts).toEqual([{ clientId: 'charter-ui', idTokenHint: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) }]);
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a sign-in the provider refused, or one this tab did not start, and offers to start again', async () => {
    const { page, context } = await openPage(browser, charter.url);
    await page.goto('/ui/sign-in/callback?error=access_denied&error_description=The+user+cancelled');
    expect(await page.getByRole('alert').textContent()).toContain('The identity provider refused the sign-in: The user cancelled');
    await page.goto('/ui/sign-in/callback?code=made-up&state=made-up');
    expect(await page.getByRole('alert').textContent()).toContain('was not started from this browser tab');
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('button', { name: 'Sign in with your identity provider' }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    await context.close();
  });
});
