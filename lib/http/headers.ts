/** Request headers with lower-cased names, as API Gateway's HTTP API hands them to Lambda. */
export type Headers = Readonly<Record<string, string | undefined>>;

/** The first of several header names that is present and not blank (platforms rename headers). */
export const firstHeader = (headers: Headers, ...names: string[]): string | null => {
  for (const name of names) {
    const value = headers[name.toLowerCase()]?.trim();
    if (value) return value;
  }
  return null;
};
