import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './platform/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await createApp(config);
  if (running.kind === 'http') {
    await running.app.listen(config.port, '0.0.0.0');
  } else {
    await running.app.init();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
