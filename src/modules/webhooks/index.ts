/** What other modules may use of webhooks; everything else in this folder is internal. */
export { WebhooksModule } from './webhooks.module';
