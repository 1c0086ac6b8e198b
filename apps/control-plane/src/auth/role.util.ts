/** Operator roles, weakest first: each includes everything the ones before it may do. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Whether a key holding `held` may do what needs `required`. */
export const roleAllows = (held: Role, required: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(required);
