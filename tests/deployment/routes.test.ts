import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FUNCTION_URL_ROUTES, HTTP_ROUTES, kafkaConsumers, SCHEDULES, SQS_CONSUMERS } from '../../lib/local/routes.ts';
import { topicNames } from '../../lib/transport/event-log.ts';
import { REPO_ROOT } from '../support/shared.ts';

interface ServerlessFunction {
  handler: string;
  events?: string | Record<string, unknown>[];
  url?: boolean | { invokeMode?: string };
}
const serverless = parse(readFileSync(resolve(REPO_ROOT, 'serverless.yml'), 'utf8')) as {
  functions: Record<string, ServerlessFunction>;
};
const yamlFile = (path: string) => parse(readFileSync(resolve(REPO_ROOT, path), 'utf8')) as Record<string, { topic: string }>[];

/** `npm start` serves what API Gateway serves and consumes what the event source mappings consume. */
describe('serverless.yml and the local runtime agree', () => {
  it('every httpApi route, with its function, and no other', () => {
    const declared = Object.entries(serverless.functions).flatMap(([name, fn]) =>
      (Array.isArray(fn.events) ? fn.events : [])
        .filter((event) => 'httpApi' in event)
        .map((event) => `${name} ${String(event.httpApi)}`),
    );
    const local = HTTP_ROUTES.map((route) => `${route.functionName} ${route.method} ${route.path}`);
    expect(local.sort()).toEqual(declared.sort());
  });

  it('every Function URL, in its invoke mode, served locally', () => {
    const declared = Object.entries(serverless.functions)
      .filter(([, fn]) => fn.url)
      .map(([name, fn]) => `${name} ${typeof fn.url === 'object' ? (fn.url.invokeMode ?? 'BUFFERED') : 'BUFFERED'}`);
    expect(FUNCTION_URL_ROUTES.map((route) => `${route.functionName} ${route.invokeMode}`).sort()).toEqual(declared.sort());
  });

  it('every Kafka-triggered function, in both Kafka flavours, on the topic the local runtime feeds it', () => {
    const consumers = kafkaConsumers(topicNames());
    for (const [name, fn] of Object.entries(serverless.functions)) {
      if (typeof fn.events !== 'string') continue;
      for (const flavour of ['self-managed', 'msk']) {
        const path = /\$\{file\(\.\/(.+)\)\}/.exec(fn.events.replace('${param:kafka}', flavour))?.[1];
        const [event] = yamlFile(path ?? '');
        const source = event?.kafka ?? event?.msk;
        const consumer = consumers.find((candidate) => candidate.functionName === name);
        expect(consumer, `${name} is consumed locally`).toBeDefined();
        expect(source?.topic.replace('${param:topicPrefix}', '')).toBe(consumer?.topic);
      }
    }
    const declaredKafkaFunctions = Object.entries(serverless.functions).filter(([, fn]) => typeof fn.events === 'string');
    expect(declaredKafkaFunctions.map(([name]) => name).sort()).toEqual(consumers.map((consumer) => consumer.functionName).sort());
  });

  it('every scheduled function, at the rate the local runtime runs it', () => {
    const declared = Object.entries(serverless.functions).flatMap(([name, fn]) =>
      (Array.isArray(fn.events) ? fn.events : []).filter((event) => 'schedule' in event).map((event) => `${name} ${String(event.schedule)}`),
    );
    expect(SCHEDULES.map((schedule) => `${schedule.functionName} ${schedule.rate}`).sort()).toEqual(declared.sort());
    for (const schedule of SCHEDULES) expect(schedule.rate).toBe(schedule.everyMs === 60_000 ? 'rate(1 minute)' : `rate(${schedule.everyMs / 60_000} minutes)`);
  });

  it('every SQS-triggered function is driven by the local runtime from the recovery queue', () => {
    const declared = Object.entries(serverless.functions)
      .filter(([, fn]) => Array.isArray(fn.events) && fn.events.some((event) => 'sqs' in event))
      .map(([name]) => name);
    expect(declared).toEqual(['recovery']);
    expect(SQS_CONSUMERS.map((consumer) => consumer.functionName)).toEqual(declared);
  });

  it('every handler path exists as a module exporting `handler`', async () => {
    for (const fn of Object.values(serverless.functions)) {
      const [file, exported] = fn.handler.split('.');
      const module = (await import(resolve(REPO_ROOT, `${file}.ts`))) as Record<string, unknown>;
      expect(typeof module[exported ?? ''], fn.handler).toBe('function');
    }
  });
});
