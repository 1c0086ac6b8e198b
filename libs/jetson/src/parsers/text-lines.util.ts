/** Lines of tool output: CRLF/CR tolerant, NULs dropped, each trimmed. Non-strings read as empty. */
export const toLines = (text: unknown): string[] =>
  (typeof text === 'string' ? text : '')
    .replace(/\0/g, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim());
