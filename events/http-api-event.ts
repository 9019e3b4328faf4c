import * as z from 'zod';

/**
 * API Gateway HTTP API (payload format 2.0): what every HTTP-triggered function receives, on AWS
 * and from the local server alike. Header names arrive lower-cased; repeated headers are joined
 * with commas. Only the fields afterglow reads are listed.
 */
export const HttpApiEventSchema = z.object({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({
    requestId: z.string(),
    timeEpoch: z.number(),
    http: z.object({ method: z.string(), path: z.string(), sourceIp: z.string().default('') }),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
});
export type HttpApiEvent = z.input<typeof HttpApiEventSchema> & {
  /** The request's cookies, as API Gateway v2 hands them (`name=value` each); the local server leaves them in `cookie`. */
  cookies?: string[];
};

export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string>;
  /** Set-Cookie values, one each (API Gateway v2's `cookies`; the local server sends one header per value). */
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * A response whose body is written while it is produced (the testimonial export): `npm start`
 * sends it chunked with backpressure; on AWS a Lambda Function URL in RESPONSE_STREAM mode does.
 * Stopping the iteration early (the client went away) runs the producer's cleanup.
 */
export interface StreamedHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  stream: AsyncIterable<string | Uint8Array>;
}

export const isStreamedResult = (result: HttpApiResult | StreamedHttpResult): result is StreamedHttpResult => 'stream' in result;

/** The body exactly as sent: signatures are computed over these bytes. */
export const rawBodyOf = (event: HttpApiEvent): Buffer =>
  event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

export const jsonResult = (
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});
