import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { AppConfig } from '../config/app-config.service.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import type { EventTopic } from './pubsub.tokens.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * GraphQL subscription events fan out through Redis, so an event raised in a worker reaches
 * subscribers on every API replica. Channels carry the deployment prefix so that two
 * deployments (or two test runs) on one Redis stay apart.
 */
@Injectable()
export class EventBus implements OnApplicationShutdown {
  private readonly pubSub: RedisPubSub;
  private readonly prefix: string;
  private readonly logger = new Logger(EventBus.name);

  constructor(config: AppConfig) {
    const options = { ...redisOptionsFromUrl(config.get('REDIS_URL')), maxRetriesPerRequest: 3 };
    this.prefix = `${config.get('QUEUE_PREFIX')}:events:`;
    this.pubSub = new RedisPubSub({
      connection: options,
      // Without a listener ioredis prints connection errors (e.g. EPIPE during shutdown) to stderr.
      connectionListener: (err) => {
        if (err) this.logger.warn(`event bus Redis: ${err.message}`);
      },
      reviver: (_key, value: unknown) => (typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value),
    });
  }

  async publish<T extends object>(topic: EventTopic, payload: T): Promise<void> {
    await this.pubSub.publish(this.prefix + topic, payload);
  }

  iterator<T>(topic: EventTopic): AsyncIterableIterator<T> {
    return this.pubSub.asyncIterableIterator(this.prefix + topic) as AsyncIterableIterator<T>;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pubSub.close();
  }
}
