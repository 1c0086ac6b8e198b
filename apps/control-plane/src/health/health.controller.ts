import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { PG_POOL } from '../database/database.tokens.js';
import { MqttService } from '../mqtt/mqtt.service.js';
import { REDIS } from '../queue/redis.tokens.js';

const CHECK_TIMEOUT_MS = 2000;

/** `/health/live`: the process answers. `/health/ready`: PostgreSQL, Redis and the broker all do. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly mqtt: MqttService,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get(['ready', ''])
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.indicators
          .check('postgres')
          .attempt(async () => {
            await this.pool.query('SELECT 1');
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.ping();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () => {
        const session = this.indicators.check('mqtt');
        return this.mqtt.connected ? session.up() : session.down('not connected to the broker');
      },
    ]);
  }
}
