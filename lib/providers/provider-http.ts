import type { AxiosInstance, AxiosRequestConfig, CreateAxiosDefaults } from 'axios';

/**
 * What the providers call on their axios instance: requests, nothing else (the outbound guard and
 * the correlation are interceptors put on the instance itself, before it is handed out).
 */
export type ProviderHttp = Pick<AxiosInstance, 'request' | 'get'>;

/** A new axios instance, axios imported at that moment: a bundle that never calls out never evaluates it. */
export const createAxios = async (defaults: CreateAxiosDefaults): Promise<AxiosInstance> => (await import('axios')).default.create(defaults);

/**
 * The provider HTTP of a context: the axios instance is made by `make` (axios imported, its
 * interceptors put on) at the first request, then kept. Importing a handler, and an invocation that
 * calls no provider, pay nothing for axios.
 */
export const deferredHttp = (make: () => Promise<AxiosInstance>): ProviderHttp => {
  let instance: Promise<AxiosInstance> | null = null;
  const ready = () => (instance ??= make());
  return {
    request: <T, R, D>(config: AxiosRequestConfig<D>) => ready().then((http) => http.request<T, R, D>(config)),
    get: <T, R, D>(url: string, config?: AxiosRequestConfig<D>) => ready().then((http) => http.get<T, R, D>(url, config)),
  };
};
