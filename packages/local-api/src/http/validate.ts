/** Compiled TypeBox validators that turn the first schema violation into a 400 with its path. */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ApiError } from '@tkauth/wire';

export type Validator<T extends TSchema> = (value: unknown, where: string) => Static<T>;

export function compileValidator<T extends TSchema>(schema: T): Validator<T> {
  const check = TypeCompiler.Compile(schema);
  return (value, where) => {
    if (check.Check(value)) return value;
    const first = check.Errors(value).First();
    const at = first ? `${where}${first.path}` : where;
    throw new ApiError('ERR_REQUEST_INVALID', `${at}: ${first?.message ?? 'does not match the schema'}`);
  };
}
