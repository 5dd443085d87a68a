import type { BetterAuthOptions } from 'better-auth';
import type { ErasureSubject } from '../service/erase-subject.js';

/**
 * What the plugin needs to erase a user before Better Auth deletes them: `SecurityEventsService`
 * (`hasIntegrity`, `eraseUserPersonalData`). A sink without them never erases.
 *
 * @example
 * ```ts
 * const eraser: UserEraser = new SecurityEventsService({ database, integrity });
 * ```
 */
export interface UserEraser {
  readonly hasIntegrity?: boolean;
  eraseUserPersonalData?(subject: ErasureSubject): Promise<unknown>;
}

type DatabaseHooks = NonNullable<BetterAuthOptions['databaseHooks']>;

/**
 * Better Auth database hooks that, with a tamper-evident log (`integrity`), erase a user's
 * personal data from the audit log before the user row is deleted (`/delete-user`, its callback,
 * the admin plugin's removal, any `internalAdapter.deleteUser`): the spec's cascade is replaced by
 * a guard trigger that refuses the delete while events still name the user. If the erasure fails
 * the hook throws, so the user is not deleted. Undefined without `integrity` (the cascade deletes
 * the events).
 *
 * @example
 * ```ts
 * init: () => ({ options: { databaseHooks: eraseOnUserDelete(service, (email) => email) } })
 * ```
 */
export function eraseOnUserDelete(
  service: UserEraser,
  email: (value: unknown) => string | undefined,
): DatabaseHooks | undefined {
  const erase = service.eraseUserPersonalData?.bind(service);
  if (service.hasIntegrity !== true || erase === undefined) return undefined;
  return {
    user: {
      delete: {
        before: async (user) => {
          // The email as the plugin logs it (`metadata.email` of anonymous attempts, e.g. a failed
          // sign-in before sign-up); the service derives its stored form.
          const logged = email(user.email);
          await erase({ userId: user.id, ...(logged === undefined ? {} : { email: logged }) });
        },
      },
    },
  };
}
