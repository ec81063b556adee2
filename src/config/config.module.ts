import { DynamicModule, Global, Module } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CharterConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CHARTER_CONFIG, useValue: config }], exports: [CHARTER_CONFIG] };
  }
}
