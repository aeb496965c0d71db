import { z } from 'zod';

// The CLI contract's ArticleResult (../shared/contracts/cli.md) as a zod schema, so that the shape outside
// evaluators script against is checked in tests rather than trusted. Extension fields are allowed
// (the contract says "extend, don't break"), hence no .strict().

const span = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };
const textSpan = z.object({ text: z.string(), ...span });

export const articleResultSchema = z.object({
  source: z.string(),
  article: z.object({
    id: z.string().min(1),
    title: z.string().nullable(),
    text: z.string(),
    contentHash: z.string().min(1),
    language: z.string().nullable(),
    publishedAt: z.string().nullable(),
  }),
  statements: z.array(
    z.object({ id: z.string(), index: z.number().int().nonnegative(), text: z.string(), ...span }),
  ),
  quotes: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['direct', 'indirect', 'mixed']),
      text: z.string(),
      ...span,
      statementIndex: z.number().int().nonnegative(),
      cue: textSpan.nullable(),
      speaker: z.object({
        mention: z.string().nullable(),
        start: z.number().int().nullable(),
        end: z.number().int().nullable(),
        name: z.string().nullable(),
        entityId: z.string().nullable(),
        resolution: z.enum(['name', 'pronoun', 'description', 'unresolved']),
      }),
      // Extension: the quoted pieces when the attribution interrupts them (split quotes).
      parts: z.array(z.object(span)).min(2).optional(),
    }),
  ),
  entities: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['PERSON', 'ORGANIZATION', 'LOCATION', 'NATIONALITY', 'DATE', 'MISC']),
      name: z.string(),
      aliases: z.array(z.string()),
      mentions: z.array(
        z.object({ text: z.string(), ...span, statementIndex: z.number().int().nonnegative() }),
      ),
    }),
  ),
});

export const articleErrorLineSchema = z.object({
  source: z.string(),
  error: z.object({ code: z.string().min(1), message: z.string().min(1) }),
});
