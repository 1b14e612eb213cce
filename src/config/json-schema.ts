import { z } from 'zod';
import { configSchema } from './schema';
import { withDescriptions } from './descriptions';

/** The JSON Schema shipped for editors, generated from the same schema that validates, with a description on every field. */
export function configJsonSchema(): Record<string, unknown> {
  // a plain copy: zod may hand out one object for a schema used in several places (the detector policy)
  const schema = JSON.parse(JSON.stringify(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }))) as Record<string, unknown>;
  return withDescriptions({
    $id: 'https://github.com/rollwatch/rollwatch/schema/rollwatch.schema.json',
    title: 'rollwatch configuration',
    description: 'The rollwatch config file (rollwatch.yml). Every field is described in docs/configuration.md and examples/rollwatch.yml.',
    ...schema,
  });
}
