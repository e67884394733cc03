import type { z } from 'zod';

/** What this walk reads of a zod schema's definition (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schemas a value at `path` below `schema` is checked against: several for a union. */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const def = defOf(schema);
  // Wrappers that check the same value: optional, default, nullable, readonly, a pipe's input.
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  if (inner !== undefined) return schemasAt(inner, path);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => schemasAt(option, path));
  const [head, ...rest] = path;
  if (head === undefined) return [schema];
  if (def.type === 'object') {
    const child = def.shape?.[String(head)];
    return child === undefined ? [] : schemasAt(child, rest);
  }
  if (def.type === 'array' && def.element !== undefined) return schemasAt(def.element, rest);
  if (def.type === 'record' && def.valueType !== undefined) return schemasAt(def.valueType, rest);
  return [];
}

/**
 * The field names an object at `path` (a zod issue's path: keys and array indices) may hold under
 * `schema`, read from the schema itself, so that "did you mean" hints can never drift from it.
 * Empty where the path leads to no object.
 */
export function schemaKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = schemasAt(schema, path).flatMap((found) => {
    const def = defOf(found);
    return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
  });
  return [...new Set(keys)];
}
