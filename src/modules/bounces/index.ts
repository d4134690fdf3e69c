/** What other modules may use of bounces; everything else in this folder is internal. */
export { BouncesModule } from './bounces.module';
