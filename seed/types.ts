// The rows a generated roster is made of: drizzle insert shapes with every id filled in, so that
// loading the same roster twice finds the same keys.
import type {
  assignments,
  availabilityPeriods,
  deploymentRequests,
  expertExpertise,
  expertLanguages,
  experts,
  requestRoles,
  requestTransitions,
} from '../schema/index.js';

import type { DeploymentMode, Gender, Proficiency } from '../schema/index.js';
export type { DeploymentMode, Gender, Proficiency };

export type ExpertRow = typeof experts.$inferInsert & { id: string };
export type ExpertLanguageRow = typeof expertLanguages.$inferInsert;
export type ExpertExpertiseRow = typeof expertExpertise.$inferInsert;
export type AvailabilityPeriodRow = typeof availabilityPeriods.$inferInsert & { id: string };
export type DeploymentRequestRow = typeof deploymentRequests.$inferInsert & { id: string };
export type RequestRoleRow = typeof requestRoles.$inferInsert & { id: string };
export type AssignmentRow = typeof assignments.$inferInsert & { id: string };
/** Transitions take their serial id from the database, in the order they are inserted. */
export type RequestTransitionRow = Omit<typeof requestTransitions.$inferInsert, 'id'>;

export interface Roster {
  experts: ExpertRow[];
  expertLanguages: ExpertLanguageRow[];
  expertExpertise: ExpertExpertiseRow[];
  availabilityPeriods: AvailabilityPeriodRow[];
  deploymentRequests: DeploymentRequestRow[];
  requestRoles: RequestRoleRow[];
  assignments: AssignmentRow[];
  requestTransitions: RequestTransitionRow[];
}

export const AREAS = [
  'PROCESS_DESIGN',
  'CONSTITUTION_MAKING',
  'POWER_SHARING',
  'SECURITY_ARRANGEMENTS',
  'NATURAL_RESOURCES',
  'GENDER_INCLUSION',
  'TRANSITIONAL_JUSTICE',
  'ELECTORAL_DISPUTES',
  'CONFLICT_ANALYSIS',
  'DIALOGUE_FACILITATION',
] as const;
export type Area = (typeof AREAS)[number];

export const PROFICIENCY_RANK: Readonly<Record<Proficiency, number>> = { BASIC: 0, WORKING: 1, FLUENT: 2, NATIVE: 3 };

/** What the request generator needs to know about an expert to staff a seat plausibly. */
export interface Profile {
  id: string;
  gender: Gender;
  standby: boolean;
  nationalities: string[];
  languages: Map<string, Proficiency>;
  expertise: Map<Area, number>;
  /** Day numbers (days since 1970-01-01); null when missing. */
  securityUntil: number | null;
  medicalUntil: number | null;
  maxDays: number;
  /** UNAVAILABLE periods as inclusive [start, end] day numbers. */
  unavailable: [number, number][];
}
