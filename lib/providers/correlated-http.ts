import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { CORRELATION_HTTP_HEADER, correlationIdToSend } from '../correlation.ts';
import type { Logger } from '../logger.ts';

const targetOf = (instance: AxiosInstance, config: InternalAxiosRequestConfig | undefined): { method: string; host: string } => {
  try {
    return { method: (config?.method ?? 'get').toUpperCase(), host: new URL(instance.getUri(config)).host };
  } catch {
    return { method: (config?.method ?? 'get').toUpperCase(), host: 'unknown' };
  }
};

/**
 * Every provider call (email, SMS, helpdesk, chat, review platforms) carries the correlation id in
 * an `X-Correlation-Id` request header (providers ignore headers they do not read; Zendesk and
 * Postmark keep request headers in their logs) and is logged with it: method, host and status,
 * never the path or the query (a Slack webhook's path, a Twilio account) nor the body.
 */
export const correlateOutboundHttp = (instance: AxiosInstance, logger: Logger): AxiosInstance => {
  instance.interceptors.request.use((config) => {
    config.headers.set(CORRELATION_HTTP_HEADER, correlationIdToSend());
    return config;
  });
  instance.interceptors.response.use(
    (response: AxiosResponse) => {
      logger.info('provider call', { ...targetOf(instance, response.config), status: response.status });
      return response;
    },
    (error: AxiosError) => {
      logger.info('provider call', { ...targetOf(instance, error.config), status: error.response?.status ?? null, error: error.code ?? error.name });
      return Promise.reject(error);
    },
  );
  return instance;
};
