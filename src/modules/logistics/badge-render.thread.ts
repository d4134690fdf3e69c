/** A badge-drawing thread (see BadgeRenderer): fonts parsed and word layouts kept once per thread. */
import { serveRenders } from '../../platform/documents/render-threads';
import { renderBadge } from './logistics-documents';

serveRenders(renderBadge);
