import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { GracefulShutdown } from './ops/lifecycle/graceful-shutdown';
import { StartupError } from './ops/lifecycle/startup-error';
import { JSON_LOGGER, type JsonLogger } from './ops/logging/json-logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const app = await createApp(config);
  app.get(GracefulShutdown).handleSignals(app);
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (e) {
    throw new StartupError(`PORT=${config.PORT} HOST=${config.HOST}: cannot listen: ${(e as Error).message}`);
  }
  const { port } = app.getHttpServer().address() as { port: number };
  // Logged at every level but silent: operators and the tests wait for this line.
  if (config.LOG_LEVEL !== 'silent') {
    app.get<JsonLogger>(JSON_LOGGER).child({}, { level: 'info' }).info(`Charter listens on http://${config.HOST}:${port} (API, /docs)`);
  }
}

main().catch((e) => {
  console.error(e instanceof StartupError ? e.message : e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
