/**
 * JSON numbers exactly as written, where a float would change them (docs/design.md §4 "Report IDs"): an integer
 * beyond 2^53 (a report number such as 9007199254740993, a 17-digit account ID) is kept as its digit string,
 * never rounded through a double. Smaller numbers stay numbers. Shared by the JSON reader (stream-json tokens)
 * and the JSONL reader (a line holding a run of 16 or more digits is parsed by tokens instead of JSON.parse).
 */
import { Assembler } from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';

const LONG_INTEGER = /^-?\d{16,}$/;

/** The token as the assembler should see it: an integer a double cannot hold exactly becomes its text. */
export function exactNumberToken(token: Token): Token {
  if (token.name !== 'numberValue' || !LONG_INTEGER.test(token.value as string)) return token;
  return Number.isSafeInteger(Number(token.value)) ? token : ({ name: 'stringValue', value: token.value } as Token);
}

/** The core tokenizer returns a `many` wrapper, a single token, or the `none` symbol. */
export function tokensOf(result: unknown): readonly Token[] {
  if (typeof result !== 'object' || result === null) return [];
  const many = (result as { values?: unknown }).values;
  return Array.isArray(many) ? (many as Token[]) : [result as Token];
}

const DIGIT_RUN = /\d{16}/;

/** JSON.parse, except that a text with a long digit run is assembled from tokens with exact integers. */
export function parseJsonExact(text: string): unknown {
  const value: unknown = JSON.parse(text); // the syntax verdict and its message come from JSON.parse
  if (!DIGIT_RUN.test(text)) return value;
  const tokenize = jsonParser({ streamValues: false });
  const assembler = new Assembler();
  for (const token of tokensOf(tokenize(`${text}\n`))) assembler.consume(exactNumberToken(token));
  return assembler.done ? assembler.current : value;
}
