import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AccessHooks } from './acl/access-hooks';
import { AppModule } from './app.module';
import { configureRegistryHttp } from './common/http/registry-http';
import { rewriteContextUrl } from './common/http/context-url';
import { redactUrl, type CharterConfig } from './config/config';
import { HttpFront } from './ops/lifecycle/http-front';
import { StartupError } from './ops/lifecycle/startup-error';
import { createJsonLogger, NestJsonLogger } from './ops/logging/json-logger';
import { RequestObserver } from './ops/request-observer';
import { FastLane } from './registry/fast-lane';
import { PrismaService } from './storage/prisma.service';

/**
 * Builds Charter: NestJS on Fastify (about five times Express's throughput for the lookups
 * serializers make), the database opened and migrated, Confluent's HTTP conventions installed.
 * Used by main.ts and by the tests, so both run the same application.
 */
export async function createApp(config: CharterConfig): Promise<NestFastifyApplication> {
  const logger = createJsonLogger(config);
  // Every request meets HttpFront first (request id, the fast lane, draining); it is plugged
  // in once Nest has built it.
  let front: HttpFront | undefined;
  const adapter = new FastifyAdapter({
    serverFactory: (handler: http.RequestListener) =>
      http.createServer((req, res) => (front ? front.handle(req, res, handler) : handler(req, res))),
    genReqId: (req: http.IncomingMessage) => req.requestId ?? randomUUID(),
    // While a node drains (GracefulShutdown), requests on connections still open are answered.
    return503OnClosing: false,
    bodyLimit: config.MAX_REQUEST_BODY_BYTES,
    // request.ip: the client behind a trusted load balancer (TRUST_PROXY), else the peer.
    trustProxy: config.TRUST_PROXY.enabled ? (address: string) => config.TRUST_PROXY.trusts(address) : false,
    rewriteUrl: (req) => rewriteContextUrl(req.url ?? '/'),
    // Subjects may contain '/' (sent as %2F); Fastify matches on the encoded path, so it stays one parameter.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    bodyParser: false,
    logger: new NestJsonLogger(logger),
    abortOnError: false,
  });
  // Signals are handled by GracefulShutdown (main.ts), which drains HTTP before Nest closes.
  front = app.get(HttpFront);
  // Access control first: its hooks must see every route, and run before the others'.
  app.get(AccessHooks).install(app.getHttpAdapter().getInstance());
  app.get(FastLane).install(app.getHttpAdapter().getInstance());
  app.get(RequestObserver).install(app.getHttpAdapter().getInstance());
  configureRegistryHttp(app.getHttpAdapter().getInstance(), { maxBodyBytes: config.MAX_REQUEST_BODY_BYTES });
  try {
    await app.get(PrismaService).open();
  } catch (e) {
    throw new StartupError(`DATABASE_URL=${redactUrl(config.DATABASE_URL)}: cannot open the database: ${(e as Error).message}`);
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Charter')
      .setDescription("Confluent-compatible Schema Registry and event catalogue")
      .setVersion('1')
      // With authentication on (see README, "Access"): a user or API key over Basic, or a bearer token.
      .addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
      .addSecurityRequirements('basic')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  Logger.log(`Storage: ${app.get(PrismaService).kind}`, 'Charter');
  return app;
}
