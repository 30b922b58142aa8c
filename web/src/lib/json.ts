// Readers of the API's JSON that never throw: a field missing or of another
// type reads as empty, so a page shows "none" where a part is absent instead
// of failing as a whole.
export type Json = Record<string, unknown>;

// A string as given, a number as its digits, anything else as ''.
export const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

// A number, or a numeric string's value; 0 for anything else.
export const number = (value: unknown): number => (typeof value === 'number' ? value : Number(value) || 0);

// The objects of an array; [] for anything that is not an array.
export const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
