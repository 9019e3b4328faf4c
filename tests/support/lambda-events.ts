// Lambda events as AWS's published samples shape them, for running a packaged handler the way the
// Lambda runtime does (tests/support/lambda-runner.mjs): the deployment test and `npm run bench`.

/** API Gateway HTTP API (payload 2.0) event, as in AWS's published sample: header names lower-cased, as API Gateway passes them. */
export const httpApiEvent = (request: {
  routeKey: string;
  /** The HTTP method, where the route key names none (a Function URL's `$default`). */
  method?: string;
  path: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** The request's cookies: payload 2.0 carries them here, not in a `cookie` header. */
  cookies?: string[];
  /** The query string's parameters, as API Gateway passes them (raw and parsed). */
  query?: Record<string, string>;
  body?: string;
}) => {
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  const method = request.method ?? request.routeKey.split(' ')[0] ?? '';
  return {
    version: '2.0' as const,
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString,
    headers: { accept: '*/*', 'content-length': String(Buffer.byteLength(request.body ?? '')), host: 'r3pmxmplak.execute-api.us-east-1.amazonaws.com', 'user-agent': 'curl/7.64.1', 'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e', 'x-forwarded-for': '205.255.255.176', 'x-forwarded-port': '443', 'x-forwarded-proto': 'https', ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])) },
    requestContext: {
      accountId: '123456789012',
      apiId: 'r3pmxmplak',
      domainName: 'r3pmxmplak.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'r3pmxmplak',
      http: { method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '205.255.255.176', userAgent: 'curl/7.64.1' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: request.routeKey,
      stage: '$default',
      time: '10/Mar/2020:05:16:23 +0000',
      timeEpoch: 1583817383220,
    },
    ...(request.cookies ? { cookies: request.cookies } : {}),
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: false,
  };
};

/** EventBridge's scheduled event (a `schedule` rule), as in AWS's published sample. */
export const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-12-02T16:53:06Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/afterglow-dev-PruneEventsRuleSchedule1'],
  detail: {},
};
