const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else is "not found" without a query (and without a cast error). */
export const isUuid = (value: string): boolean => UUID.test(value);
