import { Global, Injectable, Module } from '@nestjs/common';
import DataLoader from 'dataloader';

type LoaderFactory = () => DataLoader<unknown, unknown>;

/** Per-request DataLoader instances, created on first use so unused loaders cost nothing. */
export class RequestLoaders {
  private readonly instances = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly factories: ReadonlyMap<string, LoaderFactory>) {}

  get<K, V>(name: string): DataLoader<K, V> {
    let loader = this.instances.get(name);
    if (!loader) {
      const factory = this.factories.get(name);
      if (!factory) throw new Error(`no DataLoader registered as "${name}"`);
      loader = factory();
      this.instances.set(name, loader);
    }
    return loader as unknown as DataLoader<K, V>;
  }
}

/**
 * Feature modules register batch functions here at start-up; the GraphQL context gives every
 * request fresh loaders, so nested fields of a page cost one query per field, not per row.
 */
@Injectable()
export class LoaderRegistry {
  private readonly factories = new Map<string, LoaderFactory>();

  register<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): void {
    if (this.factories.has(name)) throw new Error(`DataLoader "${name}" registered twice`);
    this.factories.set(name, () => new DataLoader<K, V>(batch));
  }

  forRequest(): RequestLoaders {
    return new RequestLoaders(this.factories);
  }
}

export interface GraphqlContext {
  loaders: RequestLoaders;
}

@Global()
@Module({ providers: [LoaderRegistry], exports: [LoaderRegistry] })
export class DataLoadersModule {}
