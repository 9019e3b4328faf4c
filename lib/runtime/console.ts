import type { ConsoleDeps } from '../console/console-app.ts';
import { createConsoleRepository } from '../store/console-repository.ts';
import { createTimelineRepository } from '../store/timeline-repository.ts';
import type { AppContext } from './app-context.ts';

/**
 * What the console function needs, from the process's context. The export link points at the
 * streamed export: its own Function URL on Lambda (TESTIMONIAL_EXPORT_URL), `/export/testimonials`
 * under `npm start`.
 */
export const consoleDeps = (context: AppContext): ConsoleDeps => ({
  ...context,
  consoleStore: createConsoleRepository(context.db),
  timelines: createTimelineRepository(context.db),
  exportUrl: context.config.env.TESTIMONIAL_EXPORT_URL ?? `${context.config.publicBaseUrl}/export/testimonials`,
  secureCookies: context.config.publicBaseUrl.startsWith('https://'),
  logger: context.logger.child({ function: 'console' }),
});
