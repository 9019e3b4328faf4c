/**
 * Where text that is not JSON goes wrong, without any of the text. V8's own messages quote up to a
 * dozen characters of the input (`Unexpected token 'a', "ada@exampl"... is not valid JSON`), and
 * they went into dead letters' reasons, logs and replies; a reason must never carry an email, a
 * phone or a customer's words. Only the position survives.
 */
export const jsonSyntaxProblem = (error: unknown): string => {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? 'not JSON' : `not JSON (at position ${position})`;
};
