import { z } from 'zod';
import { configSchema } from './schema';

/** The JSON Schema shipped for editors, generated from the same schema that validates. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'https://github.com/rollwatch/rollwatch/schema/rollwatch.schema.json', title: 'rollwatch configuration', ...schema };
}
