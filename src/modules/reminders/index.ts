/** What other modules may use of reminders; everything else in this folder is internal. */
export { RemindersModule } from './reminders.module';
