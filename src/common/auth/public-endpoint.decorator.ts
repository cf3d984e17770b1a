import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ENDPOINT = 'arrowhead:public';

/**
 * An operational endpoint outside the Arrowhead API (health probes, metrics), reachable without
 * an Arrowhead identity: probes and scrapers have none. Keep it off the public network.
 */
export const PublicEndpoint = () => SetMetadata(PUBLIC_ENDPOINT, true);
