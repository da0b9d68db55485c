import { Logger } from '@aws-lambda-powertools/logger';

/** The structured JSON logger every function shares (Powertools). Level from `POWERTOOLS_LOG_LEVEL`. */
export const logger = new Logger({ serviceName: 'grid-service' });
