import type { KafkaMessage } from './kafka-lambda-event.ts';

/**
 * Records a consumer in this process has already read and decoded (the local kafkajs consumer,
 * the local log, the simulation), handed to a Kafka-triggered function in place of the Lambda
 * event. Building the Lambda shape only to decode it again cost the local pipeline about a twentieth
 * of its CPU (base64 both ways, a zod parse of every record). Only code in this process can make one:
 * an event that arrives as JSON, as Lambda's does, is never an instance of this class, so it is
 * always read as the Lambda event it claims to be and validated in full (lib/batch/process-kafka-event.ts).
 */
export class DecodedKafkaBatch {
  constructor(
    readonly messages: readonly KafkaMessage[],
    /** Where they were read: the brokers, `local`, `simulation`. */
    readonly bootstrapServers: string,
  ) {}
}
