/**
 * Charter's one error vocabulary: Confluent's error codes. Services throw RegistryError;
 * RegistryExceptionFilter is the only place that turns it (or anything else) into HTTP.
 * The HTTP status is the first three digits of the code (40401 -> 404), or the code itself
 * for plain HTTP codes (409, 415, ...).
 */
export class RegistryError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    /**
     * Extra members of the error body, for the catalogue's answers only (a 422 lists its policy
     * violations). Never sent on the registry's URLs: Confluent's clients reject unknown fields.
     */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  get httpStatus(): number {
    return this.errorCode >= 1000 ? Math.floor(this.errorCode / 100) : this.errorCode;
  }

  toBody(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

/** Constructors for every code Charter answers with, with Confluent's wording. */
export const Errors = {
  subjectNotFound: (subject: string) => new RegistryError(40401, `Subject '${subject}' not found.`),
  versionNotFound: (version: string | number) => new RegistryError(40402, `Version ${version} not found.`),
  schemaNotFound: (detail?: string) => new RegistryError(40403, detail ? `Schema ${detail} not found` : 'Schema not found'),
  subjectSoftDeleted: (subject: string) =>
    new RegistryError(40404, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (subject: string) =>
    new RegistryError(40405, `Subject '${subject}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (subject: string, version: number) =>
    new RegistryError(
      40406,
      `Subject '${subject}' Version ${version} was soft deleted.Set permanent=true to delete permanently`,
    ),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new RegistryError(
      40407,
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
    ),
  subjectConfigNotFound: (subject: string) =>
    new RegistryError(40408, `Subject '${subject}' does not have subject-level compatibility configured`),
  subjectModeNotFound: (subject: string) =>
    new RegistryError(40409, `Subject '${subject}' does not have subject-level mode configured`),
  incompatibleSchema: (code: number, subject: string, details: string[]) =>
    new RegistryError(
      code,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`,
    ),
  invalidSchema: (detail: string) => new RegistryError(42201, detail),
  invalidVersion: (version: string) =>
    new RegistryError(
      42202,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  invalidCompatibilityLevel: () =>
    new RegistryError(
      42203,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    ),
  invalidCompatibilityPolicy: () =>
    new RegistryError(42203, 'Invalid compatibility policy. Valid values are STRICT, LENIENT and LOGICAL'),
  invalidMode: (detail = 'Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.') =>
    new RegistryError(42204, detail),
  operationNotPermitted: (detail: string) => new RegistryError(42205, detail),
  referenceExists: (what: string) => new RegistryError(42206, `One or more references exist to the schema ${what}.`),
  idMismatch: (detail: string) => new RegistryError(42207, detail),
  invalidSubject: (subject: string) => new RegistryError(42208, `The specified subject '${subject}' is not a valid.`),
  schemaTooLarge: (detail: string) => new RegistryError(42209, detail),
  invalidRuleSet: (detail: string) => new RegistryError(42210, detail),
  contextNotEmpty: (context: string) => new RegistryError(42211, `The specified context '${context}' is not empty.`),
  storeError: (detail: string) => new RegistryError(50001, `Error in the backend data store - ${detail}`),
  badRequest: (detail: string) => new RegistryError(400, detail),
  unsupportedMediaType: () => new RegistryError(415, 'HTTP 415 Unsupported Media Type'),
  notAcceptable: () => new RegistryError(406, 'HTTP 406 Not Acceptable'),
  notFound: () => new RegistryError(404, 'HTTP 404 Not Found'),
  methodNotAllowed: () => new RegistryError(405, 'HTTP 405 Method Not Allowed'),
  payloadTooLarge: (limit: number) =>
    new RegistryError(413, `Request body is larger than the limit of ${limit} bytes`),

  // The catalogue's codes (not Confluent's): 404/409/422 followed by 80-89, clear of Confluent's list.
  catalogEntryNotFound: (what: string, key: string) => new RegistryError(40480, `${what} '${key}' not found in the catalogue`),
  catalogEntryExists: (what: string, key: string) => new RegistryError(40980, `${what} '${key}' already exists in the catalogue`),
  catalogEntryInUse: (detail: string) => new RegistryError(40981, detail),
  policyViolation: (message: string, violations: readonly unknown[]) => new RegistryError(42280, message, { violations }),
  invalidCatalogEntry: (message: string, errors?: readonly unknown[]) =>
    new RegistryError(42281, message, errors ? { errors } : undefined),
  invalidPolicy: (message: string) => new RegistryError(42282, message),
  invalidCatalogDocument: (message: string, errors?: readonly unknown[]) =>
    new RegistryError(42283, message, errors ? { errors } : undefined),

  // Access (src/acl). 40101 and 40301 are Confluent's; the rest follow the catalogue's pattern
  // with 90-99 (404/409/422) and 42901 for too many failed sign-ins.
  unauthorized: () => new RegistryError(40101, 'Unauthorized: missing or invalid credentials'),
  forbidden: (operation: string, resource: string) =>
    new RegistryError(40301, `User is denied operation ${operation} on ${resource}`),
  tooManyFailedLogins: (retryAfterSeconds: number) =>
    new RegistryError(42901, `Too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`),
  aclUserNotFound: (name: string) => new RegistryError(40490, `User '${name}' not found`),
  apiKeyNotFound: (id: string) => new RegistryError(40491, `API key '${id}' not found`),
  roleBindingNotFound: (id: string) => new RegistryError(40492, `Role binding '${id}' not found`),
  aclUserExists: (name: string) => new RegistryError(40990, `User '${name}' already exists`),
  roleBindingExists: () => new RegistryError(40991, 'That role binding already exists'),
  invalidAclRequest: (message: string) => new RegistryError(42290, message),
} as const;
