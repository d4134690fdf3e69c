import { DynamicModule } from '@nestjs/common';
import { AppConfig } from './app-config';

const built = new WeakMap<AppConfig, Map<unknown, DynamicModule>>();

/**
 * One dynamic module object per application config. Nest identifies dynamic modules by reference,
 * so a feature module imported by several others must hand out the same object each time, or its
 * controllers and consumers would be registered once per importer.
 */
export function perConfig(config: AppConfig, module: unknown, build: () => DynamicModule): DynamicModule {
  let modules = built.get(config);
  if (!modules) built.set(config, (modules = new Map()));
  let dynamic = modules.get(module);
  if (!dynamic) modules.set(module, (dynamic = build()));
  return dynamic;
}
