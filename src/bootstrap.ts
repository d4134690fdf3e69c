import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig, servesHttp } from './platform/config/app-config';
import { configureHttpApp } from './platform/http/http-app';

/**
 * Fastify for its throughput. maxParamLength: above any request line Node accepts (its headers are
 * capped at 16 KiB), so every path segment reaches its route: an overlong RSVP token gets the usual
 * unknown-link answer, never Fastify's 414.
 * X-Forwarded-For, -Proto and -Host are believed only from TRUSTED_PROXIES; with none, the peer is
 * the client.
 */
export const createHttpAdapter = (config: Pick<AppConfig, 'trustedProxies'>) =>
  new FastifyAdapter({
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { maxParamLength: 64 * 1024 },
  });

export type RunningApp = { kind: 'http'; app: NestFastifyApplication } | { kind: 'worker'; app: INestApplicationContext };

/** Builds the process for its role: an HTTP server (api, all) or a worker context without HTTP. */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const module = AppModule.forRoot(config);
  if (servesHttp(config.role)) {
    const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(config), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await configureHttpApp(app);
    return { kind: 'http', app };
  }
  const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return { kind: 'worker', app };
}
