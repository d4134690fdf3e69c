/** What other modules may use of pipeline; everything else in this folder is internal. */
export { PipelineContributions } from './pipeline-contributions';
export type { OverdueItem } from './pipeline-contributions';
export { PipelineModule } from './pipeline.module';
