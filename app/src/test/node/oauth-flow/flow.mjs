// The official MCP TypeScript SDK as a real OAuth client of the server: the SDK's own flow (401, protected-resource
// metadata, authorization-server metadata, authorization code with PKCE and resource, token, retry) does the work;
// this script only plays the user agent (fetches the authorization URL and hands the code back) and reports.
//
// Usage: node flow.mjs <mcp url> <client id>
// Prints one JSON object on the last line of stdout. It never prints a token, a code or a verifier.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [serverUrl, clientId] = process.argv.slice(2);
const redirectUrl = 'http://127.0.0.1:9/oauth/callback';
const summary = { fetches: [], authorization: null, tokenRequest: null, accessToken: null, steps: [] };

/** Every request the SDK sends (via the transport's fetch, which its auth code uses too), without secrets. */
async function observingFetch(input, init) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
  const method = init?.method ?? 'GET';
  const entry = { method, url: url.origin + url.pathname, hasBearer: false };
  const headers = new Headers(init?.headers ?? {});
  entry.hasBearer = (headers.get('authorization') ?? '').startsWith('Bearer ');
  if (init?.body instanceof URLSearchParams || (typeof init?.body === 'string' && url.pathname.endsWith('/token'))) {
    const form = new URLSearchParams(String(init.body));
    summary.tokenRequest = {
      params: [...form.keys()].sort(),
      grantType: form.get('grant_type'),
      resource: form.getAll('resource'),
      clientId: form.get('client_id'),
      redirectUri: form.get('redirect_uri'),
    };
  }
  const response = await fetch(input, init);
  entry.status = response.status;
  if (response.status === 401) {
    entry.wwwAuthenticate = response.headers.get('www-authenticate');
  }
  summary.fetches.push(entry);
  return response;
}

let pendingCode;
let expectedState;

const provider = {
  stored: { client: undefined, tokens: undefined, verifier: undefined },
  get redirectUrl() {
    return redirectUrl;
  },
  get clientMetadata() {
    return {
      client_name: 'qcmcp OAuth end-to-end test',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  },
  state() {
    expectedState = 'state-' + Math.random().toString(36).slice(2);
    return expectedState;
  },
  // mock-oauth2-server has no registration endpoint, so the client is "pre-registered": any client id is accepted.
  clientInformation() {
    return this.stored.client ?? { client_id: clientId };
  },
  saveClientInformation(information) {
    summary.steps.push('saveClientInformation');
    this.stored.client = information;
  },
  tokens() {
    return this.stored.tokens;
  },
  saveTokens(tokens) {
    summary.steps.push('saveTokens');
    this.stored.tokens = tokens;
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString('utf8'));
    summary.accessToken = { iss: payload.iss, aud: payload.aud, scope: payload.scope, client_id: payload.client_id,
      tokenType: tokens.token_type, hasRefreshToken: Boolean(tokens.refresh_token) };
  },
  saveCodeVerifier(verifier) {
    this.stored.verifier = verifier;
  },
  codeVerifier() {
    return this.stored.verifier;
  },
  // The user agent: the mock signs in without a page and answers with a redirect to redirect_uri carrying the code.
  async redirectToAuthorization(authorizationUrl) {
    summary.steps.push('redirectToAuthorization');
    const query = authorizationUrl.searchParams;
    summary.authorization = {
      endpoint: authorizationUrl.origin + authorizationUrl.pathname,
      params: [...query.keys()].sort(),
      responseType: query.get('response_type'),
      clientId: query.get('client_id'),
      codeChallengeMethod: query.get('code_challenge_method'),
      codeChallengeLength: (query.get('code_challenge') ?? '').length,
      scope: query.get('scope'),
      resource: query.getAll('resource'),
      redirectUri: query.get('redirect_uri'),
    };
    // mock-oauth2-server's authorization endpoint is OpenID Connect only (it parses every request as an OIDC
    // authentication request and answers 400 "the scope must include an openid value" otherwise), while the SDK asks
    // for the scopes of the server's 401 challenge, which name no openid. The user agent adds openid, and only that,
    // so that this authorization server signs in at all; the SDK's own scope is reported as it asked.
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (process.env.OAUTH_FLOW_ADD_OPENID !== 'no' && !scopes.includes('openid')) {
      query.set('scope', ['openid', ...scopes].join(' '));
      summary.authorization.scopeSent = query.get('scope');
    }
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    summary.authorization.status = response.status;
    if (!location) {
      summary.authorization.body = (await response.text()).slice(0, 600);
      throw new Error(`the authorization endpoint answered HTTP ${response.status} without a redirect`);
    }
    const back = new URL(location);
    summary.authorization.redirectedTo = back.origin + back.pathname;
    summary.authorization.redirectParams = [...back.searchParams.keys()].sort();
    if (back.searchParams.get('error')) {
      summary.authorization.error = back.searchParams.get('error');
      summary.authorization.errorDescription = back.searchParams.get('error_description');
      throw new Error(`the authorization endpoint refused: ${back.searchParams.get('error')}`);
    }
    if (back.searchParams.get('state') !== expectedState) {
      throw new Error('the redirect carries another state');
    }
    pendingCode = back.searchParams.get('code');
  },
};

function transport() {
  return new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider, fetch: observingFetch });
}

async function main() {
  const client = new Client({ name: 'qcmcp-oauth-e2e', version: '1.0.0' });
  const first = transport();
  try {
    await client.connect(first);
    summary.steps.push('connected without signing in');
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !pendingCode) {
      throw error;
    }
    summary.steps.push('UnauthorizedError after redirect');
    await first.finishAuth(pendingCode);
    summary.steps.push('finishAuth');
    await client.connect(transport());
    summary.steps.push('connected');
  }
  const tools = await client.listTools();
  summary.toolCount = tools.tools.length;
  summary.tools = tools.tools.map(tool => tool.name);
  summary.steps.push('listTools');
  const call = await client.callTool({ name: 'read_account', arguments: {} });
  summary.steps.push('callTool');
  summary.callIsError = Boolean(call.isError);
  summary.callText = (call.content ?? []).filter(part => part.type === 'text').map(part => part.text).join('\n')
    .slice(0, 400);
  await client.close();
  summary.ok = true;
}

try {
  await main();
} catch (error) {
  summary.ok = false;
  summary.error = String(error?.stack ?? error);
  process.exitCode = 1;
}
console.log(JSON.stringify(summary));
