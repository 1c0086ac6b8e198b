import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config.service.js';
import { validateEnv } from './validate-env.js';

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ validate: validateEnv, cache: true, ignoreEnvFile: true })],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
