/** What other modules may use of series; everything else in this folder is internal. */
export { SecretariatDirectory } from './secretariat-directory';
export { SeriesModule } from './series.module';
export { SeriesService } from './series.service';
