export interface CompromiseAnalysis {
  statements: string[];
  quotes: string[];
  entities: { people: string[]; places: string[]; organizations: string[] };
}

export function compromiseAnalysis(text: string): CompromiseAnalysis;
