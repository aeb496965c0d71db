/** The entity types (no zod here: the CLI reads this list at start-up). */
export const ENTITY_TYPES = ['PERSON', 'ORGANIZATION', 'LOCATION', 'NATIONALITY', 'DATE', 'MISC'] as const;
