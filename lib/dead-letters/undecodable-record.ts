import { InvalidPayloadError } from '../errors.ts';

/** The error name dead letters of Kafka records the envelope could not decode carry (the redrive skips them). */
export const UNDECODABLE_KAFKA_RECORD = 'UndecodableKafkaRecordError';

/** A Kafka record as Lambda delivered it that cannot be decoded (a header that is no bytes, a value that is not base64). */
export class UndecodableKafkaRecordError extends InvalidPayloadError {
  override readonly name: string = UNDECODABLE_KAFKA_RECORD;
}
