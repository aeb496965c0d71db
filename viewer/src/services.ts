// What every page reaches: the configuration, the query API client and the live event stream.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { QueryApi } from './api.js';
import type { ViewerConfig } from './config.js';
import type { LiveEvents } from './live.js';

export interface Services {
  config: ViewerConfig;
  api: QueryApi | null;
  live: LiveEvents;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('No services: render inside <App>.');
  return services;
}
