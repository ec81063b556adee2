/**
 * A start that failed for a reason an operator can fix (a database that cannot be reached, a
 * port in use): main.ts prints the message, which names the variable, without a stack trace.
 */
export class StartupError extends Error {}
