import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames, type TopicNames } from '../../lib/transport/event-log.ts';

const execFileAsync = promisify(execFile);

export interface TestKafka {
  readonly brokers: string;
  /** A prefix of this run's own, so runs against one shared real broker never see each other's events. */
  readonly topicPrefix: string;
  readonly topics: TopicNames;
  /** Settings the local runtime reads: idempotence off on the mock, quick rebalances (DESIGN). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * librdkafka's mock cluster, started through Debian's kcat: it prints its bootstrap address on
 * stderr. With KAFKA_BROKERS set, that real broker is used instead and nothing is started.
 */
export const startKafka = async (): Promise<TestKafka> => {
  const topicPrefix = `t${randomBytes(4).toString('hex')}.`;
  const topics = topicNames(topicPrefix);
  const quickRebalance = { KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '500' };
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    const env: Record<string, string> = { KAFKA_BROKERS: external, AFTERGLOW_TOPIC_PREFIX: topicPrefix, ...quickRebalance };
    // Passed through, so a broker without idempotence support (the mock itself) can be named too.
    if (process.env.KAFKA_IDEMPOTENT) env.KAFKA_IDEMPOTENT = process.env.KAFKA_IDEMPOTENT;
    await createTopics(external, topics);
    return { brokers: external, topicPrefix, topics, env, stop: async () => undefined };
  }
  const { brokers, process: child } = await startMockCluster();
  return {
    brokers,
    topicPrefix,
    topics,
    env: { KAFKA_BROKERS: brokers, KAFKA_IDEMPOTENT: 'false', AFTERGLOW_TOPIC_PREFIX: topicPrefix, ...quickRebalance },
    stop: () => stopProcess(child),
  };
};

export const startMockCluster = (): Promise<{ brokers: string; process: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', 'localhost:1', '-X', 'test.mock.num.brokers=1', '-C', '-t', '_afterglow_mock_keepalive', '-d', 'mock'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat mock cluster did not start: ${seen.slice(0, 500)}`));
    }, 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run kcat (install Debian's kcat): ${error.message}`));
    });
    // Keep draining stderr after start: the mock logs every request and would block on a full pipe.
    child.stderr?.on('data', (chunk: Buffer) => {
      if (started) return;
      seen += chunk.toString('utf8');
      const match = /bootstrap\.servers=(\S+)/.exec(seen);
      if (match?.[1]) {
        started = true;
        clearTimeout(timer);
        resolve({ brokers: match[1], process: child });
      }
    });
  });

export const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
  });

/**
 * A real broker may refuse to auto-create topics: create this run's up front. Brokers that cannot
 * (the librdkafka mock has no controller) auto-create them on first use instead.
 */
const createTopics = async (brokers: string, topics: TopicNames) => {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [topics.orders, topics.feedback, topics.dlq].map((topic) => ({ topic, numPartitions: 4 })),
    });
  } catch {
    // left to auto-creation
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

export interface TopicMessage {
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Every message now on a topic, read with kcat by partition assignment (no consumer group to
 * join, so it takes a second, not a rebalance). Retries until `atLeast` messages are there.
 */
export const readTopic = async (
  brokers: string,
  topic: string,
  options: { atLeast?: number; timeoutMs?: number } = {},
): Promise<TopicMessage[]> => {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const { stdout } = await execFileAsync('kcat', ['-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q'], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const messages = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        const record = JSON.parse(line) as { key: string | null; payload: string | null; headers?: string[]; partition: number; offset: number };
        const headers: Record<string, string> = {};
        for (let index = 0; index + 1 < (record.headers ?? []).length; index += 2) {
          headers[record.headers![index]!] = record.headers![index + 1]!;
        }
        return { key: record.key, value: record.payload ?? '', headers, partition: record.partition, offset: String(record.offset) };
      });
    if (messages.length >= (options.atLeast ?? 0) || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

export interface TopicConsumer {
  /** Every message consumed so far, in arrival order. */
  readonly messages: TopicMessage[];
  /** The first message consumed (now or later) that `matches`. */
  waitFor(matches: (message: TopicMessage) => boolean, what: string, timeoutMs?: number): Promise<TopicMessage>;
  stop(): Promise<void>;
}

/**
 * A kafkajs consumer group of its own reading `topic` from the beginning, as a downstream service
 * would (the mock's rebalances are slow: short session timeout, frequent heartbeats). Resolves
 * once it has joined the group.
 */
export const consumeTopic = async (brokers: string, topic: string): Promise<TopicConsumer> => {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-${randomBytes(4).toString('hex')}`, sessionTimeout: 6_000, heartbeatInterval: 500 });
  const messages: TopicMessage[] = [];
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = String(value);
      messages.push({ key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? '', headers, partition, offset: message.offset });
    },
  });
  await joined;
  return {
    messages,
    async waitFor(matches, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(matches);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on ${topic} (${messages.length} other messages)`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => consumer.disconnect(),
  };
};
