// The facts the engine evaluates: one person's records, as plain data. The store gathers
// them (for one person or the whole population at once); the engine never reads the database.
import type { Category, CredentialStatus, Domain, Education, Field, ScreeningType } from '../schemas/common.js';

export interface PersonInfo {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  birth_date: string | null;
  education: Education | null;
  hire_date: string | null;
  site: string | null;
  supervisor_id: string | null;
  lived_experience: boolean | null;
  status: 'active' | 'inactive';
}

export interface HourFact {
  date: string;
  /** Last day covered; equals `date` for a one-day entry. */
  end: string;
  category: Category;
  hours: number;
  domain: Domain | null;
  supervised: boolean | null;
  paid: boolean | null;
  topic: string | null;
}

export interface ExamFact { exam: string; date: string; result: 'pass' | 'fail'; score: number | null }
export interface CredentialFact {
  code: string;
  number: string | null;
  issued_on: string;
  expires_on: string | null;
  status: CredentialStatus;
  /** When the credential lapsed or was revoked (status lapsed/revoked). */
  status_on: string | null;
  /** Start of the current CEU cycle: the issue date or the last renewal's cycle start. */
  cycle_start: string;
  /**
   * What renewals replaced, oldest first: before `until` (a renewal's date) the cycle began on
   * `cycle_start` and the credential was valid through `expires_on`. Absent when never renewed.
   */
  history?: CredentialEra[];
}
export interface CredentialEra { until: string; cycle_start: string; expires_on: string | null }
export interface PositionFact { position: string; start: string; end: string | null; field: Field | null; supervised: boolean | null }
export interface EvaluationFact { date: string; rating: 'satisfactory' | 'unsatisfactory' }
export interface ScreeningFact { type: ScreeningType; date: string; result: 'pass' | 'fail'; expires_on: string | null }
export interface ApprovalFact { progression: string; date: string }

export interface PersonFacts {
  person: PersonInfo;
  hours: HourFact[];
  exams: ExamFact[];
  credentials: CredentialFact[];
  positions: PositionFact[];
  evaluations: EvaluationFact[];
  screenings: ScreeningFact[];
  approvals: ApprovalFact[];
}

export function emptyFacts(person: PersonInfo): PersonFacts {
  return { person, hours: [], exams: [], credentials: [], positions: [], evaluations: [], screenings: [], approvals: [] };
}

export function displayName(p: PersonInfo): string {
  if (p.first_name && p.last_name) return `${p.first_name} ${p.last_name}`;
  return p.first_name || p.last_name || p.id;
}
