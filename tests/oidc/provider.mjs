// A real OpenID Connect provider for Portal's SSO tests: the certified `oidc-provider` package,
// configured like a company's workforce identity provider.
//
// usage: node provider.mjs <port>          (scripts/oidc.sh starts and stops it)
//
// - issuer http://127.0.0.1:<port>; RS256 signing keys generated at every start (/jwks)
// - one confidential client (client.json, shared with the Python tests): client_secret_basic,
//   PKCE required. It is a "native" client only so that oidc-provider matches loopback
//   redirect URIs on any port (RFC 8252 §7.3): the test app runs on a free port.
// - devInteractions: the built-in sign-in form accepts any login and password; the login
//   becomes the account (see ACCOUNTS); then the built-in consent form
// - scope claims (email, name) are served by userinfo, not put into the ID token (the default,
//   strict reading of OIDC Core), so Portal's userinfo merge is exercised too
// - RP-initiated logout (end_session_endpoint)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node provider.mjs <port>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const client = JSON.parse(readFileSync(new URL('./client.json', import.meta.url), 'utf8'));

// The login typed into the form is the account id and the subject; these logins have claims
// of their own. Every other login is an account whose verified e-mail address is the login
// itself (so "nobody@nowhere.example" is a verified stranger to Portal).
const ACCOUNTS = {
  // E1 of the demo data: the subject is not the address, as at real providers.
  eva: { email: 'e1@muster-it.example', email_verified: true, name: 'Eva Engel' },
  // An existing Portal user's address that the provider has NOT verified: must never link.
  'emil-unverified': { email: 'e2@muster-it.example', email_verified: false, name: 'Emil Ernst' },
  // No e-mail claim at all.
  'no-email': { name: 'Ohne Adresse' },
};

function claimsOf(login) {
  return ACCOUNTS[login] ?? { email: login, email_verified: true, name: login };
}

function signingKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const configuration = {
  clients: [client],
  pkce: { required: () => true },
  async findAccount(ctx, login) {
    return { accountId: login, claims: async () => ({ sub: login, ...claimsOf(login) }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  jwks: { keys: [signingKey(`rs256-${Date.now()}`)] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
};

const provider = new Provider(issuer, configuration);
provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
