import * as http from 'node:http';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { configureRegistryHttp } from './common/http/registry-http';
import { rewriteContextUrl } from './common/http/context-url';
import type { CharterConfig } from './config/config';
import { FastLane } from './registry/fast-lane';
import { PrismaService } from './storage/prisma.service';

const LEVELS: Record<CharterConfig['LOG_LEVEL'], LogLevel[] | false> = {
  silent: false,
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds Charter: NestJS on Fastify (about five times Express's throughput for the lookups
 * serializers make), the database opened and migrated, Confluent's HTTP conventions installed.
 * Used by main.ts and by the tests, so both run the same application.
 */
export async function createApp(config: CharterConfig): Promise<NestFastifyApplication> {
  // Lookups by id that are already rendered skip the framework (see FastLane); the lane is
  // plugged in once Nest has built it.
  let fastLane: FastLane['tryServe'] | undefined;
  const adapter = new FastifyAdapter({
    serverFactory: (handler: http.RequestListener) =>
      http.createServer((req, res) => {
        if (fastLane && fastLane(req, res)) return;
        handler(req, res);
      }),
    bodyLimit: config.MAX_REQUEST_BODY_BYTES,
    rewriteUrl: (req) => rewriteContextUrl(req.url ?? '/'),
    // Subjects may contain '/' (sent as %2F); Fastify matches on the encoded path, so it stays one parameter.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: LEVELS[config.LOG_LEVEL],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  fastLane = app.get(FastLane).tryServe;
  app.get(FastLane).install(app.getHttpAdapter().getInstance());
  configureRegistryHttp(app.getHttpAdapter().getInstance(), { maxBodyBytes: config.MAX_REQUEST_BODY_BYTES });
  await app.get(PrismaService).open();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Charter')
      .setDescription("Confluent-compatible Schema Registry and event catalogue")
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  Logger.log(`Storage: ${app.get(PrismaService).kind}`, 'Charter');
  return app;
}
