// The engine's day arithmetic is the service's one module for it, server/domain/dates.ts.
export { coveredDays, dayNumber, formatDay, yearBounds, yearOf } from '../dates.js';
