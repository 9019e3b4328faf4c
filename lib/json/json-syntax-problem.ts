/**
 * Where text that is not JSON goes wrong, without any of the text. V8's own messages quote up to a
 * dozen characters of the input (`Unexpected token 'a', "ada@exampl"... is not valid JSON`), and
 * they went into dead letters' reasons, logs and replies; a reason must never carry an email, a
 * phone or a customer's words. Only the position survives (` (at position N)`, or nothing).
 */
export const jsonSyntaxPosition = (error: unknown): string => {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? '' : ` (at position ${position})`;
};

export const jsonSyntaxProblem = (error: unknown): string => `not JSON${jsonSyntaxPosition(error)}`;
