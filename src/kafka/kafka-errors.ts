import { RegistryError } from '../common/errors/registry-error';

/**
 * The Kafka area's error codes, in Charter's one vocabulary (RegistryError): 404/409/422/502
 * followed by 70-79, clear of Confluent's codes, the catalogue's 80-89 and access's 90-99.
 */
export const KafkaErrors = {
  clusterNotFound: (name: string) => new RegistryError(40470, `Kafka cluster '${name}' not found`),
  findingNotFound: (id: string) => new RegistryError(40471, `Finding '${id}' not found`),
  scanNotFound: (cluster: string, id: string) => new RegistryError(40472, `Scan '${id}' of Kafka cluster '${cluster}' not found`),
  topicNotFound: (cluster: string, topic: string) =>
    new RegistryError(40473, `Topic '${topic}' not found on Kafka cluster '${cluster}' (or not visible to Charter's principal)`),
  clusterExists: (name: string) => new RegistryError(40970, `Kafka cluster '${name}' already exists`),
  clusterFromEnvironment: (name: string) =>
    new RegistryError(40971, `Kafka cluster '${name}' is defined by the environment (KAFKA_BOOTSTRAP_SERVERS); change it there`),
  invalidCluster: (message: string, errors?: readonly unknown[]) =>
    new RegistryError(42270, message, errors ? { errors } : undefined),
  invalidRequest: (message: string) => new RegistryError(42271, message),
  /** The cluster could not be reached or refused Charter (HTTP 502). */
  kafkaUnavailable: (cluster: string, detail: string) =>
    new RegistryError(50270, `Kafka cluster '${cluster}' could not be used: ${detail}`),
} as const;
