// Starts @vercel/cosmosdb-server (an in-memory Cosmos DB-compatible server) for the .NET tests, on plain HTTP
// with keep-alive, bound to 127.0.0.1 on a free port; prints {"port": N} once listening and exits when its
// standard input closes (so it never outlives the test run).
//
// The server's own bugs are fixed here, before its routes load, so that the store under test can stay
// idiomatic:
//  - reading a missing document throws inside the handler (a 500); Cosmos DB answers 404;
//  - the account lists https:// locations even when it serves plain HTTP.
// For the retry tests, POST /_test/faults {"status":429|503,"count":N} makes the next N document requests fail.
const lib = '@vercel/cosmosdb-server/lib';
const readDocument = require(`${lib}/handler/read-document`);
const readMeta = require(`${lib}/handler/read-meta`);

const notFound = { code: 'NotFound', message: 'Entity with the specified id does not exist in the system.' };
const originalReadDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  const found = (() => {
    try {
      return originalReadDocument(account, req, res, params);
    } catch (err) {
      if (err instanceof TypeError && collection.read()) return undefined;
      throw err;
    }
  })();
  if (found === undefined || (res.statusCode === 200 && found === null)) {
    res.statusCode = 404;
    return notFound;
  }
  return found;
};

const originalReadMeta = readMeta.default;
readMeta.default = (account, req, res, params) => {
  const meta = originalReadMeta(account, req, res, params);
  const plain = locations => (locations || []).map(l => ({ ...l, databaseAccountEndpoint: l.databaseAccountEndpoint.replace(/^https:/, 'http:') }));
  return { ...meta, writableLocations: plain(meta.writableLocations), readableLocations: plain(meta.readableLocations) };
};

const { createHttpServer } = require('@vercel/cosmosdb-server');

const server = createHttpServer({ keepAlive: true });
const [handler] = server.listeners('request');
server.removeAllListeners('request');
let faults = { status: 0, count: 0 };
server.on('request', (req, res) => {
  if (req.method === 'POST' && req.url === '/_test/faults') {
    let body = '';
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      faults = JSON.parse(body);
      res.end('{}');
    });
    return;
  }
  if (faults.count > 0 && req.url.includes('/docs')) {
    faults.count -= 1;
    res.statusCode = faults.status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-ms-retry-after-ms', '5');
    res.setHeader('x-ms-activity-id', '00000000-0000-0000-0000-000000000000');
    res.setHeader('x-ms-request-charge', '0');
    res.setHeader('x-ms-substatus', faults.status === 503 ? '21008' : '3200');
    res.end(JSON.stringify({ code: faults.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'injected by the test' }));
    return;
  }
  handler(req, res);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
