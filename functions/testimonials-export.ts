import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStreamedResult, type HttpApiEvent, type HttpApiResult, type StreamedHttpResult } from '../events/http-api-event.ts';
import { streamTestimonialExport } from '../lib/advocacy/testimonial-api.ts';
import { tenantOfExportLink } from '../lib/console/export-link.ts';
import { authenticateTenant } from '../lib/http/authenticate-tenant.ts';
import { createConsoleRepository } from '../lib/store/console-repository.ts';
import { errorReply } from '../lib/http/error-reply.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { assertCleanParams } from '../lib/http/request-params.ts';

/**
 * The whole testimonial export, streamed row by row from the store (`?format&since&until&minScore
 * &product&scope&cursor`, API key): a Lambda Function URL in RESPONSE_STREAM mode on AWS (up to
 * 200 MB, past API Gateway's 6 MB), `GET /export/testimonials` under `npm start`.
 */
export const exportTestimonials = withAppContext(async (event, context): Promise<HttpApiResult | StreamedHttpResult> => {
  try {
    // The console hands out short-lived links (`?link=`) so its pages never hold the API key.
    const { link, ...query } = event.queryStringParameters ?? {};
    const tenant =
      link === undefined
        ? await authenticateTenant(event.headers ?? {}, context.tenants)
        : await tenantOfExportLink(link, { ...context, consoleStore: createConsoleRepository(context.db) });
    assertCleanParams(event);
    return streamTestimonialExport(context, tenant, query);
  } catch (error) {
    return errorReply(error, context.logger);
  }
});

/** What the Node.js Lambda runtime provides to response-streaming handlers (a global, not a module). */
interface LambdaStreaming {
  streamifyResponse(handler: (event: HttpApiEvent, responseStream: Writable) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: Writable, metadata: { statusCode: number; headers: Record<string, string> }): Writable };
}
// The Lambda runtime's global; the AWS SDK also defines an `awslambda` object (without streaming)
// wherever it is loaded, so the functions themselves are what tells the runtime is there.
const runtimeGlobal = (globalThis as { awslambda?: Partial<LambdaStreaming> }).awslambda;
const lambdaStreaming =
  typeof runtimeGlobal?.streamifyResponse === 'function' && runtimeGlobal.HttpResponseStream ? (runtimeGlobal as LambdaStreaming) : undefined;

const streamToLambda = async (event: HttpApiEvent, responseStream: Writable): Promise<void> => {
  const result = await exportTestimonials(event);
  const body = isStreamedResult(result) ? result.stream : [result.body ?? ''];
  const stream = lambdaStreaming?.HttpResponseStream.from(responseStream, { statusCode: result.statusCode, headers: result.headers ?? {} }) ?? responseStream;
  await pipeline(Readable.from(body, { objectMode: false }), stream);
};

/** On Lambda the runtime's `awslambda.streamifyResponse`; elsewhere (tests, `npm start`) the plain handler. */
export const handler = (lambdaStreaming ? lambdaStreaming.streamifyResponse(streamToLambda) : exportTestimonials) as typeof exportTestimonials;
