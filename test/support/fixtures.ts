import { MODEL_SERIES_NAME, YEAR_SHIFT, modelSeries, replay } from '../../src/cli/model-series';
import { ApiClient } from './test-app';

/**
 * The model series took place in 2019–2020; the manual clock starts at the real time and never
 * goes back, so the fixtures replay it with the same calendar, years shifted into the future
 * (YEAR_SHIFT years; replay(date) moves one date). The data is shared with the dry run.
 */
export { YEAR_SHIFT, replay };

const model = modelSeries(YEAR_SHIFT);

/** The model case of the spec: five regional conferences feeding the Second Counter-Terrorism Week. */
export const MODEL_SUMMIT = model.summit;
export const MODEL_REGIONALS = model.regionals;

export async function createModelSeries(api: ApiClient) {
  const series = await api.post('/api/series', { name: MODEL_SERIES_NAME, summit: MODEL_SUMMIT });
  if (series.status !== 201) throw new Error(`series: ${series.status} ${series.text}`);
  const regionals = [];
  for (const conference of MODEL_REGIONALS) {
    const created = await api.post(`/api/series/${series.body.id}/conferences`, conference);
    if (created.status !== 201) throw new Error(`conference: ${created.status} ${created.text}`);
    regionals.push(created.body);
  }
  return { series: series.body, summit: series.body.summit, regionals };
}
