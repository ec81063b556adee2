import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { packageInfo } from '../common/package-info';
import { findWebDist, registerWebUi } from './web-ui';

/** The web UI: `web/dist` served under `/ui/` (see web-ui.ts). Plain Fastify routes, outside the API's guards and filters. */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerWebUi(fastify, findWebDist(packageInfo().root));
  }
}
