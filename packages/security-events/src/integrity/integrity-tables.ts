import { qualifiedTable } from '@mana/internal';

/**
 * The qualified names of the integrity tables in a schema.
 *
 * @example
 * ```ts
 * integrityTables('auth').chain; // '"auth".security_event_chain'
 * ```
 */
export function integrityTables(schema: string): { events: string; chain: string; checkpoints: string } {
  return {
    events: qualifiedTable(schema, 'security_events'),
    chain: qualifiedTable(schema, 'security_event_chain'),
    checkpoints: qualifiedTable(schema, 'security_event_checkpoints'),
  };
}
