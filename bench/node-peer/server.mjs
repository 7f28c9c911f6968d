// The peer bench/load.sh measures the gateway against (PEER=node): node's http server and `jose` verifying every
// bearer token (signature on OpenSSL, exact issuer, audience, exp), answering 200 with two identity headers or 401.
// No cache, as a plain jose verifier has none. Usage: node server.mjs PORT JWKS_URL ISSUER AUDIENCE
import http from 'node:http';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [port, jwksUrl, issuer, audience] = process.argv.slice(2);
const keys = createLocalJWKSet(await (await fetch(jwksUrl)).json());
const options = { issuer, audience, algorithms: ['RS256', 'ES256'] };

http.createServer(async (request, response) => {
  const authorization = request.headers.authorization ?? '';
  try {
    const { payload } = await jwtVerify(authorization.slice('Bearer '.length), keys, options);
    response.writeHead(200, { 'X-authentik-username': String(payload.preferred_username ?? payload.sub),
      'X-authentik-email': String(payload.email ?? '') });
  } catch {
    response.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
  }
  response.end();
}).listen(Number(port), '127.0.0.1', () => console.log(`node peer on ${port}`));
