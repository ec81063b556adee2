import { RegistryError } from '../common/errors/registry-error';

/**
 * The Kafka area's error codes, in Charter's one vocabulary (RegistryError): 404/409/422/502
 * followed by 90-99, clear of Confluent's codes and of the catalogue's 80-89.
 */
export const KafkaErrors = {
  clusterNotFound: (name: string) => new RegistryError(40490, `Kafka cluster '${name}' not found`),
  findingNotFound: (id: string) => new RegistryError(40491, `Finding '${id}' not found`),
  scanNotFound: (cluster: string, id: string) => new RegistryError(40492, `Scan '${id}' of Kafka cluster '${cluster}' not found`),
  topicNotFound: (cluster: string, topic: string) =>
    new RegistryError(40493, `Topic '${topic}' not found on Kafka cluster '${cluster}' (or not visible to Charter's principal)`),
  clusterExists: (name: string) => new RegistryError(40990, `Kafka cluster '${name}' already exists`),
  clusterFromEnvironment: (name: string) =>
    new RegistryError(40991, `Kafka cluster '${name}' is defined by the environment (KAFKA_BOOTSTRAP_SERVERS); change it there`),
  invalidCluster: (message: string, errors?: readonly unknown[]) =>
    new RegistryError(42290, message, errors ? { errors } : undefined),
  invalidRequest: (message: string) => new RegistryError(42291, message),
  /** The cluster could not be reached or refused Charter (HTTP 502). */
  kafkaUnavailable: (cluster: string, detail: string) =>
    new RegistryError(50290, `Kafka cluster '${cluster}' could not be used: ${detail}`),
} as const;
